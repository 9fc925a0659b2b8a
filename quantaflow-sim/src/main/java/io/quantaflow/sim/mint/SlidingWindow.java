package io.quantaflow.sim.mint;

/**
 * See {@link MintAlgorithm#SLIDING_WINDOW}. With r ticks of the current window elapsed,
 * a grant is allowed while {@code previous*(W - r)/W + current < limit}; multiplied by W
 * the test is in integers, so the model has no rounding of its own.
 */
final class SlidingWindow implements Minter {

  private final long q;
  private final long windowTicks;
  private long tick;
  private long previousCount;
  private long currentCount;

  SlidingWindow(long q, long windowTicks) {
    this.q = q;
    this.windowTicks = windowTicks;
  }

  @Override
  public long mint(long planUnits) {
    long elapsedTicks = tick % windowTicks;
    if (elapsedTicks == 0 && tick > 0) {
      previousCount = currentCount;
      currentCount = 0;
    }
    tick++;

    long limit = Windows.limitTokens(planUnits, windowTicks, q);
    // Grants k allowed while previous*(W - r) + (current + k)*W < limit*W.
    long room = Math.subtractExact(Math.multiplyExact(limit - currentCount, windowTicks),
        Math.multiplyExact(previousCount, windowTicks - elapsedTicks));
    long granted = room > 0 ? Math.floorDiv(room + windowTicks - 1, windowTicks) : 0;
    currentCount += granted;
    return granted;
  }
}
