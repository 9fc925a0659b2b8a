package io.quantaflow.sim.mint;

/**
 * See {@link MintAlgorithm#GCRA}. Times are nanoseconds from the start of tick 0; tick t
 * spans {@code [t*tickNanos, (t+1)*tickNanos)}.
 */
final class Gcra implements Minter {

  private final long q;
  private final long tickNanos;
  private long tick;
  /** The theoretical arrival time of the next cell. */
  private long tatNanos;

  Gcra(long q, long tickNanos) {
    this.q = q;
    this.tickNanos = tickNanos;
  }

  @Override
  public long mint(long planUnits) {
    long startNanos = tick * tickNanos;
    long endNanos = startNanos + tickNanos;
    tick++;
    // A cell due in the past is due now: with tolerance 0 idle time earns nothing.
    tatNanos = Math.max(tatNanos, startNanos);
    if (planUnits == 0) {
      return 0;
    }

    // The interval truncated to whole nanoseconds, and never 0.
    long emissionNanos = Math.max(1, tickNanos * q / planUnits);
    if (tatNanos >= endNanos) {
      return 0;
    }
    long cells = (endNanos - 1 - tatNanos) / emissionNanos + 1;
    tatNanos += cells * emissionNanos;
    return cells;
  }
}
