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
 * moves the counter: taking is one compare-and-set (a loser yields its core, then tries
 * again), and a denial or n = 0 writes nothing. A call in another tick seals the epoch
 * (sets the counter's sign bit with an atomic or, which freezes the count: a compare-and-set
 * against the old count now fails), brings a copy of the state up to its tick (the minting
 * step of the rules), publishes the successor, and then asks the successor's counter like
 * any other call. Only the sealer publishes, so callers that meet a sealed epoch wait for
 * the successor, a few instructions away unless the sealer is descheduled; that is the one
 * place a call can wait on another, and the clock is never read while sealed. Should
 * anything between seal and publication throw, the sealer unseals the epoch unchanged.
 *
 * <p>A call loads the epoch, then reads the clock, so its reading is never older than the
 * state it updates, and a reading before the anchor is a clock that really stepped back (the
 * anchor follows it, as the rules say). A call that meets another caller's successor reads
 * the clock again after loading it: its first reading was taken before that successor
 * existed, and applying it there could move the anchor back (the successor came from a
 * later reading) or forward over ticks the clock has since stepped back from, minting
 * ticks the clock has not walked. A call that publishes the successor itself keeps its
 * reading, from which the successor was made. The epoch caches the nanoseconds of its
 * tick, so a call inside it skips the division that finds the tick, and the decision is
 * built in one place, which lets the compiler keep it off the heap. Designs measured
 * against this one: docs/performance.md.
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
   * since the tick began (its sign bit set once sealed). [tickStartNanos, tickLastNanos] are
   * the anchor tick's nanoseconds within the clock's range.
   */
  private static final class Epoch {
    final Limit limit;
    final boolean banked;
    final long anchorTick;
    final long startBankTokens;
    final long carryUnits;
    final long tickStartNanos;
    final long tickLastNanos;
    volatile long taken;

    Epoch(Limit limit, Bucket bucket) {
      this.limit = limit;
      this.banked = Bucket.isBanked(limit);
      this.anchorTick = bucket.anchorTick;
      this.startBankTokens = bucket.bankTokens;
      this.carryUnits = bucket.carryUnits;
      this.tickStartNanos = Tick.startNanos(anchorTick, limit.tickNanos());
      this.tickLastNanos = Tick.lastNanos(anchorTick, limit.tickNanos());
    }

    boolean covers(long nowNanos) {
      return nowNanos >= tickStartNanos && nowNanos <= tickLastNanos;
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
    while (true) {
      if (!current.covers(nowNanos)) {
        Epoch successor = advance(current, nowNanos);
        if (successor != null) {
          current = successor;
          continue;
        }
      }
      long taken = current.taken;
      if (taken < 0) {
        // Another caller's successor: read the clock again, after loading it.
        current = awaitSuccessor(current);
        nowNanos = clock.nowNanos();
        continue;
      }

      // Within the anchor's tick: nothing is minted, only the counter moves.
      long bankTokens = current.bankTokens(taken);
      boolean allowed = Bucket.admits(current.limit, bankTokens, n);
      boolean takes = allowed && n > 0 && current.banked;
      if (!takes || TAKEN.compareAndSet(current, taken, taken + n)) {
        return Bucket.decisionOf(current.limit, allowed, n, nowNanos, current.anchorTick,
            takes ? bankTokens - n : bankTokens, current.carryUnits);
      }
      // Lost the race; see docs/performance.md for yielding against the alternatives.
      Thread.yield();
    }
  }

  /**
   * Brings the state to the tick of {@code nowNanos} (or back to it, for a clock that
   * stepped back) and publishes it as the successor of {@code current}; returns the
   * successor, or null if another caller sealed {@code current} first.
   */
  private Epoch advance(Epoch current, long nowNanos) {
    long taken = seal(current);
    if (taken < 0) {
      return null;
    }
    try {
      Bucket bucket = current.toBucket(taken);
      bucket.advance(current.limit, Tick.tickOf(nowNanos, current.limit.tickNanos()));
      Epoch successor = new Epoch(current.limit, bucket);
      epoch = successor;
      return successor;
    } catch (RuntimeException | Error e) {
      reopen(current, taken);
      throw e;
    }
  }

  /**
   * Unseals {@code sealed}, restoring its count, so that a failure strands no caller. Only
   * the sealer writes a sealed counter, and this allocates nothing, so it cannot fail itself.
   */
  private static void reopen(Epoch sealed, long taken) {
    TAKEN.setVolatile(sealed, taken);
  }

  /** Seals the epoch; returns the tokens it counted, or -1 if it was already sealed. */
  private static long seal(Epoch current) {
    long before = (long) TAKEN.getAndBitwiseOr(current, SEALED);
    return before < 0 ? -1 : before;
  }

  /**
   * Waits for the sealer of {@code sealed} to publish its successor (or to reopen it) and
   * returns the current epoch.
   */
  private Epoch awaitSuccessor(Epoch sealed) {
    Epoch next;
    for (int spins = 0; (next = epoch) == sealed && sealed.taken < 0; spins++) {
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
   * are not served in arrival order. The time slept never exceeds the timeout, even on a
   * clock that stands still.
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
    // Sleeping is bounded by the timeout too, so a clock that stands still cannot hold a
    // caller past it.
    long sleepBudgetNanos = timeoutNanos;
    while (true) {
      Decision decision = tryAcquire(n);
      if (decision.allowed() || !decision.possible()) {
        return decision;
      }
      long waitNanos = decision.nanosUntilAvailable();
      if (Plan.saturatedAdd(clock.nowNanos(), waitNanos) > deadlineNanos
          || waitNanos > sleepBudgetNanos) {
        return decision;
      }
      sleeper.sleepNanos(waitNanos);
      sleepBudgetNanos -= waitNanos;
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
    long nowNanos = clock.nowNanos();
    long taken;
    // The clock is read before sealing, so no caller waits on the clock.
    while ((taken = seal(current)) < 0) {
      current = awaitSuccessor(current);
      nowNanos = clock.nowNanos();
    }
    try {
      Bucket bucket = current.toBucket(taken);
      bucket.changeLimit(current.limit, newLimit, nowNanos);
      epoch = new Epoch(newLimit, bucket);
    } catch (RuntimeException | Error e) {
      reopen(current, taken);
      throw e;
    }
  }

  /** Returns a snapshot of the key's state, without advancing it. */
  public AdmissionState state() {
    return snapshot().state();
  }

  @Override
  public String toString() {
    Snapshot snapshot = snapshot();
    return "Limiter[" + snapshot.limit() + ", " + snapshot.state() + "]";
  }

  /** The limit and the state of one unsealed epoch, read together. */
  private record Snapshot(Limit limit, AdmissionState state) {}

  private Snapshot snapshot() {
    Epoch current = epoch;
    long taken;
    while ((taken = current.taken) < 0) {
      current = awaitSuccessor(current);
    }
    return new Snapshot(current.limit,
        AdmissionState.of(current.anchorTick, current.bankTokens(taken), current.carryUnits));
  }
}
