package io.quantaflow.sim;

/**
 * A plan delivered one tick at a time: each call to {@link #nextPlanUnits()} yields the next
 * tick's x_q, the plan in units of 1/q. Sources stream; none holds the whole plan in memory,
 * so a run of 10^8 ticks needs no more memory than a run of ten.
 *
 * <p>Not thread-safe. A source that reads a file must be closed.
 */
public interface PlanSource extends AutoCloseable {

  /** Whether another tick's plan is available. */
  boolean hasNext();

  /**
   * Returns the next tick's plan x_q (units of 1/q, {@code >= 0}).
   *
   * @throws java.util.NoSuchElementException when {@link #hasNext()} is false
   * @throws PlanFileException when a plan file holds a malformed or out-of-range value
   */
  long nextPlanUnits();

  /** Releases what the source holds; generated plans hold nothing. */
  @Override
  default void close() {}
}
