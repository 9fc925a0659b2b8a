package io.quantaflow.sim.mint;

/** See {@link MintAlgorithm#FIXED_WINDOW}. */
final class FixedWindow implements Minter {

  private final long windowTicks;
  private final long maxTokensPerTick;
  private final PlanWindow plan;
  private long tick;
  private long usedTokens;

  FixedWindow(long q, long maxTokensPerTick, long windowTicks) {
    this.windowTicks = windowTicks;
    this.maxTokensPerTick = maxTokensPerTick;
    this.plan = new PlanWindow(q, windowTicks);
  }

  @Override
  public long mint(long planUnits) {
    if (tick % windowTicks == 0) {
      usedTokens = 0;
    }
    tick++;
    plan.add(planUnits);

    long granted = Math.min(maxTokensPerTick, Math.max(0, plan.budgetTokens() - usedTokens));
    usedTokens += granted;
    return granted;
  }
}
