package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Exact rates against cross-multiplication in BigInteger. */
final class ExactRatePropertiesTest {

  @Property(tries = 500)
  void of_anyFraction_isReducedAndEqualInValueOrRejected(
      @ForAll @LongRange(min = 0, max = 1L << 40) long tokens,
      @ForAll("perTicks") long perTicks) {
    BigInteger den = BigInteger.valueOf(perTicks).divide(
        BigInteger.valueOf(tokens).gcd(BigInteger.valueOf(perTicks)));
    boolean carriable = tokens <= CarryRule.MAX_TOKENS_PER_TICK * perTicks
        && (tokens == 0 || den.longValueExact() <= CarryRule.MAX_Q);

    if (!carriable) {
      assertThatThrownBy(() -> ExactRate.of(tokens, perTicks))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("rate " + tokens + "/" + perTicks + " is ");
      return;
    }
    ExactRate rate = ExactRate.of(tokens, perTicks);

    assertThat(BigInteger.valueOf(rate.numerator()).gcd(BigInteger.valueOf(rate.denominator())))
        .isEqualTo(BigInteger.ONE);
    assertThat(BigInteger.valueOf(rate.numerator()).multiply(BigInteger.valueOf(perTicks)))
        .isEqualTo(BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(rate.denominator())));
  }

  @Provide
  Arbitrary<Long> perTicks() {
    // small denominators as often as huge ones, so both branches run
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 1000), Arbitraries.longs().between(1, 1L << 40));
  }

  @Property(tries = 500)
  void onGrid_everyMultipleOfDenominator_carriesTheSameRate(
      @ForAll @LongRange(min = 0, max = 5000) long tokens,
      @ForAll @LongRange(min = 1, max = 5000) long perTicks,
      @ForAll @IntRange(min = 1, max = 1000) int multiple) {
    ExactRate rate = ExactRate.of(tokens, perTicks);
    long q = rate.smallestGrid() * multiple;

    GridPlan plan = rate.onGrid(q);

    // planUnits / q == tokens / perTicks
    assertThat(BigInteger.valueOf(plan.planUnits()).multiply(BigInteger.valueOf(perTicks)))
        .isEqualTo(BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(q)));
    assertThat(plan.rate()).isEqualTo(rate);
  }

  @Property(tries = 300)
  void parse_printedRate_roundTrips(
      @ForAll @LongRange(min = 0, max = 100_000) long tokens,
      @ForAll @LongRange(min = 1, max = 100_000) long perTicks) {
    ExactRate rate = ExactRate.of(tokens, perTicks);

    assertThat(ExactRate.parse(rate.toString())).isEqualTo(rate);
  }

  @Property(tries = 300)
  void perPeriod_textAndDurations_agree(
      @ForAll @LongRange(min = 0, max = 10_000) long tokens,
      @ForAll @LongRange(min = 1, max = 1000) long seconds,
      @ForAll @LongRange(min = 1, max = 1000) long tickMillis) {
    Duration tick = Duration.ofMillis(tickMillis);

    ExactRate fromText = ExactRate.parsePerPeriod(tokens + "/" + seconds + "s", tick);
    ExactRate fromDurations = ExactRate.perPeriod(tokens, Duration.ofSeconds(seconds), tick);

    assertThat(fromText).isEqualTo(fromDurations)
        .isEqualTo(ExactRate.of(tokens * tickMillis, seconds * 1000));
  }
}
