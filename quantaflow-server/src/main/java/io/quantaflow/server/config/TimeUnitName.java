package io.quantaflow.server.config;

import java.util.Locale;

/**
 * The units of the Envoy rate-limit configuration, with their length. As in that service, a
 * month is 30 days and a year 365 days; QuantaFlow refills continuously, so the unit only sets
 * the rate (requests per unit), not a window that resets.
 */
public enum TimeUnitName {
  SECOND(1_000_000_000L),
  MINUTE(60_000_000_000L),
  HOUR(3_600_000_000_000L),
  DAY(86_400_000_000_000L),
  WEEK(7 * 86_400_000_000_000L),
  MONTH(30 * 86_400_000_000_000L),
  YEAR(365 * 86_400_000_000_000L);

  private final long nanos;

  TimeUnitName(long nanos) {
    this.nanos = nanos;
  }

  public long nanos() {
    return nanos;
  }

  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the unit named {@code text} (case-insensitive), or null. */
  public static TimeUnitName parse(String text) {
    for (TimeUnitName unit : values()) {
      if (unit.name().equalsIgnoreCase(text)) {
        return unit;
      }
    }
    return null;
  }
}
