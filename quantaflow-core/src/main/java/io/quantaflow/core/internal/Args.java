package io.quantaflow.core.internal;

import java.util.Locale;

/**
 * Argument checks whose messages name the parameter, show the value and state the range:
 * {@code q must be in [2, 2147483647] (got 1)}. Conditions are written positively so that a
 * NaN fails them. Numbers are formatted with {@link Locale#ROOT}, never grouped.
 *
 * <p>Internal to quantaflow-core: the package is not exported by the module.
 */
public final class Args {

  private Args() {}

  public static long inRange(String name, long value, long min, long max) {
    if (value >= min && value <= max) {
      return value;
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "%s must be in [%d, %d] (got %d)", name, min, max, value));
  }

  public static long atLeast(String name, long value, long min) {
    if (value >= min) {
      return value;
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "%s must be >= %d (got %d)", name, min, value));
  }

  public static double finiteAtLeast(String name, double value, double min) {
    if (Double.isFinite(value) && value >= min) {
      return value;
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "%s must be a finite number >= %s (got %s)",
            name, plain(min), plain(value)));
  }

  /**
   * The exception {@link #inRange} throws, with a context naming what fixes the range:
   * {@code planUnits must be in [0, 10] for q = 10, maxTokensPerTick = 1 (got 11)}.
   */
  public static IllegalArgumentException outOfRange(
      String name, long value, long min, long max, String context) {
    return new IllegalArgumentException(String.format(
        Locale.ROOT, "%s must be in [%d, %d] for %s (got %d)", name, min, max, context, value));
  }

  /** An {@link IllegalArgumentException} with a message formatted with {@link Locale#ROOT}. */
  public static IllegalArgumentException fail(String format, Object... args) {
    return new IllegalArgumentException(String.format(Locale.ROOT, format, args));
  }

  public static <T> T notNull(String name, T value) {
    if (value != null) {
      return value;
    }
    throw new IllegalArgumentException(name + " must not be null");
  }

  private static String plain(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new java.math.BigDecimal(Double.toString(value)).toPlainString();
  }
}
