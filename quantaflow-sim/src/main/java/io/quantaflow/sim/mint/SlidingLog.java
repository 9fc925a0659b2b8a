package io.quantaflow.sim.mint;

import java.util.Arrays;

/**
 * See {@link MintAlgorithm#SLIDING_LOG}. The log holds the tokens granted at each of the
 * last W ticks (a ring, at most W entries) rather than one entry per token.
 */
final class SlidingLog implements Minter {

  private final long windowTicks;
  private final long maxTokensPerTick;
  private final PlanWindow plan;
  private long[] grants;
  private long logged;
  private long tick;

  SlidingLog(long q, long maxTokensPerTick, long windowTicks) {
    this.windowTicks = windowTicks;
    this.maxTokensPerTick = maxTokensPerTick;
    this.plan = new PlanWindow(q, windowTicks);
    this.grants = new long[(int) Math.min(16, windowTicks)];
  }

  @Override
  public long mint(long planUnits) {
    int slot = (int) (tick % windowTicks);
    if (tick >= windowTicks) {
      // The grants of tick - W leave the log.
      logged -= grants[slot];
    } else if (tick == grants.length) {
      grants = Arrays.copyOf(grants, (int) Math.min(windowTicks, 2L * grants.length));
    }
    tick++;
    plan.add(planUnits);

    long granted = Math.min(maxTokensPerTick, Math.max(0, plan.budgetTokens() - logged));
    grants[slot] = granted;
    logged += granted;
    return granted;
  }
}
