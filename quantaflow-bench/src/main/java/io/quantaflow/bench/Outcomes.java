package io.quantaflow.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Allowed and denied decisions per measured interval, reported by JMH next to the score as
 * {@code ·allowed} and {@code ·denied} (operations per time unit; their sum is the score).
 * They show that each limiter did real work: a limiter that admitted everything at a rate
 * far below its plan, or nothing at all, would stand out here.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Outcomes {

  public long allowed;
  public long denied;

  @Setup(Level.Iteration)
  public void reset() {
    allowed = 0;
    denied = 0;
  }

  /** Counts one decision and returns it, so the benchmark can also hand it to JMH. */
  boolean record(boolean decision) {
    if (decision) {
      allowed++;
    } else {
      denied++;
    }
    return decision;
  }
}
