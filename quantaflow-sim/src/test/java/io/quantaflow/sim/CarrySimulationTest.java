package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

final class CarrySimulationTest {

  record Row(int line, String scenario, long q, long ticks, double amp, long seed,
      String maxWindowError, String tokens) {

    @Override
    public String toString() {
      return String.format("line %d: %s q=%d ticks=%d amp=%s", line, scenario, q, ticks, amp);
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader = SharedFixtures.open("parity/seed-scenarios.csv")) {
      reader.readLine();
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        String[] f = line.split(",", -1);
        rows.add(new Row(lineNumber, f[1], Long.parseLong(f[2]), Long.parseLong(f[3]),
            Double.parseDouble(f[4]), Long.parseLong(f[5]), f[6], f[8]));
      }
    }
    return rows;
  }

  /** The whole pipeline of {@code quantaflow sim}: generator, carry rule, window error. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void run_referenceScenario_reproducesTokensAndWindowError(Row row) throws IOException {
    List<String> tokens = new ArrayList<>();
    PlanSource plan = Scenario.parse(row.scenario()).plan(row.q(), row.ticks(), row.amp(),
        row.seed());

    CarrySimulation.Result result = CarrySimulation.run(plan, row.q(), 1,
        (tick, planUnits, y, carry, deviation) -> tokens.add(Long.toString(y)));

    assertThat(String.join(" ", tokens)).isEqualTo(row.tokens());
    assertThat(result.maxWindowError()).isEqualTo(row.maxWindowError());
    assertThat(result.ticks()).isEqualTo(row.ticks());
  }

  @Test
  void run_transcript_carryAndDeviationFollowThePlan() throws IOException {
    StringBuilder transcript = new StringBuilder();
    PlanSource plan = PlanFile.of("inline", new BufferedReader(new StringReader("3 3 3 3 7")),
        10);

    CarrySimulation.Result result = CarrySimulation.run(plan, 10, 1,
        (tick, x, y, carry, deviation) -> transcript.append(y).append(carry == deviation
            ? "" : "!"));

    // Plan 3,3,3,3,7 on q = 10: carries 3,6,9,2,9; tokens 0,0,0,1,0.
    assertThat(transcript).hasToString("00010");
    assertThat(result.maxWindowErrorUnits()).isEqualTo(9);
    assertThat(result.theoryBound()).isEqualTo("0.900000");
  }

  @Test
  void run_multiToken_emitsSeveralTokensPerTick() throws IOException {
    List<Long> tokens = new ArrayList<>();
    PlanSource plan = PlanFile.of("inline", new BufferedReader(new StringReader("25 25 0")),
        30);

    CarrySimulation.run(plan, 10, 3, (tick, x, y, carry, deviation) -> tokens.add(y));

    // 25 -> 2 tokens carry 5; 5 + 25 = 30 -> 3 tokens carry 0; then nothing.
    assertThat(tokens).containsExactly(2L, 3L, 0L);
  }

  @Test
  void run_planAboveFullTick_namesTickAndRange() {
    PlanSource plan = Scenario.SPIKY.plan(20, 3, 0, 7);

    assertThatThrownBy(() -> CarrySimulation.run(plan, 10, 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tick 0: x_q must be in [0, 10] (got 20)");
  }
}
