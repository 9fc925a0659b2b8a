package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.util.Locale;

/**
 * A plan that earns the same {@code planUnits} (x_q, in 1/q tokens) at every tick: a rate of
 * {@code planUnits / q} tokens per tick. Zero units is a valid plan that admits nothing.
 */
public final class ConstantPlan extends Plan {

  private final long q;
  private final long planUnits;

  private ConstantPlan(long q, long planUnits) {
    this.q = q;
    this.planUnits = planUnits;
  }

  /**
   * Returns the plan earning {@code planUnits} plan units per tick on grid {@code q}.
   *
   * @throws IllegalArgumentException unless 2 <= q <= 2^31 - 1 and
   *     0 <= planUnits <= 2^20 * q
   */
  public static ConstantPlan of(long q, long planUnits) {
    checkQ(q);
    checkPlanUnits("planUnits", planUnits, q);
    return new ConstantPlan(q, planUnits);
  }

  /** Returns the constant plan of {@code plan}. */
  public static ConstantPlan of(GridPlan plan) {
    Args.notNull("plan", plan);
    return new ConstantPlan(plan.q(), plan.planUnits());
  }

  /** Returns this plan as a {@link GridPlan}. */
  public GridPlan gridPlan() {
    return new GridPlan(q, planUnits);
  }

  @Override
  public long q() {
    return q;
  }

  /** Returns x_q, the plan units earned at every tick. */
  public long planUnits() {
    return planUnits;
  }

  @Override
  public long maxUnitsPerTick() {
    return planUnits;
  }

  @Override
  public long unitsAt(long tick) {
    return planUnits;
  }

  @Override
  long unitsSaturated(long fromTick, long ticks) {
    return saturatedMultiply(ticks, planUnits);
  }

  @Override
  long unitsModQ(long fromTick, long ticks) {
    // Both factors are below q <= 2^31, so the product is below 2^62.
    return Math.floorMod(ticks, q) * (planUnits % q) % q;
  }

  @Override
  long ticksUntilUnits(long fromTick, long units) {
    if (units <= 0) {
      return 0;
    }
    if (planUnits == 0) {
      return Long.MAX_VALUE;
    }
    // units <= 2^62 and planUnits <= 2^51: the sum cannot overflow.
    return (units + planUnits - 1) / planUnits;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConstantPlan that && q == that.q && planUnits == that.planUnits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(q) * 31 + Long.hashCode(planUnits);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d/%d per tick", planUnits, q);
  }
}
