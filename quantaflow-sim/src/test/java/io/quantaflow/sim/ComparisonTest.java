package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantaflow.sim.mint.MintAlgorithm;
import io.quantaflow.sim.mint.MintSettings;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The known facts a comparison must show. */
final class ComparisonTest {

  private static final long ONE_MS = 1_000_000;

  private static Map<MintAlgorithm, Comparison.Outcome> constantPlan(long q, long planUnits,
      long ticks, MintAlgorithm... algorithms) {
    Comparison comparison = new Comparison(List.of(algorithms),
        new MintSettings(q, 1, 7, 100, ONE_MS), false);
    for (long t = 0; t < ticks; t++) {
      comparison.step(planUnits);
    }
    return comparison.outcomes().stream()
        .collect(Collectors.toMap(Comparison.Outcome::algorithm, Function.identity()));
  }

  @Test
  void naiveRounding_threeTenthsPerTick_mintsNothingEver() {
    Comparison.Outcome naive = constantPlan(10, 3, 1_000_000, MintAlgorithm.NAIVE_ROUNDING)
        .get(MintAlgorithm.NAIVE_ROUNDING);

    assertThat(naive.mintedTokens()).isZero();
    assertThat(naive.drift()).isEqualTo("-300000.000000");
    // Three ticks plan 0.9; the fourth takes the deficit past 0.9.
    assertThat(naive.firstWindowBreakTick()).isEqualTo(3);
    assertThat(naive.firstDriftBreakTick()).isEqualTo(3);
  }

  @Test
  void doubleAccumulation_oneTenthForTenMillionTicks_losesAToken() {
    Map<MintAlgorithm, Comparison.Outcome> outcomes = constantPlan(10, 1, 10_000_000,
        MintAlgorithm.DOUBLE_ACCUMULATION, MintAlgorithm.CARRY_RULE);

    // 10^7 ticks of 0.1 plan exactly 10^6 tokens; the double total ends 1.6e-4 short.
    assertThat(outcomes.get(MintAlgorithm.CARRY_RULE).mintedTokens()).isEqualTo(1_000_000);
    assertThat(outcomes.get(MintAlgorithm.CARRY_RULE).drift()).isEqualTo("0.000000");
    assertThat(outcomes.get(MintAlgorithm.DOUBLE_ACCUMULATION).mintedTokens())
        .isEqualTo(999_999);
    assertThat(outcomes.get(MintAlgorithm.DOUBLE_ACCUMULATION).drift())
        .isEqualTo("-1.000000");
    assertThat(outcomes.get(MintAlgorithm.DOUBLE_ACCUMULATION).firstWindowBreakTick())
        .isEqualTo(9);
  }

  @Test
  void gcra_truncatedInterval_driftsAhead() {
    Map<MintAlgorithm, Comparison.Outcome> outcomes = constantPlan(10, 3, 10_000_000,
        MintAlgorithm.GCRA);
    Comparison.Outcome gcra = outcomes.get(MintAlgorithm.GCRA);

    // T = 3333333 ns instead of 3333333.33: 10^7 ticks give 3000000 + 1 + 0.3 extra.
    assertThat(gcra.mintedTokens()).isEqualTo(3_000_001);
    assertThat(gcra.firstDriftBreakTick()).isPositive();
    assertThat(gcra.windowBoundHeld()).isFalse();
  }

  @Test
  void windowAlgorithms_constantPlan_fixedWindowBreaksAtTheFirstBoundary() {
    Map<MintAlgorithm, Comparison.Outcome> outcomes = constantPlan(10, 3, 1_000,
        MintAlgorithm.FIXED_WINDOW, MintAlgorithm.SLIDING_LOG, MintAlgorithm.SLIDING_WINDOW);

    // Limit floor(0.3 * 100) = 30 per window of 100 ticks once a window of plan is known.
    // The fixed window's second counter starts at tick 100 and takes one a tick (M = 1):
    // 0.3 planned, 1 minted, a window error of 1.6 at once.
    assertThat(outcomes.get(MintAlgorithm.FIXED_WINDOW).firstWindowBreakTick()).isEqualTo(100);
    // The log frees a grant exactly when the plan has earned one: the carry rule's pattern.
    assertThat(outcomes.get(MintAlgorithm.SLIDING_LOG).windowBoundHeld()).isTrue();
    // The approximation grants at r = 1 of the second window (29.7 floors to 29).
    assertThat(outcomes.get(MintAlgorithm.SLIDING_WINDOW).firstWindowBreakTick())
        .isEqualTo(101);
  }

  /**
   * Regression: compare summed plan units and deviations in longs, which overflow within
   * 4,096 ticks at q = 2^31 - 1 and M = 2^20 ("internal error: long overflow").
   */
  @Test
  void run_largestQAndM_sumsExactly() {
    long q = Integer.MAX_VALUE;
    long maxTokensPerTick = 1L << 20;
    Comparison comparison = new Comparison(Arrays.asList(MintAlgorithm.values()),
        new MintSettings(q, maxTokensPerTick, 7, 100, ONE_MS), false);

    for (int t = 0; t < 10_000; t++) {
      comparison.step(t % 2 == 0 ? q * maxTokensPerTick : q * maxTokensPerTick - 1);
    }
    Map<MintAlgorithm, Comparison.Outcome> outcomes = comparison.outcomes().stream()
        .collect(Collectors.toMap(Comparison.Outcome::algorithm, Function.identity()));

    // 10,000 ticks of M tokens less 5,000 units: 10485760000 - 5000/q tokens.
    Comparison.Outcome carry = outcomes.get(MintAlgorithm.CARRY_RULE);
    assertThat(carry.plannedUnits()).isEqualTo(BigInteger.valueOf(q)
        .multiply(BigInteger.valueOf(10_000L << 20)).subtract(BigInteger.valueOf(5_000)));
    assertThat(carry.planned()).isEqualTo("10485759999.999998");
    assertThat(carry.mintedTokens()).isEqualTo(10_485_759_999L);
    assertThat(carry.windowBoundHeld()).isTrue();
    // Naive rounding mints M every tick, 5,000 units too many; the sums pass 2^63 units.
    assertThat(outcomes.get(MintAlgorithm.NAIVE_ROUNDING).drift()).isEqualTo("0.000002");
  }

  @Property(tries = 60)
  void carryRule_anyPlan_neverBreaksEitherBound(
      @ForAll @LongRange(min = 2, max = 1000) long q,
      @ForAll @IntRange(min = 1, max = 4) int maxTokensPerTick,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    Comparison comparison = new Comparison(List.of(MintAlgorithm.CARRY_RULE),
        new MintSettings(q, maxTokensPerTick, seed, 100, ONE_MS), false);

    comparison.run(Scenario.RAND.plan(q * maxTokensPerTick, 2_000, 0, seed),
        q * maxTokensPerTick);
    Comparison.Outcome carry = comparison.outcomes().get(0);

    assertThat(carry.maxWindowErrorUnits()).isLessThanOrEqualTo(BigInteger.valueOf(q - 1));
    assertThat(carry.firstWindowBreakTick()).isEqualTo(-1);
    assertThat(carry.firstDriftBreakTick()).isEqualTo(-1);
    assertThat(carry.driftUnits())
        .isBetween(BigInteger.valueOf(-(q - 1)), BigInteger.ZERO);
  }

  @Test
  void run_everyAlgorithm_reproducibleRunToRun() {
    List<MintAlgorithm> all = Arrays.asList(MintAlgorithm.values());
    MintSettings settings = new MintSettings(10, 2, 11, 50, ONE_MS);
    Comparison first = new Comparison(all, settings, true);
    Comparison second = new Comparison(all, settings, true);

    first.run(Scenario.RAND.plan(20, 5_000, 0, 3), 20);
    second.run(Scenario.RAND.plan(20, 5_000, 0, 3), 20);

    assertThat(first.outcomes()).isEqualTo(second.outcomes()).hasSize(9);
    assertThat(first.traces()).hasSize(9);
    assertThat(first.traces().get(0).driftTokens().size()).isBetween(1, Series.MAX_POINTS);
  }

  /**
   * Regression: randomized rounding drew from the same SplitMix64 stream as the rand
   * scenario, so each rounding draw was the plan's own draw mod q; at q = 2^31 - 1 it
   * rounded up almost never and drifted half a token a tick (-500,135 in 10^6 ticks).
   */
  @Test
  void randomizedRounding_randScenarioSameSeed_driftIsARandomWalk() {
    long q = Integer.MAX_VALUE;
    Comparison comparison = new Comparison(List.of(MintAlgorithm.RANDOMIZED_ROUNDING),
        new MintSettings(q, 1, 7, 100, ONE_MS), false);

    comparison.run(Scenario.RAND.plan(q, 100_000, 0, 7), q);
    double driftTokens = Double.parseDouble(comparison.outcomes().get(0).drift());

    // A fair walk of 10^5 steps has a standard deviation below sqrt(10^5 / 4) = 158 tokens;
    // the biased one was at -50,000.
    assertThat(Math.abs(driftTokens)).isLessThan(1_000);
  }
}
