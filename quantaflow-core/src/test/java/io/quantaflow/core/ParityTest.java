package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the reference's parity files, reproduced by the carry rule with M = 1. */
final class ParityTest {

  static Stream<ParityFixtures.Row> allRows() {
    return Stream.concat(
        ParityFixtures.rows(ParityFixtures.SCENARIOS).stream(),
        ParityFixtures.rows(ParityFixtures.RANDOM).stream());
  }

  @Test
  void fixtures_haveEveryDocumentedRow() {
    // 6 scenarios x 5 grids x 5 lengths, and 60 random plans (shared/parity/README.md)
    assertThat(ParityFixtures.rows(ParityFixtures.SCENARIOS)).hasSize(150);
    assertThat(ParityFixtures.rows(ParityFixtures.RANDOM)).hasSize(60);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allRows")
  void carryRule_referencePlan_reproducesTokens(ParityFixtures.Row row) {
    assertThat(row.planUnits()).hasSize(row.ticks());
    assertThat(java.util.Arrays.stream(row.planUnits()).allMatch(x -> x >= 0 && x <= row.q()))
        .isTrue();

    long[] tokens = Oracles.run(row.q(), 1, row.planUnits());

    assertThat(Oracles.transcript(tokens)).isEqualTo(Oracles.transcript(row.tokens()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allRows")
  void maxWindowErrorUnits_referencePlan_printsReferenceValue(ParityFixtures.Row row) {
    long[] tokens = Oracles.run(row.q(), 1, row.planUnits());

    long units = WindowError.maxWindowErrorUnits(row.planUnits(), tokens, row.q());

    assertThat(WindowError.format(units, row.q())).isEqualTo(row.maxWindowError());
    assertThat(units).isEqualTo(
        Oracles.bruteForceWindowErrorUnits(row.planUnits(), tokens, row.q()));
  }

  @Test
  void tracker_everyRowStreamed_printsReferenceValue() {
    List<ParityFixtures.Row> rows = allRows().toList();
    for (ParityFixtures.Row row : rows) {
      CarryRule rule = new CarryRule(row.q(), 1);
      WindowError.Tracker tracker = new WindowError.Tracker(row.q());

      for (long plan : row.planUnits()) {
        tracker.add(plan, rule.step(plan));
      }

      assertThat(tracker.formatted()).as("%s", row).isEqualTo(row.maxWindowError());
    }
  }
}
