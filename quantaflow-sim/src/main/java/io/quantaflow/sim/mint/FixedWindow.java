package io.quantaflow.sim.mint;

/** See {@link MintAlgorithm#FIXED_WINDOW}. */
final class FixedWindow implements Minter {

  private final long q;
  private final long windowTicks;
  private long tick;

  FixedWindow(long q, long windowTicks) {
    this.q = q;
    this.windowTicks = windowTicks;
  }

  @Override
  public long mint(long planUnits) {
    boolean windowStarts = tick % windowTicks == 0;
    tick++;
    return windowStarts ? Windows.limitTokens(planUnits, windowTicks, q) : 0;
  }
}
