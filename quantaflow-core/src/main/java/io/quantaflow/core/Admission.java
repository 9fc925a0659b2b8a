package io.quantaflow.core;

import io.quantaflow.core.internal.Args;

/**
 * The admission rules as pure functions of (limit, state, clock reading, n).
 *
 * <p>These are the contract that every store replicates decision for decision (the Redis
 * script included):
 *
 * <ol>
 *   <li>A key first seen at tick t starts at (t, B, 0); under a plan of zero, (t, 0, 0).
 *   <li>advance(state, now): if now <= anchor, anchor = now (a step back mints nothing and
 *       never locks the key out). Otherwise, with k = now - anchor and dS the plan units
 *       earned at ticks anchor+1..now: bank = min(B, bank + floor((carry + dS) / q)),
 *       carry = (carry + dS) mod q, anchor = now. For a constant plan dS = k * x_q, and
 *       bank = B exactly when k >= ceil(((B - bank) * q - carry) / x_q).
 *   <li>decide(n): n < 0 is an error naming n. Advance to the tick of the reading, always
 *       (the advanced state is kept even when the request is denied). Then: unlimited
 *       allows; a plan of zero allows only n = 0; n > B is denied and impossible; n <= bank
 *       takes n (n = 0 takes nothing) and is allowed; otherwise denied, taking nothing, with
 *       wait (anchor + k) * tickNanos - now where k = ceil(((n - bank) * q - carry) / x_q)
 *       for a constant plan (the fewest ticks earning the deficit, in general).
 * </ol>
 *
 * <p>The window guarantee that follows (docs/math.md, "Admission"): tokens admitted in any
 * window W of ticks number at most plan(W) + B + (1 - 1/q).
 */
public final class Admission {

  private Admission() {}

  /** The state after a decision, and the decision. */
  public record Result(AdmissionState state, Decision decision) {}

  /** Returns the state of a key first seen at {@code nowTick}. */
  public static AdmissionState initial(Limit limit, long nowTick) {
    Args.notNull("limit", limit);
    Bucket bucket = new Bucket();
    bucket.reset(limit, nowTick);
    return bucket.toState();
  }

  /** Returns {@code state} brought up to {@code nowTick} under {@code limit}. */
  public static AdmissionState advance(Limit limit, AdmissionState state, long nowTick) {
    Bucket bucket = load(limit, state);
    bucket.advance(limit, nowTick);
    return bucket.toState();
  }

  /**
   * Decides a request for {@code n} tokens at clock reading {@code nowNanos}.
   *
   * @param state the key's state, or null for a key not seen before
   * @throws IllegalArgumentException if n is negative or the state does not fit the limit
   */
  public static Result decide(Limit limit, AdmissionState state, long nowNanos, long n) {
    Args.notNull("limit", limit);
    Bucket.checkTokens(n);
    Bucket bucket;
    if (state == null) {
      bucket = new Bucket();
      bucket.reset(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
    } else {
      bucket = load(limit, state);
    }
    Decision decision = bucket.decide(limit, nowNanos, n, true);
    return new Result(bucket.toState(), decision);
  }

  /**
   * Returns {@code state} moved from limit {@code from} to limit {@code to} at
   * {@code nowNanos}, keeping its bank (capped at the new burst) and carry (rescaled down to
   * the new grid). Tokens earned under the old plan up to now are kept.
   */
  public static AdmissionState changeLimit(
      Limit from, AdmissionState state, Limit to, long nowNanos) {
    Args.notNull("to", to);
    Bucket bucket = load(from, state);
    bucket.changeLimit(from, to, nowNanos);
    return bucket.toState();
  }

  private static Bucket load(Limit limit, AdmissionState state) {
    Args.notNull("limit", limit);
    Args.notNull("state", state);
    Bucket.checkAgainst(state, limit);
    Bucket bucket = new Bucket();
    bucket.load(state);
    return bucket;
  }
}
