package io.quantaflow.sim.mint;

/**
 * The plan of the last W ticks, the budget a window-based limiter is configured with.
 *
 * <p>A window limiter promises at most L tokens in any window of W ticks; configured for a
 * plan, L is the plan's tokens over the window, floor(plan(W)), the very quantity the
 * window bound is stated in. When the plan varies, the window that ends at the current
 * tick is the one the limiter can know: ticks before the run's first plan nothing (as the
 * carry rule starts with no carry). Using the current tick's rate times W instead would let
 * a greedy client take the plan's peaks, not its sum.
 *
 * <p>The last min(W, ticks) plans are kept in a ring (8 bytes a tick) and the sum is held
 * as whole tokens plus units below q, so it never overflows.
 */
final class PlanWindow {

  private final long q;
  private final long windowTicks;
  private long[] ring;
  private long ticks;
  private long sumTokens;
  private long sumUnits;

  PlanWindow(long q, long windowTicks) {
    this.q = q;
    this.windowTicks = windowTicks;
    this.ring = new long[(int) Math.min(16, windowTicks)];
  }

  /** Adds the current tick's plan, dropping the plan of the tick W ticks before it. */
  void add(long planUnits) {
    if (ticks >= windowTicks) {
      long leaving = ring[(int) (ticks % windowTicks)];
      sumTokens -= leaving / q;
      sumUnits -= leaving % q;
      if (sumUnits < 0) {
        sumUnits += q;
        sumTokens--;
      }
    } else if (ticks == ring.length) {
      ring = java.util.Arrays.copyOf(ring, (int) Math.min(windowTicks, 2L * ring.length));
    }
    ring[(int) (ticks % windowTicks)] = planUnits;
    ticks++;
    sumTokens += planUnits / q;
    sumUnits += planUnits % q;
    if (sumUnits >= q) {
      sumUnits -= q;
      sumTokens++;
    }
  }

  /** floor(plan of the last W ticks, this one included), in whole tokens. */
  long budgetTokens() {
    return sumTokens;
  }
}
