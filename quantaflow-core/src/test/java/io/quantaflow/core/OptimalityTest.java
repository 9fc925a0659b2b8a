package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bound 1 - 1/q is reached by the carry rule and cannot be beaten by any output, online
 * or offline: docs/math.md ("The carry rule and its window bound"), theorems 2 and 3.
 */
final class OptimalityTest {

  @Test
  void carryRule_tightWitness_reachesExactlyOneMinusOneOverQ() {
    for (long q = 2; q <= 64; q++) {
      long[] plan = witness(q);
      long[] tokens = Oracles.run(q, 1, plan);

      long fastUnits = WindowError.maxWindowErrorUnits(plan, tokens, q);

      assertThat(fastUnits).as("q=%d", q).isEqualTo(q - 1);
      assertThat(Oracles.bruteForceWindowErrorUnits(plan, tokens, q)).as("q=%d", q)
          .isEqualTo(q - 1);
    }
  }

  @Test
  void anyOutput_tightWitness_cannotBeatOneMinusOneOverQ() {
    // every output in {0, 1, 2}^q, chosen knowing the whole plan (offline)
    for (long q = 2; q <= 9; q++) {
      long[] plan = witness(q);
      long best = Long.MAX_VALUE;
      long[] tokens = new long[plan.length];
      int outputs = (int) Math.pow(3, plan.length);

      for (int code = 0; code < outputs; code++) {
        decodeBase3(code, tokens);
        best = Math.min(best, Oracles.bruteForceWindowErrorUnits(plan, tokens, q));
      }

      assertThat(best).as("q=%d", q).isEqualTo(q - 1);
    }
  }

  @Test
  void anyOutput_worstPlanOfLengthQ_forcesOneMinusOneOverQ() {
    // for q <= 6 and M = 1, the worst plan's best offline output is exactly as bad as the
    // carry rule on its worst plan: max over plans of min over outputs == q - 1
    for (long q = 2; q <= 6; q++) {
      long worstBest = 0;
      long worstCarry = 0;
      int length = (int) q;
      long[] plan = new long[length];
      long[] tokens = new long[length];
      long plans = pow(q + 1, length);

      for (long code = 0; code < plans; code++) {
        decode(code, q + 1, plan);
        long best = Long.MAX_VALUE;
        for (long out = 0; out < (1L << length); out++) {
          decode(out, 2, tokens);
          best = Math.min(best, WindowError.maxWindowErrorUnits(plan, tokens, q));
        }
        worstBest = Math.max(worstBest, best);
        long[] carry = Oracles.run(q, 1, plan);
        worstCarry = Math.max(worstCarry, WindowError.maxWindowErrorUnits(plan, carry, q));
      }

      assertThat(worstBest).as("q=%d", q).isEqualTo(q - 1);
      assertThat(worstCarry).as("q=%d", q).isEqualTo(q - 1);
    }
  }

  @Test
  void carryRule_everyPlanUpToLengthEight_neverExceedsTheBound() {
    for (long q = 2; q <= 5; q++) {
      Exhaustive search = new Exhaustive(q, 1, 8);

      search.run();

      assertThat(search.sequences).as("q=%d", q).isEqualTo(sequenceCount(q + 1, 8));
      assertThat(search.worstUnits).as("q=%d", q).isEqualTo(q - 1);
      assertThat(search.mismatches).as("q=%d", q).isZero();
    }
  }

  /** The witness: a tick with plan 0, then q - 1 ticks with plan 1/q. */
  static long[] witness(long q) {
    long[] plan = new long[(int) q];
    for (int t = 1; t < plan.length; t++) {
      plan[t] = 1;
    }
    return plan;
  }

  /**
   * Every plan sequence of length 1..maxLength with values in [0, m*q], walked depth-first so
   * that each prefix is one sequence. Each node checks the O(1) streaming error against the
   * O(n^2) oracle and records the worst.
   */
  static final class Exhaustive {
    final long q;
    final long m;
    final int maxLength;
    final long[] plan;
    final long[] tokens;
    long sequences;
    long worstUnits;
    long mismatches;

    Exhaustive(long q, long m, int maxLength) {
      this.q = q;
      this.m = m;
      this.maxLength = maxLength;
      this.plan = new long[maxLength];
      this.tokens = new long[maxLength];
    }

    void run() {
      visit(0, 0, 0, 0, 0);
    }

    private void visit(int depth, long carry, long deviation, long max, long min) {
      if (depth == maxLength) {
        return;
      }
      for (long x = 0; x <= m * q; x++) {
        CarryRule rule = new CarryRule(q, m, carry);
        long y = rule.step(x);
        plan[depth] = x;
        tokens[depth] = y;
        long d = deviation + x - q * y;
        long newMax = Math.max(max, d);
        long newMin = Math.min(min, d);
        long units = newMax - newMin;

        sequences++;
        worstUnits = Math.max(worstUnits, units);
        if (depth == maxLength - 1 || depth < 3) {
          long[] p = java.util.Arrays.copyOf(plan, depth + 1);
          long[] t = java.util.Arrays.copyOf(tokens, depth + 1);
          if (Oracles.bruteForceWindowErrorUnits(p, t, q) != units) {
            mismatches++;
          }
        }
        visit(depth + 1, rule.carryUnits(), d, newMax, newMin);
      }
    }
  }

  static long sequenceCount(long values, int maxLength) {
    long total = 0;
    for (int length = 1; length <= maxLength; length++) {
      total += pow(values, length);
    }
    return total;
  }

  private static long pow(long base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= base;
    }
    return result;
  }

  private static void decodeBase3(int code, long[] digits) {
    decode(code, 3, digits);
  }

  private static void decode(long code, long base, long[] digits) {
    for (int i = 0; i < digits.length; i++) {
      digits[i] = code % base;
      code /= base;
    }
  }
}
