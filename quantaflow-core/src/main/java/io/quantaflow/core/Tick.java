package io.quantaflow.core;

import io.quantaflow.core.internal.Args;

/**
 * Converts clock readings to ticks: the one place where nanoseconds become ticks.
 *
 * <p>A tick is the carry rule's step. Its length, {@code tickNanos}, is fixed per limit and
 * lies in [{@link #MIN_TICK_NANOS}, {@link #MAX_TICK_NANOS}] (1 us to 1 day); the default is
 * {@link #DEFAULT_TICK_NANOS} (1 ms). Because {@code tickNanos >= 1000}, every tick index of
 * a {@code long} reading lies within +-2^54, so differences of two ticks never overflow.
 */
public final class Tick {

  /** The shortest tick: 1 microsecond. */
  public static final long MIN_TICK_NANOS = 1_000L;

  /** The longest tick: 1 day. */
  public static final long MAX_TICK_NANOS = 86_400_000_000_000L;

  /** The default tick: 1 millisecond. */
  public static final long DEFAULT_TICK_NANOS = 1_000_000L;

  private Tick() {}

  /**
   * Returns the tick that contains {@code nowNanos}, with floor semantics for negative
   * readings: with 1 ms ticks, -1 ns is in tick -1 and 0 ns is in tick 0.
   */
  public static long tickOf(long nowNanos, long tickNanos) {
    return Math.floorDiv(nowNanos, tickNanos);
  }

  /**
   * Returns the first nanosecond of {@code tick}, or {@link Long#MAX_VALUE} if that moment is
   * past the end of the clock's range.
   */
  public static long startNanos(long tick, long tickNanos) {
    if (startsWithinRange(tick, tickNanos)) {
      return tick * tickNanos;
    }
    return Math.multiplyHigh(tick, tickNanos) < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  /**
   * True if the first nanosecond of {@code tick} is a {@code long} reading, which tells a
   * tick that starts at exactly {@link Long#MAX_VALUE} from one that starts past it.
   */
  static boolean startsWithinRange(long tick, long tickNanos) {
    long high = Math.multiplyHigh(tick, tickNanos);
    long low = tick * tickNanos;
    return (high == 0 && low >= 0) || (high == -1 && low < 0);
  }

  /**
   * Returns the last nanosecond of {@code tick}, a tick that holds some {@code long}
   * reading, or {@link Long#MAX_VALUE} if the tick runs past the end of the range. Unlike
   * {@code startNanos(tick + 1) - 1}, exact when the next tick starts at Long.MAX_VALUE.
   */
  static long lastNanos(long tick, long tickNanos) {
    // A tick that holds a reading ends at or after Long.MIN_VALUE, so this cannot wrap.
    return startsWithinRange(tick + 1, tickNanos) ? (tick + 1) * tickNanos - 1 : Long.MAX_VALUE;
  }

  /** Checks that {@code tickNanos} is within 1 us and 1 day and returns it. */
  public static long checkTickNanos(long tickNanos) {
    return Args.inRange("tickNanos", tickNanos, MIN_TICK_NANOS, MAX_TICK_NANOS);
  }
}
