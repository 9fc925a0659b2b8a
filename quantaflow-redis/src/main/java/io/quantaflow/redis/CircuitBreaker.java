package io.quantaflow.redis;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Stops calling Redis while it is failing, so an outage costs callers no wait at all.
 *
 * <p>Closed: every call goes to Redis; {@code failureThreshold} failures in a row open the
 * breaker. Open: no call goes to Redis for {@code openNanos}; the store answers with its
 * failure policy at once. Then half-open: exactly one caller probes Redis; success closes
 * the breaker, failure opens it again. Thread-safe and lock-free; the clock is injected.
 */
final class CircuitBreaker {

  enum State { CLOSED, OPEN, HALF_OPEN }

  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicBoolean probing = new AtomicBoolean();
  /** When the open period ends, in nanoTime; meaningful only while {@code open}. */
  private volatile long openUntilNanos;
  private volatile boolean open;

  CircuitBreaker(int failureThreshold, long openNanos, LongSupplier nanoTime) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "failureThreshold must be >= 1 (got %d)", failureThreshold));
    }
    if (openNanos < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "openNanos must be >= 0 (got %d)", openNanos));
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openNanos;
    this.nanoTime = nanoTime;
  }

  /**
   * Returns true if this call may go to Redis. In the half-open state only one caller at a
   * time gets true; it must report {@link #onSuccess()} or {@link #onFailure()}.
   */
  boolean tryAcquire() {
    if (!open) {
      return true;
    }
    if (nanoTime.getAsLong() - openUntilNanos < 0) {
      return false;
    }
    return probing.compareAndSet(false, true);
  }

  void onSuccess() {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
    if (open) {
      open = false;
      probing.set(false);
    }
  }

  void onFailure() {
    if (open) {
      // A failed probe: another full open period.
      openUntilNanos = nanoTime.getAsLong() + openNanos;
      probing.set(false);
      return;
    }
    if (consecutiveFailures.incrementAndGet() >= failureThreshold) {
      openUntilNanos = nanoTime.getAsLong() + openNanos;
      open = true;
    }
  }

  State state() {
    if (!open) {
      return State.CLOSED;
    }
    return nanoTime.getAsLong() - openUntilNanos < 0 ? State.OPEN : State.HALF_OPEN;
  }
}
