package io.quantaflow.core;

import java.time.Instant;

/**
 * The system's monotonic clock, reading nanoseconds since the Unix epoch.
 *
 * <p>Readings advance with {@link System#nanoTime()} from an origin fixed once, when this
 * class loads, as {@code Instant.now()} at that moment. So the clock is monotonic (it never
 * follows later wall-clock adjustments such as NTP steps), and tick 0 is the epoch, which
 * aligns periodic schedules to UTC days. Over a long uptime the readings may drift from wall
 * time by the drift of the machine's monotonic counter.
 */
public final class SystemClock implements Clock {

  private static final SystemClock INSTANCE = new SystemClock();

  private final long originNanos;

  private SystemClock() {
    Instant now = Instant.now();
    long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.originNanos = epochNanos - System.nanoTime();
  }

  /** Returns the single system clock. */
  public static SystemClock instance() {
    return INSTANCE;
  }

  @Override
  public long nowNanos() {
    return originNanos + System.nanoTime();
  }

  @Override
  public String toString() {
    return "SystemClock";
  }
}
