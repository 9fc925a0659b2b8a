package io.quantaflow.core;

import io.quantaflow.core.internal.Args;

/**
 * A plan: how many plan units (1/q of a token) a key earns at each tick.
 *
 * <p>Two kinds exist: a {@link ConstantPlan} earns the same units at every tick and a
 * {@link Schedule} follows a periodic, piecewise-constant timetable. Both share one grid
 * {@code q}. Admission never steps tick by tick: it asks a plan for the units earned over an
 * interval, their value modulo q, and the first tick at which a given number of units has
 * been earned. A constant plan answers in O(1), a schedule in O(log segments).
 *
 * <p>Interval sums may be astronomically large after a long idle gap; they saturate at
 * {@link Long#MAX_VALUE}. Admission only compares them with a bank's deficit, which is at
 * most {@code B * q < 2^62}, so a saturated sum still means exactly "more than enough". The
 * value modulo q is always exact.
 */
public abstract sealed class Plan permits ConstantPlan, Schedule {

  /** The largest grid: q may be at most 2^31 - 1. */
  public static final long MAX_Q = Integer.MAX_VALUE;

  /** The most tokens one tick may emit: 2^20. */
  public static final long MAX_TOKENS_PER_TICK = 1L << 20;

  /** The largest deficit the engine asks a plan about: 2^62 units. */
  static final long MAX_QUERY_UNITS = 1L << 62;

  Plan() {}

  /** Returns the grid: plan units per token. */
  public abstract long q();

  /** Returns the most plan units this plan earns in any single tick. */
  public abstract long maxUnitsPerTick();

  /** Returns the plan units earned at {@code tick}. */
  public abstract long unitsAt(long tick);

  /** Returns true if this plan earns nothing at any tick, so it admits nothing, ever. */
  public final boolean isZero() {
    return maxUnitsPerTick() == 0;
  }

  /**
   * Returns the plan units earned over the {@code ticks} ticks starting at {@code fromTick},
   * saturating at {@link Long#MAX_VALUE}.
   */
  abstract long unitsSaturated(long fromTick, long ticks);

  /** Returns the plan units earned over those ticks, modulo q, exactly. */
  abstract long unitsModQ(long fromTick, long ticks);

  /**
   * Returns the fewest ticks {@code k >= 0}, starting at {@code fromTick}, that earn at least
   * {@code units} plan units ({@code units <= 2^62}); {@link Long#MAX_VALUE} if none do.
   */
  abstract long ticksUntilUnits(long fromTick, long units);

  static long checkQ(long q) {
    return Args.inRange("q", q, 2, MAX_Q);
  }

  static long checkPlanUnits(String name, long planUnits, long q) {
    return Args.inRange(name, planUnits, 0, MAX_TOKENS_PER_TICK * q);
  }

  static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low;
    }
    return Long.MAX_VALUE;
  }

  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
