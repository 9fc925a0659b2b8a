package io.quantaflow.core;

import io.quantaflow.core.internal.Args;

/*
 * Maintainer's note: the carry rule.
 *
 * Symbols (docs/math.md ("The carry rule and its window bound") uses the same letters):
 *   q          the grid: plans are multiples of 1/q token per tick       -> field q
 *   M          the most tokens one tick may emit                         -> maxTokensPerTick
 *   x_q        the plan of one tick in units of 1/q, 0 <= x_q <= M*q     -> planUnits
 *   E          the carry in units of 1/q                                 -> carryUnits
 *   y          the tokens one tick emits
 *
 * One step: E' = E + x_q; y = floor(E'/q); E = E' mod q. The invariant is 0 <= E <= q-1
 * after every step, whatever M is, because the whole quotient leaves as tokens. Summing the
 * steps gives sum(x_q) - q*sum(y) = E_end - E_start over any run of ticks, so every window
 * of ticks emits its plan to within (q-1)/q = 1 - 1/q token. No algorithm that emits whole
 * tokens can do better on the 1/q grid (witness: 0 then q-1 ticks of 1/q). Proofs in
 * docs/math.md ("The carry rule and its window bound"); tests in CarryRuleTest, OptimalityTest and
 * WindowBoundPropertiesTest.
 *
 * Ranges: q <= 2^31-1 and M <= 2^20, so E + x_q < 2^31 * (2^20 + 1) < 2^52: a step never
 * overflows. Catch-up over k ticks splits x_q = w*q + f and k = a*q + r: every term of the
 * result is at most the total (<= k*M, bounded by maxCatchUpTicks) except r*f < q^2 < 2^62
 * (see tokensOverUnchecked).
 */

/**
 * The carry rule on a 1/q grid: each tick adds its plan (in units of 1/q token) to the carry
 * and emits the whole tokens it holds, keeping the carry in {@code [0, q-1]}.
 *
 * <p>In any window of consecutive ticks the tokens emitted differ from the plan by at most
 * {@code 1 - 1/q} token, whatever M is, and no algorithm on the grid can promise less. With
 * {@code maxTokensPerTick == 1} this is exactly the reference {@code FairLimiter.step}.
 *
 * <p>Mutable and not thread-safe. The state is one {@code long}; a step allocates nothing.
 */
public final class CarryRule {

  /** The finest grid accepted: {@code q <= 2^31 - 1}. */
  public static final long MAX_Q = Integer.MAX_VALUE;

  /** The most tokens one tick may emit: {@code M <= 2^20}. */
  public static final long MAX_TOKENS_PER_TICK = 1L << 20;

  private final long q;
  private final long maxTokensPerTick;
  private final long maxPlanUnits;
  private long carryUnits;

  /** A carry rule on the grid {@code 1/q} with the carry at 0. */
  public CarryRule(long q, long maxTokensPerTick) {
    this(q, maxTokensPerTick, 0);
  }

  /** A carry rule on the grid {@code 1/q} resuming from {@code carryUnits} in [0, q-1]. */
  public CarryRule(long q, long maxTokensPerTick, long carryUnits) {
    this.q = checkQ(q);
    this.maxTokensPerTick = checkMaxTokensPerTick(maxTokensPerTick);
    this.maxPlanUnits = maxTokensPerTick * q;
    this.carryUnits = checkCarry(q, carryUnits);
  }

  public long q() {
    return q;
  }

  public long maxTokensPerTick() {
    return maxTokensPerTick;
  }

  /** The carry E in units of 1/q, always in {@code [0, q-1]}. */
  public long carryUnits() {
    return carryUnits;
  }

  /**
   * Runs one tick with plan {@code planUnits} (in [0, M*q]) and returns the whole tokens it
   * emits, {@code floor((E + planUnits) / q)}, in [0, M].
   */
  public long step(long planUnits) {
    if (planUnits < 0 || planUnits > maxPlanUnits) {
      throw badPlan(planUnits, q, maxTokensPerTick);
    }

    long sumUnits = carryUnits + planUnits;
    long tokens = sumUnits / q;
    carryUnits = sumUnits - tokens * q;
    return tokens;
  }

  /**
   * Runs {@code ticks} ticks of the same plan in O(1) and returns the tokens they emit in
   * total: exactly what {@code ticks} calls of {@link #step(long)} would return, for
   * {@code 0 <= ticks <= maxCatchUpTicks(maxTokensPerTick())}.
   */
  public long advance(long planUnits, long ticks) {
    if (planUnits < 0 || planUnits > maxPlanUnits) {
      throw badPlan(planUnits, q, maxTokensPerTick);
    }
    Args.inRange("ticks", ticks, 0, maxCatchUpTicks(maxTokensPerTick));

    long tokens = tokensOverUnchecked(q, carryUnits, planUnits, ticks);
    carryUnits = carryAfterUnchecked(q, carryUnits, planUnits, ticks);
    return tokens;
  }

  /**
   * The most ticks one catch-up may cover when a tick emits at most {@code maxTokensPerTick}
   * tokens: {@code (Long.MAX_VALUE - 1) / (M + 1)}, more than 2^42 for every accepted M. The
   * tokens of such a catch-up, at most {@code ticks * M}, fit in a {@code long}.
   */
  public static long maxCatchUpTicks(long maxTokensPerTick) {
    checkMaxTokensPerTick(maxTokensPerTick);
    return (Long.MAX_VALUE - 1) / (maxTokensPerTick + 1);
  }

  /**
   * The tokens that {@code ticks} steps of plan {@code planUnits} emit from carry
   * {@code carryUnits}: {@code floor((E + ticks * x_q) / q)}, exact and without overflow.
   *
   * <p>{@code ticks} may be up to {@code maxCatchUpTicks(M)} where M is the smallest whole
   * number of tokens per tick that admits the plan, {@code max(1, ceil(x_q / q))}.
   */
  public static long tokensOver(long q, long carryUnits, long planUnits, long ticks) {
    checkQ(q);
    checkCarry(q, carryUnits);
    checkPlanAlone(q, planUnits);
    Args.inRange("ticks", ticks, 0, maxCatchUpTicks(smallestMaxTokensPerTick(q, planUnits)));
    return tokensOverUnchecked(q, carryUnits, planUnits, ticks);
  }

  /**
   * The carry after {@code ticks} steps of plan {@code planUnits} from carry
   * {@code carryUnits}: {@code (E + ticks * x_q) mod q}, exact for every
   * {@code 0 <= ticks <= Long.MAX_VALUE}.
   */
  public static long carryAfter(long q, long carryUnits, long planUnits, long ticks) {
    checkQ(q);
    checkCarry(q, carryUnits);
    checkPlanAlone(q, planUnits);
    Args.atLeast("ticks", ticks, 0);
    return carryAfterUnchecked(q, carryUnits, planUnits, ticks);
  }

  @Override
  public String toString() {
    return "CarryRule[q=" + q + ", maxTokensPerTick=" + maxTokensPerTick
        + ", carryUnits=" + carryUnits + "]";
  }

  // x_q = w*q + f and ticks = a*q + r, so ticks*x_q = q*(ticks*w + a*f) + r*f and
  // floor((E + ticks*x_q)/q) = ticks*w + a*f + floor((E + r*f)/q). Every term is
  // nonnegative and their sum is at most ticks*M, so none of them overflows.
  static long tokensOverUnchecked(long q, long carryUnits, long planUnits, long ticks) {
    long wholeTokens = planUnits / q;
    long fractionUnits = planUnits - wholeTokens * q;
    long laps = ticks / q;
    long restTicks = ticks - laps * q;
    return ticks * wholeTokens + laps * fractionUnits
        + (carryUnits + restTicks * fractionUnits) / q;
  }

  // (E + ticks*x_q) mod q = (E + r*f) mod q with r = ticks mod q, f = x_q mod q; r*f < 2^62.
  static long carryAfterUnchecked(long q, long carryUnits, long planUnits, long ticks) {
    long fractionUnits = planUnits % q;
    long restTicks = ticks % q;
    return (carryUnits + restTicks * fractionUnits) % q;
  }

  static long checkQ(long q) {
    return Args.inRange("q", q, 2, MAX_Q);
  }

  static long checkMaxTokensPerTick(long maxTokensPerTick) {
    return Args.inRange("maxTokensPerTick", maxTokensPerTick, 1, MAX_TOKENS_PER_TICK);
  }

  static long checkCarry(long q, long carryUnits) {
    return Args.inRange("carryUnits", carryUnits, 0, q - 1);
  }

  /** Checks a plan against the largest M accepted: {@code [0, 2^20 * q]}. */
  static long checkPlanAlone(long q, long planUnits) {
    return Args.inRange("planUnits", planUnits, 0, MAX_TOKENS_PER_TICK * q);
  }

  /** The smallest M that admits the plan: {@code max(1, ceil(planUnits / q))}. */
  static long smallestMaxTokensPerTick(long q, long planUnits) {
    return Math.max(1, (planUnits + q - 1) / q);
  }

  private static IllegalArgumentException badPlan(long planUnits, long q, long maxTokens) {
    String context = "q = " + q + ", maxTokensPerTick = " + maxTokens;
    return Args.outOfRange("planUnits", planUnits, 0, maxTokens * q, context);
  }
}
