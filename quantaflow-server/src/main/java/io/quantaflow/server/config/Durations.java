package io.quantaflow.server.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short duration and rate texts of the configuration: {@code 1ms}, {@code 10s},
 * {@code 1m} or {@code 1min}, {@code 2h}, {@code 1d}, {@code 100us}; and rates written as
 * tokens per period, {@code 3/10s}, {@code 0.5/s}, {@code 100/1m}.
 */
final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d{0,12})\\s*(us|ms|s|min|m|h|d)");
  private static final Pattern RATE =
      Pattern.compile("\\s*(\\d{1,12}(?:\\.\\d{1,12})?)\\s*/\\s*(.+)");

  private Durations() {}

  /** Returns the nanoseconds of {@code text}, or throws with a message naming what is allowed. */
  static long parseNanos(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "'%s' is not a duration; write a whole number and a unit of us, ms, s, m, h or d,"
              + " like 1ms or 10s", text));
    }
    long count = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
    if (count <= 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "duration '%s' must be > 0", text));
    }
    long unitNanos = switch (m.group(2)) {
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m", "min" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 86_400_000_000_000L;
    };
    if (count > Long.MAX_VALUE / unitNanos) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "duration '%s' is too long (over 292 years)", text));
    }
    return count * unitNanos;
  }

  /** A rate as tokens per period. */
  record Rate(BigDecimal tokens, long periodNanos) {}

  static Rate parseRate(String text) {
    Matcher m = RATE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "'%s' is not a rate; write tokens/period like 3/10s, 0.5/s or 100/1m", text));
    }
    return new Rate(new BigDecimal(m.group(1)), parseNanos(m.group(2)));
  }

  /** Formats nanoseconds in the largest unit that divides them: 1000000 -> 1ms. */
  static String format(long nanos) {
    if (nanos == 0) {
      return "0";
    }
    long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L};
    String[] names = {"d", "h", "m", "s", "ms", "us"};
    for (int i = 0; i < sizes.length; i++) {
      if (nanos % sizes[i] == 0) {
        return (nanos / sizes[i]) + names[i];
      }
    }
    return nanos + "ns";
  }
}
