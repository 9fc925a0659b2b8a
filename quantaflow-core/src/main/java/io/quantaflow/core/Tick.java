package io.quantaflow.core;

/** Converts clock readings to ticks: the one place where nanoseconds become ticks. */
public final class Tick {

  private Tick() {}

  /**
   * Returns the tick that contains {@code nowNanos}, with floor semantics for negative
   * readings: with 1 ms ticks, -1 ns is in tick -1 and 0 ns is in tick 0.
   */
  public static long tickOf(long nowNanos, long tickNanos) {
    return Math.floorDiv(nowNanos, tickNanos);
  }
}
