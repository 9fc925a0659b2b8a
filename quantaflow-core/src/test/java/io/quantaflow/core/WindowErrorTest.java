package io.quantaflow.core;

import static io.quantaflow.core.Oracles.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class WindowErrorTest {

  @Test
  void maxWindowErrorUnits_emptyInput_isZero() {
    assertThat(WindowError.maxWindowErrorUnits(new long[0], new long[0], 10)).isZero();
  }

  @Test
  void maxWindowErrorUnits_firstWindowIsWorst_countsTheEmptyPrefix() {
    // D = 0, 1: without D_0 the only candidate would be D_1 alone and the answer 0
    assertThat(WindowError.maxWindowErrorUnits(plan("1"), plan("0"), 10)).isEqualTo(1);
  }

  @Test
  void maxWindowErrorUnits_tightWitness_isQMinusOne() {
    long[] x = plan("0,1,1,1,1,1,1,1,1,1");
    long[] y = Oracles.run(10, 1, x);

    assertThat(WindowError.maxWindowErrorUnits(x, y, 10)).isEqualTo(9);
    assertThat(WindowError.format(9, 10)).isEqualTo("0.900000");
  }

  @Test
  void maxWindowErrorUnits_outputAheadThenBehind_spansMaxToMin() {
    // D = 0, -7, -4, 3 (q = 10): worst window is ticks 1..2, error 10/10
    long[] x = plan("3,3,7");
    long[] y = plan("1,0,0");

    assertThat(WindowError.maxWindowErrorUnits(x, y, 10)).isEqualTo(10);
    assertThat(Oracles.bruteForceWindowErrorUnits(x, y, 10)).isEqualTo(10);
  }

  @Test
  void maxWindowErrorUnits_lengthsDiffer_throwsNamingBoth() {
    assertThatThrownBy(() -> WindowError.maxWindowErrorUnits(new long[2], new long[3], 10))
        .hasMessage("planUnits and tokens must have the same length (got 2 and 3)");
  }

  @Test
  void tracker_negativeInput_throwsNamingTheTick() {
    WindowError.Tracker tracker = new WindowError.Tracker(10);
    tracker.add(3, 0);

    assertThatThrownBy(() -> tracker.add(-1, 0))
        .hasMessage("tick 1: planUnits and tokens must be >= 0 (got -1 and 0)");
  }

  @Test
  void tracker_deviationBeyondLong_throwsArithmeticException() {
    WindowError.Tracker tracker = new WindowError.Tracker(CarryRule.MAX_Q);

    assertThatThrownBy(() -> tracker.add(0, Long.MAX_VALUE / 2))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageStartingWith("tick 0: the deviation of plan and tokens leaves the range");
  }

  @Test
  void tracker_streamedTicks_matchesArrayVersionAndKeepsDeviation() {
    long[] x = plan("5,2,1");
    long[] y = plan("0,1,0");
    WindowError.Tracker tracker = new WindowError.Tracker(7);
    for (int t = 0; t < x.length; t++) {
      tracker.add(x[t], y[t]);
    }

    // D = 0, 5, 0, 1
    assertThat(tracker.maxUnits()).isEqualTo(5);
    assertThat(tracker.deviationUnits()).isEqualTo(1);
    assertThat(tracker.ticks()).isEqualTo(3);
    assertThat(tracker.formatted()).isEqualTo("0.714286");
  }

  @Test
  void format_roundsHalfToEven() {
    assertThat(WindowError.format(1, 128)).isEqualTo("0.007812");
    assertThat(WindowError.format(3, 128)).isEqualTo("0.023438");
    assertThat(WindowError.format(2, 3)).isEqualTo("0.666667");
    assertThat(WindowError.format(0, 5)).isEqualTo("0.000000");
  }
}
