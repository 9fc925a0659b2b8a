package io.quantaflow.core;

/**
 * A plan on the 1/q grid: {@code planUnits} units of {@code 1/q} token per tick, that is
 * {@code planUnits / q} tokens per tick.
 *
 * @param q the grid, in {@code [2, 2^31 - 1]}
 * @param planUnits the plan per tick in units of 1/q, in {@code [0, 2^20 * q]}
 */
public record GridPlan(long q, long planUnits) {

  public GridPlan {
    CarryRule.checkQ(q);
    CarryRule.checkPlanAlone(q, planUnits);
  }

  /**
   * The smallest M (most tokens per tick) under which a {@link CarryRule} accepts this plan:
   * {@code max(1, ceil(planUnits / q))}.
   */
  public long smallestMaxTokensPerTick() {
    return CarryRule.smallestMaxTokensPerTick(q, planUnits);
  }

  /** The same rate as an {@link ExactRate}, reduced. */
  public ExactRate rate() {
    return ExactRate.of(planUnits, q);
  }

  @Override
  public String toString() {
    return planUnits + "/" + q + " per tick";
  }
}
