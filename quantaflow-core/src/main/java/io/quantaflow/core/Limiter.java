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
 *
 * <p>Denials of an empty bank skip the monitor. Whenever a decision leaves the bank empty,
 * the limiter publishes that state as an {@link EmptyBank}. A request for n >= 1 tokens
 * whose clock reading falls in the same tick as the published anchor is denied from it
 * without locking: within that tick no token is minted and other callers can only take
 * tokens, of which there are none, and the write it skips (advancing to the anchor's own
 * tick) changes nothing. Any other tick, a limit change, or a decision that leaves a token
 * in the bank sends callers back to the monitor, so at most one locked call a tick.
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
  // Written only under the monitor; null unless the last decision left the bank empty.
  private volatile EmptyBank emptyBank;

  /** An empty bank as a decision left it, under the limit it was decided with. */
  private record EmptyBank(Limit limit, long anchorTick, long carryUnits) {}

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
    // Two threads, every call denied: 16 -> 57 decisions per microsecond (docs/performance.md).
    EmptyBank empty = emptyBank;
    if (empty != null && n > 0) {
      long nowNanos = clock.nowNanos();
      if (Tick.tickOf(nowNanos, empty.limit().tickNanos()) == empty.anchorTick()) {
        return new Decision(false, n <= empty.limit().burstTokens(), n, 0, empty.limit(),
            nowNanos, empty.anchorTick(), empty.carryUnits());
      }
    }

    synchronized (bucket) {
      Decision decision = bucket.decide(limit, clock.nowNanos(), n, true);
      rememberEmptyBank();
      return decision;
    }
  }

  /** Publishes the bank if it is empty, or withdraws an earlier one; under the monitor. */
  private void rememberEmptyBank() {
    boolean empty = bucket.bankTokens == 0 && !limit.isUnlimited() && !limit.admitsNothing();
    if (empty) {
      emptyBank = new EmptyBank(limit, bucket.anchorTick, bucket.carryUnits);
    } else if (emptyBank != null) {
      emptyBank = null;
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
      rememberEmptyBank();
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
