package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated plans on the grid, checked against the O(n^2) oracle. jqwik prints the seed of a
 * failing run; rerun it with {@code @Property(seed = "...")}.
 */
final class WindowBoundPropertiesTest {

  /** A plan on the grid 1/q for a rule emitting at most m tokens per tick. */
  record Run(long q, long m, long[] planUnits) {
    @Override
    public String toString() {
      return "q=" + q + " m=" + m + " plan=" + Arrays.toString(planUnits);
    }
  }

  @Property(tries = 400)
  void carryRule_everyWindow_isWithinOneMinusOneOverQ(@ForAll("runs") Run run) {
    long[] tokens = Oracles.run(run.q(), run.m(), run.planUnits());

    long worstUnits = Oracles.bruteForceWindowErrorUnits(run.planUnits(), tokens, run.q());

    assertThat(worstUnits).isLessThanOrEqualTo(run.q() - 1);
  }

  @Property(tries = 400)
  void maxWindowErrorUnits_carryRuleOutput_equalsBruteForce(@ForAll("runs") Run run) {
    long[] tokens = Oracles.run(run.q(), run.m(), run.planUnits());

    assertThat(WindowError.maxWindowErrorUnits(run.planUnits(), tokens, run.q()))
        .isEqualTo(Oracles.bruteForceWindowErrorUnits(run.planUnits(), tokens, run.q()));
  }

  @Property(tries = 400)
  void maxWindowErrorUnits_anyOutput_equalsBruteForce(
      @ForAll("runs") Run run, @ForAll("seeds") long seed) {
    // any output, not only the carry rule's: the identity holds for every pair
    long[] tokens = new java.util.SplittableRandom(seed)
        .longs(run.planUnits().length, 0, run.m() + 2).toArray();

    assertThat(WindowError.maxWindowErrorUnits(run.planUnits(), tokens, run.q()))
        .isEqualTo(Oracles.bruteForceWindowErrorUnits(run.planUnits(), tokens, run.q()));
  }

  @Property(tries = 300)
  void tracker_deviation_isTheCarry(@ForAll("runs") Run run) {
    // D_t = E_t - E_0: the streaming deviation of a carry-rule run is its carry
    CarryRule rule = new CarryRule(run.q(), run.m());
    WindowError.Tracker tracker = new WindowError.Tracker(run.q());

    for (long plan : run.planUnits()) {
      tracker.add(plan, rule.step(plan));

      assertThat(tracker.deviationUnits()).isEqualTo(rule.carryUnits());
    }
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<Run> runs() {
    Arbitrary<Long> grids = Arbitraries.oneOf(
        Arbitraries.longs().between(2, 12),
        Arbitraries.of(16L, 60L, 100L, 1000L, 1L << 20, CarryRule.MAX_Q),
        Arbitraries.longs().between(2, CarryRule.MAX_Q));
    Arbitrary<Long> tokensPerTick = Arbitraries.oneOf(
        Arbitraries.just(1L),
        Arbitraries.longs().between(1, 5),
        Arbitraries.of(1000L, CarryRule.MAX_TOKENS_PER_TICK));
    Arbitrary<Integer> lengths = Arbitraries.integers().between(0, 120);
    return Combinators.combine(grids, tokensPerTick, lengths)
        .flatAs(WindowBoundPropertiesTest::run);
  }

  private static Arbitrary<Run> run(long q, long m, int length) {
    long max = m * q;
    Arbitrary<Long> unit = Arbitraries.oneOf(
        Arbitraries.longs().between(0, max),
        Arbitraries.of(0L, 1L, q - 1, q, q + 1, max - 1, max).filter(v -> v >= 0 && v <= max),
        Arbitraries.longs().between(0, Math.min(max, 3)));
    return unit.array(long[].class).ofSize(length).map(plan -> new Run(q, m, plan));
  }
}
