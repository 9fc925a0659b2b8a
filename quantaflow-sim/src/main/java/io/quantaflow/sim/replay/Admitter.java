package io.quantaflow.sim.replay;

/**
 * One tenant's admission state under one algorithm: asked whether a request may pass.
 * Requests come in time order. Not thread-safe.
 */
public interface Admitter {

  /**
   * Decides a request.
   *
   * @param tick the request's tick, from the trace's origin (>= 0, never decreasing)
   * @param nowNanos the request's time in nanoseconds from the trace's origin
   * @param cost the tokens it asks for, {@code >= 1}
   * @return whether it is admitted; a denied request takes nothing
   */
  boolean admit(long tick, long nowNanos, long cost);
}
