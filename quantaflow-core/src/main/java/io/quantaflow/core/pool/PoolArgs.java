package io.quantaflow.core.pool;

import java.util.Locale;

/**
 * Argument checks for the pool package, worded like the core's: {@code q must be in [2,
 * 2147483647] (got 1)}. Conditions are written positively; numbers use {@link Locale#ROOT}.
 */
final class PoolArgs {

  private PoolArgs() {}

  static long inRange(String name, long value, long min, long max) {
    if (value >= min && value <= max) {
      return value;
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "%s must be in [%d, %d] (got %d)", name, min, max, value));
  }

  static <T> T notNull(String name, T value) {
    if (value != null) {
      return value;
    }
    throw new IllegalArgumentException(name + " must not be null");
  }
}
