package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Lazy catch-up against repeated steps and against exact BigInteger arithmetic. */
final class CatchUpPropertiesTest {

  record Start(long q, long m, long carryUnits, long planUnits) {}

  @Property(tries = 300)
  void advance_fewThousandTicks_equalsRepeatedSteps(
      @ForAll("starts") Start start, @ForAll @LongRange(min = 0, max = 3000) long ticks) {
    CarryRuleTest.assertAdvanceEqualsSteps(
        start.q(), start.m(), start.carryUnits(), start.planUnits(), ticks);
  }

  @Property(tries = 500)
  void tokensOverAndCarryAfter_upToMaxCatchUpTicks_matchExactArithmetic(
      @ForAll("starts") Start start, @ForAll("fractions") double where) {
    long limit = CarryRule.maxCatchUpTicks(start.m());
    long ticks = Math.min(limit, (long) (where * limit));

    long tokens = CarryRule.tokensOver(start.q(), start.carryUnits(), start.planUnits(), ticks);
    long carry = CarryRule.carryAfter(start.q(), start.carryUnits(), start.planUnits(), ticks);

    assertThat(tokens).isEqualTo(CarryRuleTest.exactTokens(
        start.q(), start.carryUnits(), start.planUnits(), ticks).longValueExact());
    assertThat(carry).isEqualTo(CarryRuleTest.exactCarry(
        start.q(), start.carryUnits(), start.planUnits(), ticks));
  }

  @Property(tries = 300)
  void carryAfter_anyTicksUpToLongMax_matchesExactArithmetic(
      @ForAll("starts") Start start, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long ticks) {
    assertThat(CarryRule.carryAfter(start.q(), start.carryUnits(), start.planUnits(), ticks))
        .isEqualTo(CarryRuleTest.exactCarry(
            start.q(), start.carryUnits(), start.planUnits(), ticks));
  }

  @Property(tries = 300)
  void advance_splitInTwo_equalsOneAdvance(
      @ForAll("starts") Start start,
      @ForAll @LongRange(min = 0, max = 1L << 40) long first,
      @ForAll @LongRange(min = 0, max = 1L << 40) long second) {
    CarryRule split = new CarryRule(start.q(), start.m(), start.carryUnits());
    CarryRule whole = new CarryRule(start.q(), start.m(), start.carryUnits());

    long splitTokens = split.advance(start.planUnits(), first)
        + split.advance(start.planUnits(), second);
    long wholeTokens = whole.advance(start.planUnits(), first + second);

    assertThat(splitTokens).isEqualTo(wholeTokens);
    assertThat(split.carryUnits()).isEqualTo(whole.carryUnits());
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(0, 1),
        Arbitraries.of(0.0, 1.0, 0.5, 0.999999));
  }

  @Provide
  Arbitrary<Start> starts() {
    Arbitrary<Long> grids = Arbitraries.oneOf(
        Arbitraries.longs().between(2, 20),
        Arbitraries.longs().between(2, CarryRule.MAX_Q),
        Arbitraries.of(CarryRule.MAX_Q, CarryRule.MAX_Q - 1, 1L << 30));
    Arbitrary<Long> tokensPerTick = Arbitraries.oneOf(
        Arbitraries.longs().between(1, 4),
        Arbitraries.longs().between(1, CarryRule.MAX_TOKENS_PER_TICK),
        Arbitraries.just(CarryRule.MAX_TOKENS_PER_TICK));
    return Combinators.combine(grids, tokensPerTick).flatAs((q, m) -> {
      Arbitrary<Long> carry = Arbitraries.oneOf(
          Arbitraries.longs().between(0, q - 1), Arbitraries.of(0L, q - 1));
      Arbitrary<Long> plan = Arbitraries.oneOf(
          Arbitraries.longs().between(0, m * q),
          Arbitraries.of(0L, 1L, q - 1, q, m * q - 1, m * q));
      return Combinators.combine(carry, plan).as((e, x) -> new Start(q, m, e, x));
    });
  }
}
