package io.quantaflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 *
 * <p>{@code ·cpuNanos} is the CPU time the benchmark threads got, in nanoseconds per time
 * unit. On a machine shared with other work a thread is often not running; dividing this
 * counter by the score gives CPU nanoseconds per decision, which does not depend on how
 * much of the machine the run got ({@link Ratios} prints both).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Outcomes {

  // Read the thread's CPU clock once per 65536 decisions: about 1 us each time, so well
  // under 0.1 ns per decision, and the same for every implementation.
  private static final long CPU_SAMPLE_MASK = (1 << 16) - 1;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public long allowed;
  public long denied;
  public long cpuNanos;
  private long decisions;
  private long cpuStartNanos;

  @Setup(Level.Iteration)
  public void reset() {
    allowed = 0;
    denied = 0;
    cpuNanos = 0;
    decisions = 0;
    cpuStartNanos = THREADS.getCurrentThreadCpuTime();
  }

  /** Counts one decision and returns it, so the benchmark can also hand it to JMH. */
  boolean record(boolean decision) {
    if (decision) {
      allowed++;
    } else {
      denied++;
    }
    if ((++decisions & CPU_SAMPLE_MASK) == 0) {
      cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
    }
    return decision;
  }
}
