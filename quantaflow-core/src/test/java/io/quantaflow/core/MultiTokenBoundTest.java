package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * With M tokens per tick the window bound stays 1 - 1/q, not the reference's M*(1 - 1/q):
 * docs/math.md ("The carry rule and its window bound"), theorem 4.
 */
final class MultiTokenBoundTest {

  @Test
  void carryRule_everyMultiTokenPlanUpToLengthSix_staysWithinOneMinusOneOverQ() {
    for (long q = 2; q <= 4; q++) {
      for (long m = 2; m <= 3; m++) {
        OptimalityTest.Exhaustive search = new OptimalityTest.Exhaustive(q, m, 6);

        search.run();

        // the worst is exactly q - 1 units: far below M*(q - 1) for M > 1
        assertThat(search.sequences).isEqualTo(OptimalityTest.sequenceCount(m * q + 1, 6));
        assertThat(search.worstUnits).as("q=%d m=%d", q, m).isEqualTo(q - 1);
        assertThat(search.mismatches).as("q=%d m=%d", q, m).isZero();
      }
    }
  }

  @Test
  void step_anyCarryAndPlan_keepsCarryInGridAndEmitsAtMostM() {
    for (long q = 2; q <= 7; q++) {
      for (long m = 1; m <= 4; m++) {
        for (long carry = 0; carry < q; carry++) {
          for (long plan = 0; plan <= m * q; plan++) {
            CarryRule rule = new CarryRule(q, m, carry);

            long tokens = rule.step(plan);

            assertThat(tokens).isBetween(0L, m);
            assertThat(rule.carryUnits()).isBetween(0L, q - 1);
            assertThat(carry + plan).isEqualTo(q * tokens + rule.carryUnits());
          }
        }
      }
    }
  }

  @Test
  void carryRule_nearlyThreeTokensPerTick_errsLessThanOneToken() {
    // 29/10 tokens per tick for 1000 ticks: the reference would allow 3 * 0.9 = 2.7
    long[] plan = new long[1000];
    java.util.Arrays.fill(plan, 29);

    long[] tokens = Oracles.run(10, 3, plan);

    assertThat(WindowError.maxWindowErrorUnits(plan, tokens, 10)).isEqualTo(9);
  }

  @Test
  void carryRule_witnessWithLargeM_stillReachesOneMinusOneOverQ() {
    // the bound is tight for every M: plans of 1/q are allowed whatever M is
    for (long q = 2; q <= 64; q++) {
      long[] plan = OptimalityTest.witness(q);

      long[] tokens = Oracles.run(q, CarryRule.MAX_TOKENS_PER_TICK, plan);

      assertThat(WindowError.maxWindowErrorUnits(plan, tokens, q)).isEqualTo(q - 1);
    }
  }

  @Test
  void carryRule_mixedWholeAndFractionalPlans_staysWithinBound() {
    // carry 6, 6, 5, 6, 5, 5, 5, 5, 6, 5, 1: whole tokens pass through, fractions wait
    long q = 7;
    long[] plan = {20, 0, 13, 1, 6, 21, 0, 0, 8, 27, 3};

    long[] tokens = Oracles.run(q, 4, plan);

    assertThat(Oracles.transcript(tokens)).isEqualTo("20201300141");
    assertThat(WindowError.maxWindowErrorUnits(plan, tokens, q))
        .isEqualTo(Oracles.bruteForceWindowErrorUnits(plan, tokens, q))
        .isLessThanOrEqualTo(q - 1);
  }
}
