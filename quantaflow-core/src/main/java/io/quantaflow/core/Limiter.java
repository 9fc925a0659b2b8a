package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A rate limiter for one key. Thread-safe.
 *
 * <p>Each call reads the clock and applies the {@link Admission} rules to the key's state.
 * A denied request takes nothing; {@code tryAcquire(0)} checks without taking; a request for
 * more than the burst says it can never succeed instead of giving a wait.
 *
 * <p>Maintainer's note. The state is three longs guarded by one monitor, and the clock is
 * read inside it, after the state, so concurrent callers never see time go backwards
 * relative to the state they update. A lock rather than a compare-and-set loop: a CAS would
 * need either a fresh state object per update (allocation on every call) or the three
 * fields squeezed into one word (the anchor alone needs 55 bits). An uncontended monitor
 * costs about as much as one CAS, and the critical section is a few dozen instructions with
 * no allocation besides the returned decision. This choice was made without measuring it
 * against the alternatives; the benchmarks in quantaflow-bench measure the result.
 */
public final class Limiter {

  /** How {@link #acquire} waits; tests substitute one that moves a manual clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final Bucket bucket = new Bucket();
  private Limit limit;

  /** Creates a limiter under {@code limit} reading {@code clock}; it starts with a full bank. */
  public Limiter(Limit limit, Clock clock) {
    this(limit, clock, TimeUnit.NANOSECONDS::sleep);
  }

  /** Creates a limiter under {@code limit} reading the {@link SystemClock}. */
  public Limiter(Limit limit) {
    this(limit, SystemClock.instance());
  }

  Limiter(Limit limit, Clock clock, Sleeper sleeper) {
    this.limit = Args.notNull("limit", limit);
    this.clock = Args.notNull("clock", clock);
    this.sleeper = sleeper;
    bucket.reset(limit, Tick.tickOf(clock.nowNanos(), limit.tickNanos()));
  }

  /** Asks for one token. */
  public Decision tryAcquire() {
    return tryAcquire(1);
  }

  /**
   * Asks for {@code n} tokens now; takes them if they are banked.
   *
   * @throws IllegalArgumentException if n is negative
   */
  public Decision tryAcquire(long n) {
    Bucket.checkTokens(n);
    synchronized (bucket) {
      return bucket.decide(limit, clock.nowNanos(), n, true);
    }
  }

  /**
   * Takes {@code n} tokens, waiting for them for at most {@code timeout}. Returns at once,
   * denied, if they cannot be banked within the timeout (or ever); otherwise sleeps until the
   * promised moment and asks again, as often as other callers take the tokens first. Waiters
   * are not served in arrival order.
   *
   * @throws IllegalArgumentException if n or the timeout is negative
   * @throws InterruptedException if interrupted while waiting
   */
  public Decision acquire(long n, Duration timeout) throws InterruptedException {
    Bucket.checkTokens(n);
    Args.notNull("timeout", timeout);
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0 (got " + timeout + ")");
    }
    long timeoutNanos = timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE)) < 0
        ? timeout.toNanos() : Long.MAX_VALUE;
    long deadlineNanos = Plan.saturatedAdd(clock.nowNanos(), timeoutNanos);
    while (true) {
      Decision decision = tryAcquire(n);
      if (decision.allowed() || !decision.possible()) {
        return decision;
      }
      long waitNanos = decision.nanosUntilAvailable();
      if (Plan.saturatedAdd(clock.nowNanos(), waitNanos) > deadlineNanos) {
        return decision;
      }
      sleeper.sleepNanos(waitNanos);
    }
  }

  /** Returns the current limit. */
  public Limit limit() {
    synchronized (bucket) {
      return limit;
    }
  }

  /**
   * Changes the limit, keeping the key's bank (capped at the new burst) and carry (rescaled
   * to the new grid); tokens earned under the old plan up to now are kept.
   */
  public void setLimit(Limit newLimit) {
    Args.notNull("limit", newLimit);
    synchronized (bucket) {
      bucket.changeLimit(limit, newLimit, clock.nowNanos());
      limit = newLimit;
    }
  }

  /** Returns a snapshot of the key's state, without advancing it. */
  public AdmissionState state() {
    synchronized (bucket) {
      return bucket.toState();
    }
  }

  @Override
  public String toString() {
    return "Limiter[" + limit() + ", " + state() + "]";
  }
}
