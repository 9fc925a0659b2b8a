package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SimCommandTest {

  @Test
  void sim_readmeCommand_printsReferenceBlock() {
    Cli.Run run = Cli.run("sim", "--q", "10", "--ticks", "200", "--scenario", "diurnal",
        "--amp", "0.3", "--seed", "7");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualToNormalizingNewlines(String.join("\n",
        "QuantaFlow simulation",
        "  q           = 10",
        "  ticks       = 200",
        "  scenario    = diurnal",
        "  max window error = 0.900000",
        "  theory bound     = 0.900000",
        ""));
  }

  @Test
  void sim_defaults_areTheReferenceDefaults() {
    Cli.Run defaults = Cli.run("sim");
    Cli.Run explicit = Cli.run("sim", "--q", "10", "--ticks", "200", "--scenario", "diurnal",
        "--amp", "0.3", "--seed", "7", "--tokens-per-tick", "1");

    assertThat(defaults.exitCode()).isZero();
    assertThat(defaults.out()).isEqualTo(explicit.out());
  }

  @Test
  void sim_sawtoothAlias_runsSaw() {
    Cli.Run run = Cli.run("sim", "--scenario", "sawtooth", "--q", "4", "--ticks", "40");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("  scenario    = saw\n");
  }

  @Test
  void sim_spikyAndSaw_matchReferenceErrors() {
    // Spikes are whole tokens, so nothing is carried: 0.
    Cli.Run spiky = Cli.run("sim", "--scenario", "spiky", "--q", "16", "--ticks", "1000");
    // The saw plan 1/q every other tick carries up to q-1 units before a token: the bound.
    Cli.Run saw = Cli.run("sim", "--scenario", "saw", "--q", "16", "--ticks", "1000");
    // Two ticks of saw carry one unit: 1/16.
    Cli.Run shortSaw = Cli.run("sim", "--scenario", "saw", "--q", "16", "--ticks", "2");

    assertThat(spiky.out()).contains("max window error = 0.000000")
        .contains("theory bound     = 0.937500");
    assertThat(saw.out()).contains("max window error = 0.937500");
    assertThat(shortSaw.out()).contains("max window error = 0.062500");
  }

  @Test
  void sim_randSameSeed_sameOutput() {
    Cli.Run first = Cli.run("sim", "--scenario", "rand", "--q", "100", "--ticks", "5000",
        "--seed", "11");
    Cli.Run second = Cli.run("sim", "--scenario", "rand", "--q", "100", "--ticks", "5000",
        "--seed", "11");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(second.out()).contains("  scenario    = rand\n");
  }

  @Test
  void sim_multiToken_boundStaysOneMinusOneOverQ() {
    Cli.Run run = Cli.run("sim", "--scenario", "rand", "--q", "10", "--ticks", "20000",
        "--tokens-per-tick", "5");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("  tokens/tick = 5\n")
        .contains("theory bound     = 0.900000");
    String error = run.out().replaceAll("(?s).*max window error = ([0-9.]+).*", "$1");
    assertThat(Double.parseDouble(error)).isBetween(0.0, 0.9);
  }

  @Test
  void sim_emitToStdout_writesCsvAndSummaryToStderr() {
    Cli.Run run = Cli.run("sim", "--q", "4", "--ticks", "4", "--scenario", "spiky",
        "--emit", "-");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(String.join("\n",
        "tick,x_q,y,carry,deviation",
        "0,4,1,0,0",
        "1,4,1,0,0",
        "2,4,1,0,0",
        "3,4,1,0,0",
        ""));
    assertThat(run.err()).startsWith("QuantaFlow simulation\n")
        .contains("max window error = 0.000000");
  }

  @Test
  void sim_planFileAndEmitFile_followTheCarry(@TempDir Path dir) throws IOException {
    Path plan = dir.resolve("plan.txt");
    Path csv = dir.resolve("out.csv");
    Files.writeString(plan, "3,3\n3 3\n");

    Cli.Run run = Cli.run("sim", "--q", "10", "--plan", plan.toString(),
        "--emit", csv.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("  ticks       = 4\n")
        .contains("  scenario    = plan " + plan + "\n")
        // Plan 3,3,3,3 emits 0,0,0,1; the worst window is the first three ticks, 0.9.
        .contains("max window error = 0.900000");
    assertThat(Files.readAllLines(csv)).containsExactly(
        "tick,x_q,y,carry,deviation",
        "0,3,0,3,3",
        "1,3,0,6,6",
        "2,3,0,9,9",
        "3,3,1,2,2");
  }

  @Test
  void sim_planFileWithTicks_stopsAtTicks(@TempDir Path dir) throws IOException {
    Path plan = dir.resolve("plan.txt");
    Files.writeString(plan, "1 2 3 4 5 6\n");

    Cli.Run run = Cli.run("sim", "--plan", plan.toString(), "--ticks", "2");

    assertThat(run.out()).contains("  ticks       = 2\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--scenario sine       | quantaflow sim: Invalid value for option '--scenario': "
          + "scenario must be one of diurnal, spiky, saw (alias sawtooth), rand (got \"sine\")",
      "--q 1                 | quantaflow sim: --q must be in [2, 2147483647] (got 1)",
      "--q 2147483648        | quantaflow sim: --q must be in [2, 2147483647] (got 2147483648)",
      "--ticks -5            | quantaflow sim: --ticks must be >= 0 (got -5)",
      "--tokens-per-tick 0   | quantaflow sim: --tokens-per-tick must be in [1, 1048576] (got 0)",
      "--amp 1.5             | quantaflow sim: --amp must be in [0, 1] (got 1.5)",
      "--amp NaN             | quantaflow sim: --amp must be in [0, 1] (got NaN)",
      "--q ten               | quantaflow sim: Invalid value for option '--q': 'ten' is not a long",
      "--bogus               | quantaflow sim: Unknown option: '--bogus'",
  })
  void sim_badOption_exitsTwoWithOneLine(String args, String expectedError) {
    Cli.Run run = Cli.run(concat("sim", args.trim().split(" ")));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(expectedError + "\n");
  }

  @Test
  void sim_missingPlanFile_exitsTwoWithOneLine(@TempDir Path dir) {
    Path missing = dir.resolve("nope.txt");

    Cli.Run run = Cli.run("sim", "--plan", missing.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("quantaflow sim: cannot read plan file " + missing + ": no such file\n");
  }

  @Test
  void sim_malformedPlanFile_namesLineAndExitsTwo(@TempDir Path dir) throws IOException {
    Path plan = dir.resolve("plan.txt");
    Files.writeString(plan, "1 2\n3\n4,oops\n");

    Cli.Run run = Cli.run("sim", "--plan", plan.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("quantaflow sim: plan file " + plan
        + " line 3: \"oops\" is not an integer x_q (units of 1/q)\n");
  }

  @Test
  void sim_planValueAboveFullTick_namesLineAndRange(@TempDir Path dir) throws IOException {
    Path plan = dir.resolve("plan.txt");
    Files.writeString(plan, "10\n11\n");

    Cli.Run run = Cli.run("sim", "--q", "10", "--plan", plan.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(
        "quantaflow sim: plan file " + plan + " line 2: x_q must be in [0, 10] (got 11)\n");
  }

  @Test
  void sim_planWithScenario_isRejected(@TempDir Path dir) throws IOException {
    Path plan = dir.resolve("plan.txt");
    Files.writeString(plan, "1\n");

    Cli.Run run = Cli.run("sim", "--plan", plan.toString(), "--scenario", "saw");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).hasLineCount(1).contains("--plan and --scenario");
  }

  @Test
  void sim_unwritableEmitFile_exitsTwoWithOneLine(@TempDir Path dir) {
    Path emit = dir.resolve("no-such-dir").resolve("out.csv");

    Cli.Run run = Cli.run("sim", "--emit", emit.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("quantaflow sim: cannot write --emit file " + emit
        + ": no such directory " + emit.getParent() + "\n");
  }

  @Test
  void sim_help_documentsEveryOptionWithDefault() {
    Cli.Run run = Cli.run("sim", "--help");

    assertThat(run.exitCode()).isZero();
    for (String option : List.of("--q", "--ticks", "--scenario", "--amp", "--seed",
        "--tokens-per-tick", "--plan", "--emit")) {
      assertThat(run.out()).as(option).contains(option);
    }
    assertThat(run.out()).contains("(default: 10)", "(default: 200)", "(default: diurnal)",
        "(default: 0.3)", "(default: 7)", "(default: 1)", "units of 1/Q", "tokens/tick");
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
