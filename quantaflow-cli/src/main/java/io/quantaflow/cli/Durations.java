package io.quantaflow.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations as people write them on a command line: 1ms, 250us, 0.5s, 10s, 1m. */
final class Durations {

  private static final Pattern TEXT =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m|min|h|d)");

  private Durations() {}

  /**
   * Returns the duration {@code text} names, exactly, or throws an IllegalArgumentException
   * naming the value and the accepted forms.
   */
  static Duration parse(String text) {
    Matcher matcher = TEXT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "duration must be a number and a unit ns, us, ms, s, m, h or d, like 1ms or 0.5s "
              + "(got \"%s\")", text));
    }
    BigDecimal amount = new BigDecimal(matcher.group(1));
    long nanosPerUnit;
    switch (matcher.group(2)) {
      case "ns": nanosPerUnit = 1L; break;
      case "us": case "µs": nanosPerUnit = 1_000L; break;
      case "ms": nanosPerUnit = 1_000_000L; break;
      case "s": nanosPerUnit = 1_000_000_000L; break;
      case "m": case "min": nanosPerUnit = 60_000_000_000L; break;
      case "h": nanosPerUnit = 3_600_000_000_000L; break;
      default: nanosPerUnit = 86_400_000_000_000L; break;
    }
    BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "duration must be a whole number of nanoseconds below 292 years (got \"%s\")", text));
    }
  }

  /** A picocli converter whose error message is {@link #parse}'s. */
  static final class Converter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Formats a duration back the way {@link #parse} reads it, in the largest exact unit. */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L};
    String[] names = {"d", "h", "m", "s", "ms", "us"};
    for (int i = 0; i < units.length; i++) {
      if (nanos != 0 && nanos % units[i] == 0) {
        return nanos / units[i] + names[i];
      }
    }
    return nanos + "ns";
  }
}
