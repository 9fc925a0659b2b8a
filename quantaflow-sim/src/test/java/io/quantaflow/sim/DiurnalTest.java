package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

final class DiurnalTest {

  /** The first-day shortcut never changes a truncated wave that StrictMath gives. */
  @Property(tries = 40)
  void waveUnits_fastPath_equalsStrictMath(
      @ForAll @LongRange(min = 1, max = 2_147_483_647L) long spanUnits,
      @ForAll @DoubleRange(min = 0.0, max = 1.0) double amp,
      @ForAll @LongRange(min = 0, max = 1_000_000_000L) long firstTick) {
    Scenario.Diurnal diurnal = new Scenario.Diurnal(spanUnits, amp);

    for (long tick = firstTick; tick < firstTick + 2_000; tick++) {
      assertThat(diurnal.waveUnits(tick)).as("tick %d", tick)
          .isEqualTo(diurnal.strictWaveUnits(tick));
    }
  }

  @Property(tries = 10)
  void waveUnits_referenceGrids_equalsStrictMathOverLongRuns(
      @ForAll @LongRange(min = 2, max = 100) long spanUnits) {
    Scenario.Diurnal diurnal = new Scenario.Diurnal(spanUnits, 0.5);

    for (long tick = 0; tick < 200_000; tick++) {
      assertThat(diurnal.waveUnits(tick)).as("tick %d", tick)
          .isEqualTo(diurnal.strictWaveUnits(tick));
    }
  }
}
