package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CompareCommandTest {

  @Test
  void compare_defaults_tableHasEveryAlgorithmAndCarryRuleHolds() {
    Cli.Run run = Cli.run("compare");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("QuantaFlow compare\n")
        .contains("  bounds      = window error <= 0.900000 (1 - 1/q)");
    List<String> rows = run.out().lines().dropWhile(line -> !line.startsWith("algorithm"))
        .skip(1).collect(Collectors.toList());
    assertThat(rows).extracting(line -> line.split("\\s+")[0]).containsExactly(
        "carry-rule", "naive-rounding", "double-accumulation", "randomized-rounding",
        "token-bucket-float", "gcra", "fixed-window", "sliding-log", "sliding-window");
    assertThat(rows.get(0)).matches("carry-rule\\s+80\\s+0\\.000000\\s+0\\.900000\\s+held\\s+held");
  }

  @Test
  void compare_naiveRoundingOfThreeTenths_csvShowsNothingMinted(@TempDir Path dir)
      throws IOException {
    Path plan = dir.resolve("plan.txt");
    Files.writeString(plan, "3 ".repeat(1000));

    Cli.Run run = Cli.run("compare", "--plan", plan.toString(), "--format", "csv",
        "--algorithms", "carry-rule,naive-rounding");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines()).containsExactly(
        "algorithm,ticks,planned,minted,drift,max_window_error,first_window_break_tick,"
            + "first_drift_break_tick",
        "carry-rule,1000,300.000000,300,0.000000,0.900000,,",
        "naive-rounding,1000,300.000000,0,-300.000000,300.000000,3,3");
  }

  @Test
  void compare_json_isMachineReadableAndReproducible() throws IOException {
    String[] args = {"compare", "--scenario", "rand", "--ticks", "3000", "--seed", "5",
        "--format", "JSON"};

    Cli.Run first = Cli.run(args);
    Cli.Run second = Cli.run(args);

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(second.out());
    JsonNode root = new ObjectMapper().readTree(first.out());
    assertThat(root.get("ticks").asLong()).isEqualTo(3000);
    assertThat(root.get("algorithms")).hasSize(9);
    JsonNode carry = root.get("algorithms").get(0);
    assertThat(carry.get("name").asText()).isEqualTo("carry-rule");
    assertThat(carry.get("firstWindowBreakTick").isNull()).isTrue();
    assertThat(carry.get("maxWindowError").decimalValue())
        .isLessThanOrEqualTo(root.get("windowBound").decimalValue());
  }

  @Test
  void compare_plotPngAndSvg_writeImages(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("compare.png");
    Path svg = dir.resolve("compare.svg");

    Cli.Run pngRun = Cli.run("compare", "--ticks", "500", "--plot", png.toString());
    Cli.Run svgRun = Cli.run("compare", "--ticks", "500", "--plot", svg.toString());

    assertThat(pngRun.exitCode()).isZero();
    assertThat(svgRun.exitCode()).isZero();
    byte[] pngBytes = Files.readAllBytes(png);
    assertThat(Arrays.copyOf(pngBytes, 4)).containsExactly(0x89, 'P', 'N', 'G');
    String svgText = Files.readString(svg);
    assertThat(svgText).contains("<svg").contains("Cumulative plan and tokens minted")
        .contains("time (ticks)").contains("Worst sliding-window error by algorithm")
        .contains("carry-rule");
  }

  @Test
  void compare_badOptions_exitTwoWithOneLine(@TempDir Path dir) {
    Cli.Run algorithm = Cli.run("compare", "--algorithms", "carry-rule,leaky");
    Cli.Run window = Cli.run("compare", "--window", "0");
    Cli.Run tick = Cli.run("compare", "--tick", "5 parsecs");
    Cli.Run plot = Cli.run("compare", "--plot", dir.resolve("chart.gif").toString());

    for (Cli.Run run : List.of(algorithm, window, tick, plot)) {
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).hasLineCount(1).startsWith("quantaflow compare: ");
    }
    assertThat(algorithm.err()).contains("algorithm must be one of carry-rule,")
        .contains("(got \"leaky\")");
    assertThat(window.err()).contains("--window must be in [1, 10000000] (got 0)");
    assertThat(tick.err()).contains("duration must be a number and a unit");
    assertThat(plot.err()).contains("plot file must end in .png or .svg");
  }
}
