package io.quantaflow.sim.mint;

import java.util.ArrayDeque;

/**
 * See {@link MintAlgorithm#SLIDING_LOG}. The log holds (tick, count) runs rather than one
 * entry per token, so its size is at most the window in ticks, whatever the rate.
 */
final class SlidingLog implements Minter {

  private final long q;
  private final long windowTicks;
  private final ArrayDeque<long[]> runs = new ArrayDeque<>();
  private long logged;
  private long tick;

  SlidingLog(long q, long windowTicks) {
    this.q = q;
    this.windowTicks = windowTicks;
  }

  @Override
  public long mint(long planUnits) {
    long now = tick++;
    while (!runs.isEmpty() && runs.peekFirst()[0] <= now - windowTicks) {
      logged -= runs.pollFirst()[1];
    }

    long granted = Math.max(0, Windows.limitTokens(planUnits, windowTicks, q) - logged);
    if (granted > 0) {
      runs.addLast(new long[] {now, granted});
      logged += granted;
    }
    return granted;
  }
}
