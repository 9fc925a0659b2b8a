package io.quantaflow.sim.mint;

/**
 * See {@link MintAlgorithm#GCRA}. Tick t spans {@code [t*tickNanos, (t+1)*tickNanos)}. The
 * theoretical arrival time (TAT) is held as a tick and nanoseconds into it, and the emission
 * interval T likewise, so no product of ticks and nanoseconds is ever formed: a run of any
 * length, at any tick length and rate, is exact.
 */
final class Gcra implements Minter {

  private final long q;
  private final long tickNanos;
  private final long maxTokensPerTick;
  private long tick;
  /** TAT = tatTick * tickNanos + tatNanos, 0 <= tatNanos < tickNanos. */
  private long tatTick;
  private long tatNanos;
  /** The plan T was last computed for, and T = intervalTicks * tickNanos + intervalNanos. */
  private long intervalPlanUnits = -1;
  private long intervalTicks;
  private long intervalNanos;

  Gcra(long q, long maxTokensPerTick, long tickNanos) {
    this.q = q;
    this.tickNanos = tickNanos;
    this.maxTokensPerTick = maxTokensPerTick;
  }

  @Override
  public long mint(long planUnits) {
    long now = tick++;
    // A cell due in the past is due now: with tolerance 0 idle time earns nothing.
    if (tatTick < now) {
      tatTick = now;
      tatNanos = 0;
    }
    if (planUnits == 0 || tatTick > now) {
      return 0;
    }
    setInterval(planUnits);

    long cells = 0;
    while (tatTick == now && cells < maxTokensPerTick) {
      if (intervalTicks == 0) {
        // Several cells may fall in this tick: take them all at once, up to M.
        long due = Math.min(maxTokensPerTick - cells,
            (tickNanos - 1 - tatNanos) / intervalNanos + 1);
        cells += due;
        tatNanos += due * intervalNanos;
      } else {
        cells++;
        tatTick += intervalTicks;
        tatNanos += intervalNanos;
      }
      tatTick += tatNanos / tickNanos;
      tatNanos %= tickNanos;
    }
    return cells;
  }

  /** T = tick*q/x_q truncated to whole nanoseconds, and never 0. */
  private void setInterval(long planUnits) {
    if (planUnits == intervalPlanUnits) {
      return;
    }
    intervalPlanUnits = planUnits;
    long intervalTotalTicks = q / planUnits;
    long remainderUnits = q % planUnits;
    // T = (q / x) ticks + floor(tickNanos * (q mod x) / x) nanoseconds.
    intervalTicks = intervalTotalTicks;
    intervalNanos = Windows.mulDivFloor(tickNanos, remainderUnits, planUnits);
    if (intervalTicks == 0 && intervalNanos == 0) {
      intervalNanos = 1;
    }
  }
}
