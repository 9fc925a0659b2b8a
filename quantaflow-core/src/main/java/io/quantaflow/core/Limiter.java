package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A rate limiter for one key. Thread-safe, without locks on the path that decides.
 *
 * <p>Each call reads the clock and applies the {@link Admission} rules to the key's state.
 * A denied request takes nothing; {@code tryAcquire(0)} checks without taking; a request for
 * more than the burst says it can never succeed instead of giving a wait.
 *
 * <p>Maintainer's note. The state lives in one {@link Epoch} per tick: the limit, the anchor
 * tick, the carry and the bank as the tick began are fixed, and one counter, {@code taken},
 * counts the tokens taken since. Within the anchor's tick nothing is minted, so a call only
 * moves the counter: taking is one compare-and-set, and a denial or n = 0 writes nothing. A
 * call in another tick seals the epoch (sets the counter's sign bit with an atomic or, which
 * freezes the count: a compare-and-set against the old count now fails), brings a copy of
 * the state up to its tick through the full rules, and publishes the successor. Only the
 * sealer publishes, so callers that meet a sealed epoch wait for the successor, a few
 * instructions away unless the sealer is descheduled; that is the one place a call can
 * wait on another. Should anything between the seal and the publication throw, the epoch's
 * state is republished unchanged, so no caller is left waiting.
 *
 * <p>A call loads the epoch, then reads the clock, so its reading is never older than the
 * state it updates, and a reading before the anchor is a clock that really stepped back (the
 * anchor follows it, as the rules say). A call sent to a successor keeps its one clock
 * reading, because a second reading would cost as much as the rest of the call; that
 * reading may now be older than the successor's anchor, which no longer proves a backward
 * clock, so the retry clamps its tick to the anchor: it mints nothing, moves nothing back,
 * and is decided at a moment no later than the call itself. The epoch caches the
 * nanoseconds of its tick, so a call inside it skips the division that finds the tick.
 * Designs measured against this one are in docs/performance.md.
 */
public final class Limiter {

  /** How {@link #acquire} waits; tests substitute one that moves a manual clock. */
  @FunctionalInterface
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private static final VarHandle TAKEN;

  static {
    try {
      TAKEN = MethodHandles.lookup().findVarHandle(Epoch.class, "taken", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final long SEALED = Long.MIN_VALUE;

  private final Clock clock;
  private final Sleeper sleeper;
  private volatile Epoch epoch;

  /**
   * The key's state for one anchor tick: fixed except for {@code taken}, the tokens taken
   * since the tick began (its sign bit set once sealed). [tickStartNanos, tickEndNanos) are
   * the anchor tick's nanoseconds, saturated at the ends of the range.
   */
  private static final class Epoch {
    final Limit limit;
    final boolean banked;
    final long anchorTick;
    final long startBankTokens;
    final long carryUnits;
    final long tickStartNanos;
    final long tickEndNanos;
    volatile long taken;

    Epoch(Limit limit, Bucket bucket) {
      this.limit = limit;
      this.banked = !limit.isUnlimited() && !limit.admitsNothing();
      this.anchorTick = bucket.anchorTick;
      this.startBankTokens = bucket.bankTokens;
      this.carryUnits = bucket.carryUnits;
      this.tickStartNanos = Tick.startNanos(anchorTick, limit.tickNanos());
      this.tickEndNanos = Tick.startNanos(anchorTick + 1, limit.tickNanos());
    }

    boolean covers(long nowNanos) {
      return nowNanos >= tickStartNanos && nowNanos < tickEndNanos;
    }

    /** The bank after {@code takenTokens} (sign bit clear; at most the starting bank). */
    long bankTokens(long takenTokens) {
      return startBankTokens - takenTokens;
    }

    Bucket toBucket(long takenTokens) {
      Bucket bucket = new Bucket();
      bucket.anchorTick = anchorTick;
      bucket.bankTokens = bankTokens(takenTokens);
      bucket.carryUnits = carryUnits;
      return bucket;
    }

    Decision decision(boolean allowed, long n, long remainingTokens, long nowNanos) {
      return new Decision(allowed, n <= limit.burstTokens(), n, remainingTokens, limit,
          nowNanos, anchorTick, carryUnits);
    }
  }

  /** Creates a limiter under {@code limit} reading {@code clock}; it starts with a full bank. */
  public Limiter(Limit limit, Clock clock) {
    this(limit, clock, TimeUnit.NANOSECONDS::sleep);
  }

  /** Creates a limiter under {@code limit} reading the {@link SystemClock}. */
  public Limiter(Limit limit) {
    this(limit, SystemClock.instance());
  }

  Limiter(Limit limit, Clock clock, Sleeper sleeper) {
    Args.notNull("limit", limit);
    this.clock = Args.notNull("clock", clock);
    this.sleeper = sleeper;
    Bucket bucket = new Bucket();
    bucket.reset(limit, Tick.tickOf(clock.nowNanos(), limit.tickNanos()));
    this.epoch = new Epoch(limit, bucket);
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
    Epoch current = epoch;
    long nowNanos = clock.nowNanos();
    boolean retry = false;
    while (true) {
      Decision decision = current.covers(nowNanos) || (retry && isBefore(current, nowNanos))
          ? decideWithin(current, nowNanos, n)
          : decideAcross(current, nowNanos, n);
      if (decision != null) {
        return decision;
      }
      current = awaitSuccessor(current);
      retry = true;
    }
  }

  private static boolean isBefore(Epoch current, long nowNanos) {
    return nowNanos < current.tickStartNanos;
  }

  /**
   * Decides within the epoch's tick, where nothing is minted, by moving its counter only.
   * Returns null if the epoch is sealed.
   */
  private static Decision decideWithin(Epoch current, long nowNanos, long n) {
    long taken = current.taken;
    if (taken < 0) {
      return null;
    }
    if (!current.banked) {
      return current.toBucket(taken).decideAt(current.limit, nowNanos, current.anchorTick, n,
          false);
    }
    return n == 0 ? current.decision(true, 0, current.bankTokens(taken), nowNanos)
        : take(current, nowNanos, n, taken);
  }

  /**
   * Takes n tokens if banked, by compare-and-set on the counter; a loser yields its core
   * before trying again (two threads on one key: 33 decisions/us, against 22 with an atomic
   * add and 13-16 with a monitor; docs/performance.md). Returns null if the epoch is sealed.
   */
  private static Decision take(Epoch current, long nowNanos, long n, long taken) {
    while (true) {
      long bankTokens = current.bankTokens(taken);
      if (n > bankTokens) {
        return current.decision(false, n, bankTokens, nowNanos);
      }
      if (TAKEN.compareAndSet(current, taken, taken + n)) {
        return current.decision(true, n, bankTokens - n, nowNanos);
      }
      Thread.yield();
      taken = current.taken;
      if (taken < 0) {
        return null;
      }
    }
  }

  /**
   * Decides at another tick (or after a step back of the clock) through the full rules, on
   * a copy of the sealed epoch, and publishes the successor. Returns null if another call
   * sealed the epoch first.
   */
  private Decision decideAcross(Epoch current, long nowNanos, long n) {
    long taken = seal(current);
    if (taken < 0) {
      return null;
    }
    try {
      Bucket bucket = current.toBucket(taken);
      long nowTick = Tick.tickOf(nowNanos, current.limit.tickNanos());
      Decision decision = bucket.decideAt(current.limit, nowNanos, nowTick, n, true);
      epoch = new Epoch(current.limit, bucket);
      return decision;
    } catch (RuntimeException | Error e) {
      reopen(current, taken);
      throw e;
    }
  }

  /** Publishes the sealed epoch's state unchanged, so that a failure strands no caller. */
  private void reopen(Epoch sealed, long taken) {
    epoch = new Epoch(sealed.limit, sealed.toBucket(taken));
  }

  /** Seals the epoch; returns the tokens it counted, or -1 if it was already sealed. */
  private static long seal(Epoch current) {
    long before = (long) TAKEN.getAndBitwiseOr(current, SEALED);
    return before < 0 ? -1 : before;
  }

  /** Waits for the sealer of {@code sealed} to publish its successor, and returns it. */
  private Epoch awaitSuccessor(Epoch sealed) {
    Epoch next;
    for (int spins = 0; (next = epoch) == sealed; spins++) {
      if (spins < 100) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return next;
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
    return epoch.limit;
  }

  /**
   * Changes the limit, keeping the key's bank (capped at the new burst) and carry (rescaled
   * to the new grid); tokens earned under the old plan up to now are kept.
   */
  public void setLimit(Limit newLimit) {
    Args.notNull("limit", newLimit);
    Epoch current = epoch;
    long taken;
    while ((taken = seal(current)) < 0) {
      current = awaitSuccessor(current);
    }
    try {
      Bucket bucket = current.toBucket(taken);
      bucket.changeLimit(current.limit, newLimit, clock.nowNanos());
      epoch = new Epoch(newLimit, bucket);
    } catch (RuntimeException | Error e) {
      reopen(current, taken);
      throw e;
    }
  }

  /** Returns a snapshot of the key's state, without advancing it. */
  public AdmissionState state() {
    Epoch current = epoch;
    long taken;
    while ((taken = current.taken) < 0) {
      current = awaitSuccessor(current);
    }
    return AdmissionState.of(current.anchorTick, current.bankTokens(taken), current.carryUnits);
  }

  @Override
  public String toString() {
    return "Limiter[" + limit() + ", " + state() + "]";
  }
}
