package io.quantaflow.core;

import io.quantaflow.core.internal.Args;

/**
 * The mutable state of one key and the admission rules that move it. Not thread-safe: the
 * owner ({@link Limiter}, a {@link TenantTable} segment, or {@link Admission} on a copy)
 * serialises access and reads the clock inside its critical section.
 *
 * <p>Maintainer's note. Fields: {@code anchorTick} is the last tick the state was brought up
 * to (its own tick's mint included), {@code bankTokens} is b in [0, B], {@code carryUnits}
 * is E in [0, q). Bringing the state from anchor a to tick t > a adds dS = units earned at
 * ticks a+1..t and sets b = min(B, b + floor((E + dS) / q)), E = (E + dS) mod q: the carry
 * rule applied lazily.
 * Because minted tokens are never negative, capping once at the end equals capping at every
 * tick, so lazy catch-up is exactly tick-by-tick stepping. The cap test compares dS with the
 * deficit (B - b) * q - E < 2^62, so a saturated dS (a gap of years) yields exactly B. A tick
 * t <= a only moves the anchor back to t: a step back mints nothing, and the key keeps
 * earning from the clock's new reading instead of waiting for the old one.
 */
final class Bucket {

  long anchorTick;
  long bankTokens;
  long carryUnits;

  /** Sets the state of a key first seen at {@code nowTick}: (t, B, 0), or (t, 0, 0). */
  void reset(Limit limit, long nowTick) {
    anchorTick = nowTick;
    bankTokens = limit.isUnlimited() || limit.admitsNothing() ? 0 : limit.burstTokens();
    carryUnits = 0;
  }

  void load(AdmissionState state) {
    anchorTick = state.anchorTick();
    bankTokens = state.bankTokens();
    carryUnits = state.carryUnits();
  }

  AdmissionState toState() {
    return AdmissionState.of(anchorTick, bankTokens, carryUnits);
  }

  /** Brings the state up to {@code nowTick} under {@code limit}. */
  void advance(Limit limit, long nowTick) {
    if (nowTick > anchorTick && !limit.isUnlimited()) {
      mint(limit.plan(), limit.burstTokens(), nowTick - anchorTick);
    }
    anchorTick = nowTick;
  }

  private void mint(Plan plan, long burstTokens, long ticks) {
    long q = plan.q();
    long deficitUnits = (burstTokens - bankTokens) * q - carryUnits;
    long earnedUnits = plan.unitsSaturated(anchorTick + 1, ticks);
    long newCarry = (carryUnits + plan.unitsModQ(anchorTick + 1, ticks)) % q;
    if (earnedUnits >= deficitUnits) {
      bankTokens = burstTokens;
    } else {
      // earnedUnits < deficitUnits < 2^62, so the sum cannot overflow.
      bankTokens += (carryUnits + earnedUnits) / q;
    }
    carryUnits = newCarry;
  }

  /**
   * Advances to the tick of {@code nowNanos} and decides a request for {@code n} tokens,
   * taking them if allowed and {@code consume} is set. The decision computes its waits
   * only when asked, from the state it captures.
   */
  Decision decide(Limit limit, long nowNanos, long n, boolean consume) {
    checkTokens(n);
    advance(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
    boolean allowed = admits(limit, bankTokens, n);
    if (allowed && consume && isBanked(limit)) {
      bankTokens -= n;
    }
    return decisionOf(limit, allowed, n, nowNanos, anchorTick, bankTokens, carryUnits);
  }

  /** True when the bank decides: the limit is neither unlimited nor a plan of zero. */
  static boolean isBanked(Limit limit) {
    return !limit.isUnlimited() && !limit.admitsNothing();
  }

  /** Whether n tokens are granted from {@code bankTokens} under {@code limit}. */
  static boolean admits(Limit limit, long bankTokens, long n) {
    if (limit.isUnlimited()) {
      return true;
    }
    return limit.admitsNothing() ? n == 0 : n <= bankTokens;
  }

  /** The decision a state anchored at {@code anchorTick} gives, with the bank it leaves. */
  static Decision decisionOf(Limit limit, boolean allowed, long n, long nowNanos,
      long anchorTick, long bankTokens, long carryUnits) {
    if (limit.isUnlimited()) {
      return new Decision(true, true, n, Long.MAX_VALUE, limit, nowNanos, anchorTick, 0);
    }
    if (limit.admitsNothing()) {
      return new Decision(allowed, n == 0, n, 0, limit, nowNanos, anchorTick, 0);
    }
    return new Decision(allowed, n <= limit.burstTokens(), n, bankTokens, limit, nowNanos,
        anchorTick, carryUnits);
  }

  /**
   * Returns the exact nanoseconds from {@code nowNanos} until a bank of {@code bankTokens}
   * with carry {@code carryUnits}, anchored at the tick of {@code nowNanos}, holds
   * {@code tokens}: the start of the first tick whose catch-up covers the deficit. Saturates
   * at {@link Long#MAX_VALUE}.
   */
  static long nanosUntilTokens(Limit limit, long nowNanos, long anchorTick, long bankTokens,
      long carryUnits, long tokens) {
    long deficitTokens = tokens - bankTokens;
    if (deficitTokens <= 0) {
      return 0;
    }
    Plan plan = limit.plan();
    long ticks = plan.ticksUntilUnits(anchorTick + 1, deficitTokens * plan.q() - carryUnits);
    long tick = Plan.saturatedAdd(anchorTick, ticks);
    if (!Tick.startsWithinRange(tick, limit.tickNanos())) {
      return Long.MAX_VALUE;
    }
    long waitNanos = Tick.startNanos(tick, limit.tickNanos()) - nowNanos;
    return waitNanos < 0 ? Long.MAX_VALUE : waitNanos;
  }

  /**
   * Moves this state from limit {@code from} to limit {@code to} at {@code nowNanos},
   * keeping bank and carry: the state is first brought up to now under the old plan, then
   * the bank is capped at the new burst and the carry is rescaled down to the new grid
   * (floor(E * q' / q), so a change never mints). Involving unlimited, the state restarts.
   */
  void changeLimit(Limit from, Limit to, long nowNanos) {
    if (from.isUnlimited() || to.isUnlimited()) {
      reset(to, Tick.tickOf(nowNanos, to.tickNanos()));
      return;
    }
    advance(from, Tick.tickOf(nowNanos, from.tickNanos()));
    anchorTick = Tick.tickOf(nowNanos, to.tickNanos());
    bankTokens = Math.min(bankTokens, to.burstTokens());
    if (from.q() != to.q()) {
      // Both factors are below 2^31: the product fits.
      carryUnits = carryUnits * to.q() / from.q();
    }
  }

  /** Checks the state against {@code limit}: bank at most B, carry below q. */
  static void checkAgainst(AdmissionState state, Limit limit) {
    if (limit.isUnlimited()) {
      return;
    }
    Args.inRange("bankTokens", state.bankTokens(), 0, limit.burstTokens());
    Args.inRange("carryUnits", state.carryUnits(), 0, limit.q() - 1);
  }

  static long checkTokens(long n) {
    return Args.atLeast("n", n, 0);
  }
}
