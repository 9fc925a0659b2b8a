package io.quantaflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class RatiosTest {

  private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
      + "\"Score Error (99.9%)\",\"Unit\",\"Param: implementation\",\"Param: ratePerSecond\"";

  @Test
  void fields_quotedAndBare_splitsOnUnquotedCommas() {
    List<String> fields = Ratios.fields("\"a,b\",1,NaN,guava,");

    assertThat(fields).containsExactly("a,b", "1", "NaN", "guava", "");
  }

  @Test
  void markdown_twoImplementations_dividesQuantaflowByPeerPerParameterSet() {
    List<String> csv = List.of(HEADER,
        row("SingleKeyBenchmark.run", 30.0, "quantaflow", "1000"),
        row("SingleKeyBenchmark.run", 12.0, "guava", "1000"),
        row("SingleKeyBenchmark.run:allowed", 0.001, "guava", "1000"),
        row("SingleKeyBenchmark.run", 10.0, "quantaflow", "5"),
        row("SingleKeyBenchmark.run", 40.0, "guava", "5"));

    String table = Ratios.markdown(csv);

    // 30 / 12 = 2.5 at rate 1000, 10 / 40 = 0.25 at rate 5: each ratio within its own row.
    assertThat(table)
        .contains("| SingleKeyBenchmark.run ratePerSecond=1000 | ops/us | 30.000 | 12.000 "
            + "| 2.50x |")
        .contains("| SingleKeyBenchmark.run ratePerSecond=5 | ops/us | 10.000 | 40.000 | 0.25x |")
        .contains("| SingleKeyBenchmark.run:allowed ratePerSecond=1000 | guava | 0.001 | ops/us |");
  }

  @Test
  void markdown_peerMissingForOneCase_printsDashInsteadOfRatio() {
    List<String> csv = List.of(HEADER,
        row("SingleKeyBenchmark.run", 30.0, "quantaflow", "1000"),
        row("SingleKeyBenchmark.run", 12.0, "guava", "5"));

    String table = Ratios.markdown(csv);

    assertThat(table)
        .contains("| SingleKeyBenchmark.run ratePerSecond=1000 | ops/us | 30.000 | - | - |");
  }

  @Test
  void markdown_cpuNanosCounter_dividesPeerCpuPerOperationByOurs() {
    List<String> csv = List.of(HEADER,
        row("SingleKeyBenchmark.run", 20.0, "quantaflow", "1000"),
        row("SingleKeyBenchmark.run:cpuNanos", 600.0, "quantaflow", "1000"),
        row("SingleKeyBenchmark.run", 10.0, "guava", "1000"),
        row("SingleKeyBenchmark.run:cpuNanos", 450.0, "guava", "1000"));

    String table = Ratios.markdown(csv);

    // 600 / 20 = 30 ns and 450 / 10 = 45 ns per operation: guava needs 1.5x our CPU.
    assertThat(table)
        .contains("| SingleKeyBenchmark.run ratePerSecond=1000 | cpu ns/op | 30.000 | 45.000 "
            + "| 1.50x |");
  }

  @Test
  void markdown_emptyFile_saysSo() {
    assertThatThrownBy(() -> Ratios.markdown(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the CSV file is empty");
  }

  private static String row(String benchmark, double score, String implementation, String rate) {
    return String.format(java.util.Locale.ROOT, "\"io.quantaflow.bench.%s\",\"thrpt\",1,5,%f,NaN,"
        + "\"ops/us\",%s,%s", benchmark, score, implementation, rate);
  }
}
