package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/*
 * Maintainer's note: why the window error is O(n).
 *
 * Let D_t = sum_{i<t} x_i - q * sum_{i<t} y_i be the prefix deviation in units of 1/q, with
 * D_0 = 0 for the empty prefix. The window [i, j) has error |D_j - D_i| / q, so the worst
 * window over all 0 <= i < j <= n is (max_t D_t - min_t D_t) / q: one pass, two extremes.
 * The empty prefix must be among the candidates, or a run whose first window is the worst
 * one is missed (plan 1, output 0: D = 0, 1 and the answer is 1, not 0). Proof in
 * docs/math.md ("The carry rule and its window bound"); WindowErrorTest checks it against
 * the O(n^2) oracle.
 *
 * Arithmetic is exact (Math.*Exact): a pair whose deviation leaves the long range throws
 * ArithmeticException instead of reporting a wrapped number. For a carry-rule output D_t is
 * the carry, so this never happens there.
 */

/**
 * The worst sliding-window error of a plan and the tokens emitted for it, in units of
 * {@code 1/q} token: {@code max over windows [i, j) of |sum(x)/q - sum(y)|}, times q.
 */
public final class WindowError {

  /** Digits after the point when a window error is printed. */
  public static final int PRINTED_DECIMALS = 6;

  private WindowError() {}

  /**
   * The worst window error of plan {@code planUnits} (units of 1/q) and output
   * {@code tokens}, in units of 1/q, in O(n) time and O(1) extra memory. 0 for empty input.
   */
  public static long maxWindowErrorUnits(long[] planUnits, long[] tokens, long q) {
    Args.notNull("planUnits", planUnits);
    Args.notNull("tokens", tokens);
    if (planUnits.length != tokens.length) {
      throw Args.fail("planUnits and tokens must have the same length (got %d and %d)",
          planUnits.length, tokens.length);
    }

    Tracker tracker = new Tracker(q);
    for (int t = 0; t < planUnits.length; t++) {
      tracker.add(planUnits[t], tokens[t]);
    }
    return tracker.maxUnits();
  }

  /**
   * {@code units / q} with exactly six decimals, rounded half to even:
   * {@code format(9, 10)} is {@code "0.900000"}.
   */
  public static String format(long units, long q) {
    Args.atLeast("q", q, 1);
    return BigDecimal.valueOf(units)
        .divide(BigDecimal.valueOf(q), PRINTED_DECIMALS, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  /**
   * The worst window error of a stream of ticks, fed one tick at a time in O(1) memory.
   * Mutable, not thread-safe.
   */
  public static final class Tracker {

    private final long q;
    private long ticks;
    private long deviationUnits;
    private long maxDeviationUnits;
    private long minDeviationUnits;

    /** A tracker on the grid {@code 1/q}, q in [2, 2^31 - 1], with the empty prefix seen. */
    public Tracker(long q) {
      this.q = CarryRule.checkQ(q);
    }

    /** Adds one tick: its plan in units of 1/q (>= 0) and the whole tokens emitted (>= 0). */
    public void add(long planUnits, long tokens) {
      if (planUnits < 0 || tokens < 0) {
        throw Args.fail("tick %d: planUnits and tokens must be >= 0 (got %d and %d)",
            ticks, planUnits, tokens);
      }

      try {
        deviationUnits = Math.addExact(deviationUnits,
            Math.subtractExact(planUnits, Math.multiplyExact(q, tokens)));
      } catch (ArithmeticException e) {
        throw new ArithmeticException(String.format(Locale.ROOT,
            "tick %d: the deviation of plan and tokens leaves the range of a long"
                + " (planUnits %d, tokens %d, q %d)", ticks, planUnits, tokens, q));
      }
      if (deviationUnits > maxDeviationUnits) {
        maxDeviationUnits = deviationUnits;
      } else if (deviationUnits < minDeviationUnits) {
        minDeviationUnits = deviationUnits;
      }
      ticks++;
    }

    /** The worst window error so far, in units of 1/q: max minus min of D_0..D_t. */
    public long maxUnits() {
      return Math.subtractExact(maxDeviationUnits, minDeviationUnits);
    }

    /** The worst window error so far, printed with six decimals. */
    public String formatted() {
      return format(maxUnits(), q);
    }

    /** The prefix deviation D_t in units of 1/q: plan so far minus q times tokens so far. */
    public long deviationUnits() {
      return deviationUnits;
    }

    public long ticks() {
      return ticks;
    }

    public long q() {
      return q;
    }
  }
}
