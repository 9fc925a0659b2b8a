package io.quantaflow.sim.replay;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How a trace writes its times. */
public enum TimeUnit {
  /** Seconds, whole or decimal, from any origin (Unix time in practice). */
  SECONDS("s"),
  /** Milliseconds, whole or decimal. */
  MILLIS("ms"),
  /** ISO-8601 timestamps; without an offset they are read as UTC. */
  ISO("iso");

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

  private final String cliName;

  TimeUnit(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /**
   * Parses a name: {@code s}, {@code ms}, {@code iso}.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static TimeUnit parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (TimeUnit unit : values()) {
      if (unit.cliName.equals(name)) {
        return unit;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "time unit must be one of s, ms, iso (got \"%s\")", text));
  }

  /** The unit a time column's name suggests: {@code time_ms} is ms, {@code time_s} is s. */
  static TimeUnit fromColumnName(String column) {
    String name = column.toLowerCase(Locale.ROOT);
    if (name.endsWith("_ms") || name.endsWith("millis")) {
      return MILLIS;
    }
    if (name.endsWith("_s") || name.endsWith("seconds") || name.endsWith("_sec")) {
      return SECONDS;
    }
    return null;
  }

  /** The unit a first value suggests: a number is seconds, anything else ISO. */
  static TimeUnit fromValue(String value) {
    try {
      new BigDecimal(value.trim());
      return SECONDS;
    } catch (NumberFormatException e) {
      return ISO;
    }
  }

  /**
   * Converts one value to nanoseconds since the Unix epoch (or the trace's own origin).
   *
   * @throws IllegalArgumentException saying what the value should look like
   */
  long toNanos(String value) {
    String text = value.trim();
    if (this == ISO) {
      return isoToNanos(text);
    }
    long nanosPerUnit = this == SECONDS ? 1_000_000_000L : 1_000_000L;
    if (isWholeNumber(text)) {
      // Most traces write whole seconds or milliseconds: no BigDecimal needed (measured:
      // a 10^6-row replay spent a fifth of its time here).
      try {
        return Math.multiplyExact(Long.parseLong(text), nanosPerUnit);
      } catch (ArithmeticException e) {
        // Too large for a long in nanoseconds; the general path below says so.
      }
    }
    try {
      BigDecimal nanos = new BigDecimal(text)
          .multiply(this == SECONDS ? NANOS_PER_SECOND : NANOS_PER_MILLI);
      return nanos.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "time \"%s\" is not a number of %s", text,
          this == SECONDS ? "seconds" : "milliseconds"));
    }
  }

  private static boolean isWholeNumber(String text) {
    int length = text.length();
    if (length == 0 || length > 18) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static long isoToNanos(String text) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "time \"%s\" is not an ISO-8601 timestamp like 1995-07-01T00:00:01Z", text));
      }
    }
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
        instant.getNano());
  }
}
