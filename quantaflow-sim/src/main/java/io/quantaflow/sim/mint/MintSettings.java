package io.quantaflow.sim.mint;

import java.util.Locale;

/**
 * What every minting algorithm is given, the same for all of them in one comparison.
 *
 * @param q the grid: plans are whole multiples of 1/q token, in [2, 2^31 - 1]
 * @param maxTokensPerTick M, the most tokens a tick's plan may ask for, in [1, 2^20]
 * @param seed the seed of every random choice (randomized rounding)
 * @param windowTicks the window of the window-based algorithms, in ticks, in
 *     [1, {@link #MAX_WINDOW_TICKS}]: they keep the plan of the last window, 8 bytes a tick
 * @param tickNanos the length of a tick, for the algorithms that keep time in
 *     nanoseconds (GCRA), in [1_000, 86_400_000_000_000]
 */
public record MintSettings(long q, long maxTokensPerTick, long seed, long windowTicks,
    long tickNanos) {

  /** The longest window, 10^7 ticks: the window models then keep at most 80 MB each. */
  public static final long MAX_WINDOW_TICKS = 10_000_000;

  public MintSettings {
    check("q", q, 2, Integer.MAX_VALUE);
    check("maxTokensPerTick", maxTokensPerTick, 1, 1L << 20);
    check("windowTicks", windowTicks, 1, MAX_WINDOW_TICKS);
    check("tickNanos", tickNanos, 1_000, 86_400_000_000_000L);
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must be in [%d, %d] (got %d)", name, min, max, value));
    }
  }
}
