package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PlanFileTest {

  private static PlanFile read(String text, long maxPlanUnits) {
    return PlanFile.of("plan.txt", new BufferedReader(new StringReader(text)), maxPlanUnits);
  }

  @Test
  void nextPlanUnits_mixedSeparatorsAndComments_readsInOrder() {
    String text = "# a plan\n3, 3 ,3\n\n  0\t10,,7 # trailing comment\n,2\n";

    assertThat(ScenarioParityTest.drain(read(text, 10))).isEqualTo("3 3 3 0 10 7 2");
  }

  @Test
  void nextPlanUnits_emptyFile_hasNoTicks() {
    assertThat(read("", 10).hasNext()).isFalse();
    assertThat(read("\n# nothing\n\n", 10).hasNext()).isFalse();
  }

  @Test
  void nextPlanUnits_notAnInteger_namesLineAndValue() {
    PlanFile plan = read("1 2\n3\n4 x5 6\n", 10);

    assertThatThrownBy(() -> ScenarioParityTest.drain(plan))
        .isInstanceOf(PlanFileException.class)
        .hasMessage("plan file plan.txt line 3: \"x5\" is not an integer x_q (units of 1/q)");
  }

  @Test
  void nextPlanUnits_outOfRange_namesLineValueAndRange() {
    assertThatThrownBy(() -> ScenarioParityTest.drain(read("1\n11\n", 10)))
        .hasMessage("plan file plan.txt line 2: x_q must be in [0, 10] (got 11)");
    assertThatThrownBy(() -> ScenarioParityTest.drain(read("-1\n", 10)))
        .hasMessage("plan file plan.txt line 1: x_q must be in [0, 10] (got -1)");
  }

  @Test
  void open_missingFile_saysSo(@TempDir Path dir) {
    Path missing = dir.resolve("missing.txt");

    assertThatThrownBy(() -> PlanFile.open(missing, 10))
        .isInstanceOf(PlanFileException.class)
        .hasMessage("cannot read plan file " + missing + ": no such file");
  }

  @Test
  void open_realFile_streamsValues(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("plan.csv");
    Files.writeString(file, "1,2,3\n4\n");

    try (PlanFile plan = PlanFile.open(file, 4)) {
      assertThat(ScenarioParityTest.drain(plan)).isEqualTo("1 2 3 4");
    }
  }
}
