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
  void fixedWindow_wholeAllowanceAtWindowStart() {
    assertThat(transcript(MintAlgorithm.FIXED_WINDOW, settings(10, 5), 4, 10))
        .isEqualTo("2000020000");
  }

  @Test
  void slidingLog_grantsAgainWhenOldGrantsLeaveTheWindow() {
    assertThat(transcript(MintAlgorithm.SLIDING_LOG, settings(10, 5), 4, 11))
        .isEqualTo("20000200002");
  }

  @Test
  void slidingWindow_previousWindowFadesOut() {
    // Limit 2 per 5 ticks. Second window: 2*(5-r)/5 + current < 2 allows a grant at r = 1
    // (1.6 < 2) and another at r = 3 (0.8 + 1 < 2).
    assertThat(transcript(MintAlgorithm.SLIDING_WINDOW, settings(10, 5), 4, 10))
        .isEqualTo("2000001010");
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
        .hasMessage("windowTicks must be in [1, 2147483647] (got 0)");
  }
}
