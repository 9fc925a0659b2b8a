package io.quantaflow.sim.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each model's behaviour on short plans, as transcripts of tokens per tick. */
final class MintAlgorithmTest {

  private static final long ONE_MS = 1_000_000;

  private static MintSettings settings(long q, long windowTicks) {
    return new MintSettings(q, 4, 7, windowTicks, ONE_MS);
  }

  /** Tokens per tick for a constant plan, as a string of digits. */
  private static String transcript(MintAlgorithm algorithm, MintSettings settings,
      long planUnits, int ticks) {
    Minter minter = algorithm.create(settings);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ticks; i++) {
      out.append(minter.mint(planUnits));
    }
    return out.toString();
  }

  @Test
  void carryRule_threeTenths_emitsOnTheCarry() {
    assertThat(transcript(MintAlgorithm.CARRY_RULE, settings(10, 10), 3, 10))
        .isEqualTo("0001001001");
  }

  @Test
  void naiveRounding_belowHalf_mintsNothing() {
    assertThat(transcript(MintAlgorithm.NAIVE_ROUNDING, settings(10, 10), 3, 20))
        .isEqualTo("00000000000000000000");
    assertThat(transcript(MintAlgorithm.NAIVE_ROUNDING, settings(10, 10), 5, 3))
        .isEqualTo("111");
  }

  @Test
  void tokenBucketFloat_oneTenth_missesTheTenthTick() {
    // 0.1 added ten times is 0.9999999999999999 in double: the token comes a tick late.
    assertThat(transcript(MintAlgorithm.TOKEN_BUCKET_FLOAT, settings(10, 10), 1, 12))
        .isEqualTo("000000000010");
    assertThat(transcript(MintAlgorithm.CARRY_RULE, settings(10, 10), 1, 12))
        .isEqualTo("000000000100");
  }

  @Test
  void doubleAccumulation_oneTenth_alsoLate() {
    assertThat(transcript(MintAlgorithm.DOUBLE_ACCUMULATION, settings(10, 10), 1, 12))
        .isEqualTo("000000000010");
  }

  @Test
  void gcra_firstCellAtOnce_thenEveryInterval() {
    // T = 1 ms * 10 / 3 = 3333333 ns: cells at 0, 3.33, 6.67, 10.0 ms (truncated: 9.999999).
    assertThat(transcript(MintAlgorithm.GCRA, settings(10, 10), 3, 11))
        .isEqualTo("10010010010");
  }

  @Test
  void gcra_idleTime_earnsNothing() {
    Minter gcra = MintAlgorithm.GCRA.create(settings(4, 10));

    String out = "" + gcra.mint(1) + gcra.mint(0) + gcra.mint(0) + gcra.mint(0) + gcra.mint(0)
        + gcra.mint(0) + gcra.mint(4) + gcra.mint(4);

    // The cell due at tick 4 was never taken; at tick 6 one cell per tick resumes.
    assertThat(out).isEqualTo("10000011");
  }

  @Test
  void fixedWindow_limitFromTheLastWindowsPlan_burstsAtTheBoundary() {
    // 0.4 a tick, windows of 5: the limit floor(plan of the last 5 ticks) grows 0,0,1,1,2
    // in the first window; the second starts with a fresh counter and a limit of 2.
    assertThat(transcript(MintAlgorithm.FIXED_WINDOW, settings(10, 5), 4, 10))
        .isEqualTo("0010120000");
  }

  @Test
  void slidingLog_grantsAgainWhenOldGrantsLeaveTheWindow() {
    // At most floor(plan of the last 5 ticks) = 2 logged: a grant leaves, one comes.
    assertThat(transcript(MintAlgorithm.SLIDING_LOG, settings(10, 5), 4, 11))
        .isEqualTo("00101001010");
  }

  @Test
  void slidingWindow_previousWindowFadesOut() {
    // Limit 2 per 5 ticks once a window of plan is known. Second window (2 granted in the
    // first): 2*(5-r)/5 + current < 2 allows a grant at r = 1 (1.6 < 2) and r = 3 (1.8).
    assertThat(transcript(MintAlgorithm.SLIDING_WINDOW, settings(10, 5), 4, 10))
        .isEqualTo("0010101010");
  }

  /**
   * Regression: the window models took floor(rate * window) at once, ignoring M (sliding-log
   * minted 100,000,000 tokens in 20,000,000 ticks with M = 1). Every model now hands out at
   * most M tokens a tick.
   */
  @Test
  void mint_everyAlgorithmLongWindow_neverMoreThanMPerTick() {
    long q = 10;
    long maxTokensPerTick = 2;
    MintSettings longWindow = new MintSettings(q, maxTokensPerTick, 7, 1_000, ONE_MS);
    for (MintAlgorithm algorithm : MintAlgorithm.values()) {
      Minter minter = algorithm.create(longWindow);
      java.util.Iterator<Long> plan = java.util.stream.LongStream.range(0, 5_000)
          .map(t -> t % 7 == 0 ? 0 : q * maxTokensPerTick).boxed().iterator();

      long most = 0;
      while (plan.hasNext()) {
        most = Math.max(most, minter.mint(plan.next()));
      }

      assertThat(most).as(algorithm.cliName()).isBetween(1L, maxTokensPerTick);
    }
  }

  /**
   * Regression: the sliding log's limit came from the current tick's rate times the window,
   * so a varying plan let it take the peaks (91,523 tokens against 50,025 planned). With
   * the limit floor(plan of the last W ticks), every block of W ticks gets at most its plan.
   */
  @Test
  void slidingLog_varyingPlan_neverMintsMoreThanPlanned() {
    long q = 10;
    Minter log = MintAlgorithm.SLIDING_LOG.create(new MintSettings(q, 1, 7, 100, ONE_MS));
    io.quantaflow.sim.PlanSource plan = io.quantaflow.sim.Scenario.RAND.plan(q, 20_000, 0, 7);

    long plannedUnits = 0;
    long minted = 0;
    while (plan.hasNext()) {
      long planUnits = plan.nextPlanUnits();
      plannedUnits += planUnits;
      minted += log.mint(planUnits);
    }

    assertThat(minted * q).isLessThanOrEqualTo(plannedUnits);
    // And it does not starve either: within a window's plan (100 ticks, <= 100 tokens).
    assertThat(minted * q).isGreaterThan(plannedUnits - 100 * q);
  }

  /**
   * Regression: GCRA formed tick * tickNanos and tickNanos * q in a long, which overflow
   * silently at 1-day ticks (after 106,751 ticks, and at once for q near 2^31).
   */
  @Test
  void gcra_dayTicksAndLargestQ_matchesTheShortTickRun() {
    long q = Integer.MAX_VALUE;
    Minter dayTicks = MintAlgorithm.GCRA.create(
        new MintSettings(q, 1, 7, 10, 86_400_000_000_000L));
    long planUnits = q / 3;

    long minted = 0;
    for (int t = 0; t < 300_000; t++) {
      minted += dayTicks.mint(planUnits);
    }

    // q = 3 * (q/3) + 1, so T = 3 days + floor(1 d / (q/3)) ns = 3 days + 120 us: the TAT
    // slips 12 s in 100,000 cells, still inside its tick, so a cell every third tick.
    assertThat(minted).isEqualTo(100_000);
  }

  @Test
  void randomizedRounding_sameSeed_sameTokens() {
    String first = transcript(MintAlgorithm.RANDOMIZED_ROUNDING, settings(10, 10), 3, 200);
    String second = transcript(MintAlgorithm.RANDOMIZED_ROUNDING, settings(10, 10), 3, 200);

    assertThat(first).isEqualTo(second).containsOnlyDigits().contains("1").contains("0");
    assertThat(first.chars().filter(c -> c == '1').count()).isBetween(40L, 80L);
  }

  @Test
  void parse_namesAndErrors() {
    assertThat(MintAlgorithm.parse("GCRA")).isSameAs(MintAlgorithm.GCRA);
    assertThat(MintAlgorithm.parse("token-bucket-float"))
        .isSameAs(MintAlgorithm.TOKEN_BUCKET_FLOAT);
    assertThatThrownBy(() -> MintAlgorithm.parse("leaky"))
        .hasMessageStartingWith("algorithm must be one of carry-rule, naive-rounding,")
        .hasMessageEndingWith("(got \"leaky\")");
  }

  @Test
  void settings_outOfRange_nameTheValue() {
    assertThatThrownBy(() -> new MintSettings(1, 1, 7, 10, ONE_MS))
        .hasMessage("q must be in [2, 2147483647] (got 1)");
    assertThatThrownBy(() -> new MintSettings(10, 1, 7, 0, ONE_MS))
        .hasMessage("windowTicks must be in [1, 10000000] (got 0)");
  }
}
