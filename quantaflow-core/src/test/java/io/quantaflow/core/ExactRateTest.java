package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ExactRateTest {

  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void of_unreducedFraction_reduces() {
    ExactRate rate = ExactRate.of(6, 20);

    assertThat(rate.numerator()).isEqualTo(3);
    assertThat(rate.denominator()).isEqualTo(10);
    assertThat(rate).isEqualTo(ExactRate.of(3, 10)).hasToString("3/10");
  }

  @Test
  void of_zeroTokens_isZeroOverOne() {
    ExactRate rate = ExactRate.of(0, 17);

    assertThat(rate.numerator()).isZero();
    assertThat(rate.denominator()).isEqualTo(1);
    assertThat(rate.onGrid()).isEqualTo(new GridPlan(2, 0));
  }

  @Test
  void of_badArguments_throwNamingParameter() {
    assertThatThrownBy(() -> ExactRate.of(-1, 10)).hasMessage("tokens must be >= 0 (got -1)");
    assertThatThrownBy(() -> ExactRate.of(1, 0)).hasMessage("perTicks must be >= 1 (got 0)");
  }

  @Test
  void of_moreThanMaxTokensPerTick_throwsStatingTheLimit() {
    assertThatThrownBy(() -> ExactRate.of((1L << 20) + 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate 1048577/1 is 1048577 tokens per tick; it must be at most 1048576");
    assertThat(ExactRate.of(1L << 20, 1).numerator()).isEqualTo(1L << 20);
  }

  @Test
  void of_denominatorBeyondLargestGrid_throwsStatingTheLimit() {
    assertThatThrownBy(() -> ExactRate.of(1, 1L << 31))
        .hasMessageContaining("reduced denominator must be <= 2147483647");
    // reduces first: 2 / 2^32 is 1 / 2^31, still too fine; 2^31 / 2^32 is 1/2
    assertThat(ExactRate.of(1L << 31, 1L << 32)).isEqualTo(ExactRate.of(1, 2));
  }

  @Test
  void parse_fractionDecimalAndWhole_giveExactRates() {
    assertThat(ExactRate.parse("3/10")).isEqualTo(ExactRate.of(3, 10));
    assertThat(ExactRate.parse(" 0.3 ")).isEqualTo(ExactRate.of(3, 10));
    assertThat(ExactRate.parse("2")).isEqualTo(ExactRate.of(2, 1));
    assertThat(ExactRate.parse("1.5/2")).isEqualTo(ExactRate.of(3, 4));
    assertThat(ExactRate.parse(".25")).isEqualTo(ExactRate.of(1, 4));
    assertThat(ExactRate.parse("6 / 20")).isEqualTo(ExactRate.of(3, 10));
    assertThat(ExactRate.parse("00.50")).isEqualTo(ExactRate.of(1, 2));
    assertThat(ExactRate.parse("0/7")).isEqualTo(ExactRate.of(0, 1));
  }

  @Test
  void parse_malformedText_throwsQuotingIt() {
    assertThatThrownBy(() -> ExactRate.parse("-3/10"))
        .hasMessageStartingWith("rate \"-3/10\" must be a fraction like 3/10");
    assertThatThrownBy(() -> ExactRate.parse("3/0"))
        .hasMessage("rate \"3/0\" has a zero denominator; it must be > 0");
    assertThatThrownBy(() -> ExactRate.parse("3/10s"))
        .hasMessageContaining("has a time unit");
    assertThatThrownBy(() -> ExactRate.parse("  "))
        .hasMessage("rate must be 1 to 200 characters (got 0)");
    assertThatThrownBy(() -> ExactRate.parse(null)).hasMessage("rate must not be null");
  }

  @Test
  void perPeriod_threePerSecondAtHundredMsTicks_isThreeTenths() {
    ExactRate rate = ExactRate.perPeriod(3, Duration.ofSeconds(1), Duration.ofMillis(100));

    assertThat(rate).isEqualTo(ExactRate.of(3, 10));
  }

  @Test
  void perPeriod_onePerMinuteAtMsTicks_isOneOverSixtyThousand() {
    ExactRate rate = ExactRate.perPeriod(1, Duration.ofMinutes(1), MS);

    assertThat(rate).isEqualTo(ExactRate.of(1, 60_000));
    assertThat(rate.onGrid()).isEqualTo(new GridPlan(60_000, 1));
  }

  @Test
  void perPeriod_nonPositiveDurations_throwNamingThem() {
    assertThatThrownBy(() -> ExactRate.perPeriod(1, Duration.ZERO, MS))
        .hasMessage("period must be a positive duration (got PT0S)");
    assertThatThrownBy(() -> ExactRate.perPeriod(1, Duration.ofSeconds(1), Duration.ofMillis(-1)))
        .hasMessage("tick must be a positive duration (got PT-0.001S)");
  }

  @Test
  void parsePerPeriod_everyUnit_convertsExactly() {
    assertThat(ExactRate.parsePerPeriod("3/10s", Duration.ofMillis(100)))
        .isEqualTo(ExactRate.of(3, 100));
    assertThat(ExactRate.parsePerPeriod("1/min", MS)).isEqualTo(ExactRate.of(1, 60_000));
    assertThat(ExactRate.parsePerPeriod("1/1m", MS)).isEqualTo(ExactRate.of(1, 60_000));
    assertThat(ExactRate.parsePerPeriod("100/1h", Duration.ofSeconds(36)))
        .isEqualTo(ExactRate.of(1, 1));
    assertThat(ExactRate.parsePerPeriod("1/d", Duration.ofHours(1)))
        .isEqualTo(ExactRate.of(1, 24));
    assertThat(ExactRate.parsePerPeriod("5/250ms", MS)).isEqualTo(ExactRate.of(1, 50));
    assertThat(ExactRate.parsePerPeriod("0.5/s", MS)).isEqualTo(ExactRate.of(1, 2000));
  }

  @Test
  void parsePerPeriod_noUnit_readsTokensPerTick() {
    assertThat(ExactRate.parsePerPeriod("3/10", MS)).isEqualTo(ExactRate.of(3, 10));
  }

  @Test
  void parsePerPeriod_badText_throwsShowingTheForm() {
    assertThatThrownBy(() -> ExactRate.parsePerPeriod("3/10 fortnights", MS))
        .hasMessageStartingWith("rate \"3/10 fortnights\" must look like 3/10s");
    assertThatThrownBy(() -> ExactRate.parsePerPeriod("3/0s", MS))
        .hasMessage("rate \"3/0s\" has a zero period; the period count must be >= 1");
    assertThatThrownBy(() -> ExactRate.parsePerPeriod("3/s", null))
        .hasMessage("tick must not be null");
  }

  @Test
  void parsePerPeriod_needsFinerGridThanExists_throws() {
    // one token per 100 days at 1 us ticks: denominator 8.64e12
    assertThatThrownBy(() -> ExactRate.parsePerPeriod("1/100d", Duration.ofNanos(1000)))
        .hasMessageContaining("no grid can carry it");
  }

  @Test
  void ofDecimal_shortestDecimalForm_isExact() {
    assertThat(ExactRate.ofDecimal(0.3)).isEqualTo(ExactRate.of(3, 10));
    assertThat(ExactRate.ofDecimal(2.0)).isEqualTo(ExactRate.of(2, 1));
    assertThat(ExactRate.ofDecimal(0.0)).isEqualTo(ExactRate.of(0, 1));
    assertThat(ExactRate.ofDecimal(1e6)).isEqualTo(ExactRate.of(1_000_000, 1));
  }

  @Test
  void ofDecimal_notFiniteNegativeOrTooLarge_throws() {
    assertThatThrownBy(() -> ExactRate.ofDecimal(Double.NaN))
        .hasMessage("tokensPerTick must be a finite number in [0, 1048576] (got NaN)");
    assertThatThrownBy(() -> ExactRate.ofDecimal(Double.POSITIVE_INFINITY))
        .hasMessage("tokensPerTick must be a finite number in [0, 1048576] (got Infinity)");
    assertThatThrownBy(() -> ExactRate.ofDecimal(-0.5))
        .hasMessage("tokensPerTick must be a finite number in [0, 1048576] (got -0.5)");
    assertThatThrownBy(() -> ExactRate.ofDecimal(2e6))
        .hasMessage("tokensPerTick must be a finite number in [0, 1048576] (got 2000000.0)");
  }

  @Test
  void ofDecimal_tooManyDecimals_throwsNamingTheDenominatorLimit() {
    // 0.1 + 0.2 prints as 0.30000000000000004: seventeen decimals, too fine for any grid
    assertThatThrownBy(() -> ExactRate.ofDecimal(0.1 + 0.2))
        .hasMessageContaining("rate 0.30000000000000004 is");
    assertThatThrownBy(() -> ExactRate.ofDecimal(1e-12))
        .hasMessageContaining("its reduced denominator must be <= 2147483647");
  }

  @Test
  void smallestGrid_wholeRate_isTwo() {
    assertThat(ExactRate.of(3, 1).smallestGrid()).isEqualTo(2);
    assertThat(ExactRate.of(3, 1).onGrid()).isEqualTo(new GridPlan(2, 6));
    assertThat(ExactRate.of(3, 10).smallestGrid()).isEqualTo(10);
  }

  @Test
  void onGrid_multipleOfDenominator_scalesThePlan() {
    assertThat(ExactRate.of(3, 10).onGrid(100)).isEqualTo(new GridPlan(100, 30));
    assertThat(ExactRate.of(5, 2).onGrid(4)).isEqualTo(new GridPlan(4, 10));
  }

  @Test
  void onGrid_notAMultiple_throwsSayingWhichGridsWould() {
    assertThatThrownBy(() -> ExactRate.of(3, 10).onGrid(25))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q = 25 cannot represent the rate 3/10 tokens per tick: q must be a"
            + " multiple of 10, such as 10 (the smallest), 20 or 30");
    assertThatThrownBy(() -> ExactRate.of(3, 10).onGrid(7))
        .hasMessage("q = 7 cannot represent the rate 3/10 tokens per tick: q must be a"
            + " multiple of 10, such as 10 (the smallest)");
    assertThatThrownBy(() -> ExactRate.of(3, 10).onGrid(15))
        .hasMessageEndingWith("multiple of 10, such as 10 (the smallest), 20");
    assertThatThrownBy(() -> ExactRate.of(1, CarryRule.MAX_Q).onGrid(4))
        .hasMessage("q = 4 cannot represent the rate 1/2147483647 tokens per tick: q must be a"
            + " multiple of 2147483647, such as 2147483647 (the smallest)");
    assertThatThrownBy(() -> ExactRate.of(3, 10).onGrid(1))
        .hasMessage("q must be in [2, 2147483647] (got 1)");
  }
}
