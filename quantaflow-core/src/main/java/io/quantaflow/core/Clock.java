package io.quantaflow.core;

/**
 * A monotonic source of time in nanoseconds from a fixed but arbitrary origin.
 *
 * <p>Readings may be negative and are only meaningful relative to each other. The engine
 * converts a reading to a tick in one place ({@link Tick#tickOf(long, long)}).
 */
@FunctionalInterface
public interface Clock {

  /** Returns the current time in nanoseconds from this clock's origin. */
  long nowNanos();
}
