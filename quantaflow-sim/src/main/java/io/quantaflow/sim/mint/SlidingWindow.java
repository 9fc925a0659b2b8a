package io.quantaflow.sim.mint;

/**
 * See {@link MintAlgorithm#SLIDING_WINDOW}. With r ticks of the current window elapsed, a
 * grant is allowed while {@code previous*(W - r)/W + current < limit}; the k-th grant of a
 * tick passes while {@code current + k - 1 < limit - previous*(W - r)/W}, so the tick may
 * grant {@code limit - current - floor(previous*(W - r)/W)} tokens, computed exactly.
 */
final class SlidingWindow implements Minter {

  private final long windowTicks;
  private final long maxTokensPerTick;
  private final PlanWindow plan;
  private long tick;
  private long previousCount;
  private long currentCount;

  SlidingWindow(long q, long maxTokensPerTick, long windowTicks) {
    this.windowTicks = windowTicks;
    this.maxTokensPerTick = maxTokensPerTick;
    this.plan = new PlanWindow(q, windowTicks);
  }

  @Override
  public long mint(long planUnits) {
    long elapsedTicks = tick % windowTicks;
    if (elapsedTicks == 0 && tick > 0) {
      previousCount = currentCount;
      currentCount = 0;
    }
    tick++;
    plan.add(planUnits);

    long weightedPrevious =
        Windows.mulDivFloor(previousCount, windowTicks - elapsedTicks, windowTicks);
    long room = plan.budgetTokens() - currentCount - weightedPrevious;
    long granted = Math.min(maxTokensPerTick, Math.max(0, room));
    currentCount += granted;
    return granted;
  }
}
