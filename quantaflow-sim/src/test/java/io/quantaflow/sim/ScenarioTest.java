package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

final class ScenarioTest {

  @Test
  void parse_sawtoothAlias_isSaw() {
    assertThat(Scenario.parse("sawtooth")).isSameAs(Scenario.SAW);
    assertThat(Scenario.parse("SAW")).isSameAs(Scenario.SAW);
  }

  @Test
  void parse_unknownName_namesValueAndChoices() {
    assertThatThrownBy(() -> Scenario.parse("sine"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scenario must be one of diurnal, spiky, saw (alias sawtooth), rand"
            + " (got \"sine\")");
  }

  @Test
  void plan_randSameSeed_sameSequence() {
    String first = ScenarioParityTest.drain(Scenario.RAND.plan(10, 500, 0.3, 42));
    String second = ScenarioParityTest.drain(Scenario.RAND.plan(10, 500, 0.3, 42));
    String otherSeed = ScenarioParityTest.drain(Scenario.RAND.plan(10, 500, 0.3, 43));

    assertThat(first).isEqualTo(second);
    assertThat(first).isNotEqualTo(otherSeed);
  }

  @Test
  void plan_rand_coversWholeClosedRangeUniformly() {
    long[] counts = new long[11];
    long[] plan = ScenarioParityTest.drainToArray(Scenario.RAND.plan(10, 110_000, 0, 7));

    for (long value : plan) {
      counts[(int) value]++;
    }

    // 10 000 expected per value; 5 standard deviations is about 500.
    assertThat(java.util.Arrays.stream(counts).boxed())
        .allSatisfy(count -> assertThat(count).isBetween(9_500L, 10_500L));
  }

  @Test
  void plan_multiTokenSpan_scalesSpikesAndDiurnal() {
    long[] spiky = ScenarioParityTest.drainToArray(Scenario.SPIKY.plan(30, 41, 0, 7));
    long[] diurnal = ScenarioParityTest.drainToArray(Scenario.DIURNAL.plan(30, 26, 0.3, 7));

    assertThat(spiky[0]).isEqualTo(30);
    assertThat(spiky[5]).isZero();
    assertThat(spiky[40]).isEqualTo(30);
    // base trunc(0.4*30) = 12, amplitude trunc(0.3*30) = 9, sin(pi/2) = 1 at tick 25.
    assertThat(diurnal[0]).isEqualTo(12);
    assertThat(diurnal[25]).isEqualTo(21);
  }

  @Test
  void plan_exhausted_throwsNoSuchElement() {
    PlanSource plan = Scenario.SAW.plan(10, 1, 0.3, 7);
    plan.nextPlanUnits();

    assertThat(plan.hasNext()).isFalse();
    assertThatThrownBy(plan::nextPlanUnits).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void plan_badArguments_nameTheValue() {
    assertThatThrownBy(() -> Scenario.DIURNAL.plan(10, -1, 0.3, 7))
        .hasMessage("ticks must be >= 0 (got -1)");
    assertThatThrownBy(() -> Scenario.DIURNAL.plan(10, 5, Double.NaN, 7))
        .hasMessage("amp must be in [0, 1] (got NaN)");
    assertThatThrownBy(() -> Scenario.DIURNAL.plan(10, 5, 1.5, 7))
        .hasMessage("amp must be in [0, 1] (got 1.5)");
  }
}
