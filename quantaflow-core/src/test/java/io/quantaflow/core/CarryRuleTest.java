package io.quantaflow.core;

import static io.quantaflow.core.Oracles.plan;
import static io.quantaflow.core.Oracles.run;
import static io.quantaflow.core.Oracles.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

final class CarryRuleTest {

  @Test
  void step_threeTenthsOnGridTen_emitsEveryThirdOrFourthTick() {
    long[] tokens = run(10, 1, plan("3,3,3,3,3,3,3,3,3,3"));

    // carry 3, 6, 9, 12 -> 2, 5, 8, 11 -> 1, 4, 7, 10 -> 0
    assertThat(transcript(tokens)).isEqualTo("0001001001");
  }

  @Test
  void step_fullPlan_emitsOneTokenEveryTick() {
    assertThat(transcript(run(7, 1, plan("7,7,7,7")))).isEqualTo("1111");
  }

  @Test
  void step_zeroPlan_emitsNothingAndKeepsCarry() {
    CarryRule rule = new CarryRule(5, 1, 4);

    assertThat(rule.step(0)).isZero();
    assertThat(rule.carryUnits()).isEqualTo(4);
  }

  @Test
  void step_multiTokenPlan_emitsFloorAndKeepsRemainder() {
    CarryRule rule = new CarryRule(4, 3);

    // 10/4 tokens per tick: carry 10 -> 2 tokens, 2 left; 12 -> 3 tokens, 0 left
    assertThat(rule.step(10)).isEqualTo(2);
    assertThat(rule.carryUnits()).isEqualTo(2);
    assertThat(rule.step(10)).isEqualTo(3);
    assertThat(rule.carryUnits()).isZero();
  }

  @Test
  void step_largestGridAndTokens_staysExact() {
    long q = CarryRule.MAX_Q;
    long m = CarryRule.MAX_TOKENS_PER_TICK;
    CarryRule rule = new CarryRule(q, m, q - 1);

    assertThat(rule.step(m * q)).isEqualTo(m);
    assertThat(rule.carryUnits()).isEqualTo(q - 1);
    assertThat(rule.step(1)).isEqualTo(1);
    assertThat(rule.carryUnits()).isZero();
  }

  @Test
  void step_singleToken_matchesReferenceStepOnEveryPlanAndCarry() {
    for (long q = 2; q <= 12; q++) {
      for (long carry = 0; carry < q; carry++) {
        for (long plan = 0; plan <= q; plan++) {
          CarryRule rule = new CarryRule(q, 1, carry);
          Oracles.ReferenceStep reference = new Oracles.ReferenceStep(q);
          reference.step(carry);

          assertThat(rule.step(plan)).isEqualTo(reference.step(plan));
        }
      }
    }
  }

  @Test
  void constructor_gridOne_throwsNamingQ() {
    assertThatThrownBy(() -> new CarryRule(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q must be in [2, 2147483647] (got 1)");
  }

  @Test
  void constructor_gridAboveIntRange_throwsNamingQ() {
    assertThatThrownBy(() -> new CarryRule(1L << 31, 1))
        .hasMessage("q must be in [2, 2147483647] (got 2147483648)");
  }

  @Test
  void constructor_zeroTokensPerTick_throwsNamingM() {
    assertThatThrownBy(() -> new CarryRule(10, 0))
        .hasMessage("maxTokensPerTick must be in [1, 1048576] (got 0)");
  }

  @Test
  void constructor_carryOutsideGrid_throwsNamingCarry() {
    assertThatThrownBy(() -> new CarryRule(10, 1, 10))
        .hasMessage("carryUnits must be in [0, 9] (got 10)");
    assertThatThrownBy(() -> new CarryRule(10, 1, -1))
        .hasMessage("carryUnits must be in [0, 9] (got -1)");
  }

  @Test
  void step_planAboveMaxTokens_throwsNamingPlanAndRange() {
    CarryRule rule = new CarryRule(10, 2);

    assertThatThrownBy(() -> rule.step(21))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planUnits must be in [0, 20] for q = 10, maxTokensPerTick = 2 (got 21)");
    assertThatThrownBy(() -> rule.step(-1))
        .hasMessageContaining("(got -1)");
    assertThat(rule.carryUnits()).isZero();
  }

  @Test
  void advance_negativeTicks_throwsNamingTicks() {
    CarryRule rule = new CarryRule(10, 1);

    assertThatThrownBy(() -> rule.advance(3, -1))
        .hasMessage("ticks must be in [0, 4611686018427387903] (got -1)");
  }

  @Test
  void advance_smallCases_equalsRepeatedSteps() {
    for (long q = 2; q <= 9; q++) {
      for (long m = 1; m <= 3; m++) {
        for (long plan = 0; plan <= m * q; plan++) {
          for (long carry = 0; carry < q; carry++) {
            for (long ticks = 0; ticks <= 3 * q + 1; ticks++) {
              assertAdvanceEqualsSteps(q, m, carry, plan, ticks);
            }
          }
        }
      }
    }
  }

  @Test
  void maxCatchUpTicks_everyAcceptedM_isAboveTwoToThe42() {
    assertThat(CarryRule.maxCatchUpTicks(1)).isEqualTo((Long.MAX_VALUE - 1) / 2);
    assertThat(CarryRule.maxCatchUpTicks(CarryRule.MAX_TOKENS_PER_TICK))
        .isEqualTo((Long.MAX_VALUE - 1) / ((1L << 20) + 1))
        .isEqualTo(8_796_084_633_607L)
        .isGreaterThan(1L << 42);
    assertThatThrownBy(() -> CarryRule.maxCatchUpTicks(0))
        .hasMessage("maxTokensPerTick must be in [1, 1048576] (got 0)");
  }

  @Test
  void tokensOver_atMaxCatchUpTicks_matchesBigIntegerFormula() {
    long[] grids = {2, 3, 10, 1_000_003, CarryRule.MAX_Q - 1, CarryRule.MAX_Q};
    long[] tokensPerTick = {1, 2, 1000, CarryRule.MAX_TOKENS_PER_TICK};
    for (long q : grids) {
      for (long m : tokensPerTick) {
        long ticks = CarryRule.maxCatchUpTicks(m);
        for (long plan : new long[] {0, 1, q - 1, q, m * q - 1, m * q}) {
          for (long carry : new long[] {0, q / 2, q - 1}) {
            assertThat(CarryRule.tokensOver(q, carry, plan, ticks))
                .as("q=%d m=%d plan=%d carry=%d", q, m, plan, carry)
                .isEqualTo(exactTokens(q, carry, plan, ticks).longValueExact());
          }
        }
      }
    }
  }

  @Test
  void tokensOver_beyondMaxCatchUpTicks_throwsNamingTicks() {
    long limit = CarryRule.maxCatchUpTicks(1);

    assertThatThrownBy(() -> CarryRule.tokensOver(10, 0, 10, limit + 1))
        .hasMessage("ticks must be in [0, " + limit + "] (got " + (limit + 1) + ")");
  }

  @Test
  void tokensOver_planNeedsSeveralTokens_allowsTheRangeOfThatM() {
    long limitForThree = CarryRule.maxCatchUpTicks(3);

    // 25/10 tokens per tick needs M = 3
    assertThat(CarryRule.tokensOver(10, 0, 25, limitForThree))
        .isEqualTo(exactTokens(10, 0, 25, limitForThree).longValueExact());
    assertThatThrownBy(() -> CarryRule.tokensOver(10, 0, 25, limitForThree + 1))
        .hasMessageContaining("ticks must be in [0, " + limitForThree + "]");
  }

  @Test
  void carryAfter_longMaxTicks_matchesBigIntegerFormula() {
    long[] grids = {2, 3, 7, 10, 65_536, 1_000_003, CarryRule.MAX_Q};
    for (long q : grids) {
      for (long plan : new long[] {0, 1, q - 1, q, q + 1, CarryRule.MAX_TOKENS_PER_TICK * q}) {
        for (long carry : new long[] {0, 1, q - 1}) {
          for (long ticks : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62}) {
            assertThat(CarryRule.carryAfter(q, carry, plan, ticks))
                .as("q=%d plan=%d carry=%d ticks=%d", q, plan, carry, ticks)
                .isEqualTo(exactCarry(q, carry, plan, ticks));
          }
        }
      }
    }
  }

  @Test
  void advance_atMaxCatchUpTicks_keepsStateExact() {
    long q = CarryRule.MAX_Q;
    long m = CarryRule.MAX_TOKENS_PER_TICK;
    long ticks = CarryRule.maxCatchUpTicks(m);
    CarryRule rule = new CarryRule(q, m, q - 1);

    long tokens = rule.advance(m * q, ticks);

    assertThat(tokens).isEqualTo(ticks * m);
    assertThat(rule.carryUnits()).isEqualTo(q - 1);
    assertThatThrownBy(() -> rule.advance(1, ticks + 1))
        .hasMessageContaining("ticks must be in [0, " + ticks + "]");
  }

  @Test
  void advance_thenStep_continuesAsIfSteppedAllAlong() {
    CarryRule lazy = new CarryRule(10, 1);
    CarryRule eager = new CarryRule(10, 1);

    long lazyTokens = lazy.advance(3, 1_000_003) + lazy.step(7);
    long eagerTokens = 0;
    for (int t = 0; t < 1_000_003; t++) {
      eagerTokens += eager.step(3);
    }
    eagerTokens += eager.step(7);

    assertThat(lazyTokens).isEqualTo(eagerTokens);
    assertThat(lazy.carryUnits()).isEqualTo(eager.carryUnits());
  }

  static void assertAdvanceEqualsSteps(long q, long m, long carry, long plan, long ticks) {
    CarryRule lazy = new CarryRule(q, m, carry);
    CarryRule eager = new CarryRule(q, m, carry);
    long eagerTokens = 0;
    for (long t = 0; t < ticks; t++) {
      eagerTokens += eager.step(plan);
    }

    long lazyTokens = lazy.advance(plan, ticks);

    String where = String.format("q=%d m=%d carry=%d plan=%d ticks=%d", q, m, carry, plan, ticks);
    assertThat(lazyTokens).as(where).isEqualTo(eagerTokens);
    assertThat(lazy.carryUnits()).as(where).isEqualTo(eager.carryUnits());
    assertThat(CarryRule.tokensOver(q, carry, plan, ticks)).as(where).isEqualTo(eagerTokens);
    assertThat(CarryRule.carryAfter(q, carry, plan, ticks)).as(where)
        .isEqualTo(eager.carryUnits());
  }

  static BigInteger exactTokens(long q, long carry, long plan, long ticks) {
    return total(carry, plan, ticks).divide(BigInteger.valueOf(q));
  }

  static long exactCarry(long q, long carry, long plan, long ticks) {
    return total(carry, plan, ticks).mod(BigInteger.valueOf(q)).longValueExact();
  }

  private static BigInteger total(long carry, long plan, long ticks) {
    return BigInteger.valueOf(ticks).multiply(BigInteger.valueOf(plan))
        .add(BigInteger.valueOf(carry));
  }
}
