package io.quantaflow.core;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, for tests and simulations. Thread-safe.
 *
 * <p>It may be set anywhere in the {@code long} range, including backwards, so tests can
 * drive the engine across zero, next to {@link Long#MAX_VALUE}, and through clock steps that
 * a real system clock might take.
 */
public final class ManualClock implements Clock {

  private final AtomicLong nowNanos;

  /** Creates a clock reading {@code startNanos}. */
  public ManualClock(long startNanos) {
    this.nowNanos = new AtomicLong(startNanos);
  }

  /** Creates a clock reading 0. */
  public ManualClock() {
    this(0L);
  }

  @Override
  public long nowNanos() {
    return nowNanos.get();
  }

  /** Sets the reading to {@code nanos}, which may be earlier than the current one. */
  public void set(long nanos) {
    nowNanos.set(nanos);
  }

  /**
   * Moves the clock by {@code deltaNanos} (negative moves it back) and returns the new
   * reading.
   *
   * @throws IllegalArgumentException if the new reading would leave the {@code long} range
   */
  public long advance(long deltaNanos) {
    while (true) {
      long before = nowNanos.get();
      long after = before + deltaNanos;
      if (((before ^ after) & (deltaNanos ^ after)) < 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "deltaNanos must keep the clock within the long range (now %d, got %d)",
            before, deltaNanos));
      }
      if (nowNanos.compareAndSet(before, after)) {
        return after;
      }
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + nowNanos.get() + " ns]";
  }
}
