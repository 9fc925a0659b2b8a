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

  /** The shortest and longest tick every command accepts, 1 us and 1 day. */
  static final Duration MIN_TICK = Duration.ofNanos(1_000);
  static final Duration MAX_TICK = Duration.ofDays(1);

  /**
   * Returns {@code tick} in nanoseconds, or throws a BadInputException in the words every
   * command uses: {@code --tick must be in [1us, 1d] (got 0ns)}.
   */
  static long requireTick(String option, Duration tick) {
    if (tick.compareTo(MIN_TICK) < 0 || tick.compareTo(MAX_TICK) > 0) {
      throw new io.quantaflow.sim.BadInputException(String.format(Locale.ROOT,
          "%s must be in [%s, %s] (got %s)", option, format(MIN_TICK), format(MAX_TICK),
          format(tick)));
    }
    return tick.toNanos();
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
