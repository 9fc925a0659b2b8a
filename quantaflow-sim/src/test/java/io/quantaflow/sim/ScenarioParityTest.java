package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario row of the reference's parity fixture (a copy of
 * {@code ../shared/parity/seed-scenarios.csv}) is regenerated from its arguments alone.
 */
final class ScenarioParityTest {

  private static final String FIXTURE = "parity/seed-scenarios.csv";

  record Row(int line, String scenario, long q, long ticks, double amp, long seed,
      String planUnits) {

    @Override
    public String toString() {
      return String.format("line %d: %s q=%d ticks=%d amp=%s seed=%d",
          line, scenario, q, ticks, amp, seed);
    }
  }

  static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader = SharedFixtures.open(FIXTURE)) {
      String header = reader.readLine();
      assertThat(header).startsWith("case,scenario,q,ticks,amp,seed,max_window_error,x_q,y");
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        String[] f = line.split(",", -1);
        rows.add(new Row(lineNumber, f[1], Long.parseLong(f[2]), Long.parseLong(f[3]),
            Double.parseDouble(f[4]), Long.parseLong(f[5]), f[7]));
      }
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void plan_referenceArguments_reproducesReferencePlan(Row row) {
    String generated;
    try (PlanSource plan = Scenario.parse(row.scenario()).plan(
        row.q(), row.ticks(), row.amp(), row.seed())) {
      generated = drain(plan);
    }

    assertThat(generated).isEqualTo(row.planUnits());
  }

  @org.junit.jupiter.api.Test
  void rows_fixture_coversEveryGeneratedScenario() throws IOException {
    List<String> scenarios = rows().stream().map(Row::scenario).distinct().sorted()
        .collect(Collectors.toList());

    assertThat(rows()).hasSize(150);
    assertThat(scenarios).containsExactly("diurnal", "saw", "spiky");
  }

  static String drain(PlanSource plan) {
    List<String> values = new ArrayList<>();
    while (plan.hasNext()) {
      values.add(Long.toString(plan.nextPlanUnits()));
    }
    return String.join(" ", values);
  }

  static long[] drainToArray(PlanSource plan) {
    return Arrays.stream(drain(plan).split(" ")).filter(s -> !s.isEmpty())
        .mapToLong(Long::parseLong).toArray();
  }
}
