package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions for the defects a fresh-user test of sim, compare, replay and trace found. */
final class FreshUserRegressionTest {

  private static final String SMALL_TRACE =
      "../examples/traces/nasa-http-1995-07-01-first-1000.csv";

  @TempDir
  Path dir;

  private static void assertOneLineError(Cli.Run run, String expected) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(expected + System.lineSeparator());
  }

  /** compare summed plan units in longs: "internal error: long overflow" at 10,000 ticks. */
  @Test
  void compare_largestQAndM_runsWithoutOverflow() {
    Cli.Run run = Cli.run("compare", "--q", "2147483647", "--tokens-per-tick", "1048576",
        "--ticks", "10000", "--scenario", "rand");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("  ticks       = 10000")
        .containsPattern("carry-rule +[0-9]+ +-0\\.[0-9]{6} +0\\.9[0-9]{5} +held +held");
  }

  /** sim --plan f --emit f truncated the user's plan file and ran 0 ticks with exit 0. */
  @Test
  void sim_emitNamesThePlanFile_refusesAndKeepsThePlan() throws IOException {
    Path plan = Files.writeString(dir.resolve("same.txt"), "1 2 3\n");

    Cli.Run run = Cli.run("sim", "--plan", plan.toString(), "--emit", plan.toString());

    assertOneLineError(run, "quantaflow sim: --emit " + plan + " names the input file "
        + plan + "; writing it would destroy the input");
    assertThat(Files.readString(plan)).isEqualTo("1 2 3\n");
  }

  /** replay ran the whole trace, then failed with the file name twice and no reason. */
  @Test
  void replay_plotInMissingDirectory_failsFirstWithTheReason() {
    Path plot = dir.resolve("missing").resolve("x.png");

    Cli.Run run = Cli.run("replay", SMALL_TRACE, "--rate", "1/10s", "--plot",
        plot.toString());

    assertOneLineError(run, "quantaflow replay: cannot write --plot file " + plot
        + ": no such directory " + plot.getParent());
  }

  /** Outputs named "", a directory or a full device got "internal error" or no reason. */
  @Test
  void sim_badEmitTargets_sayWhatIsWrong() {
    assertOneLineError(Cli.run("sim", "--emit", ""), "quantaflow sim: --emit file name is empty");
    assertOneLineError(Cli.run("sim", "--emit", dir.toString()),
        "quantaflow sim: cannot write --emit file " + dir + ": it is a directory");
    assertOneLineError(Cli.run("trace", "--out", dir.resolve("no/t.csv").toString()),
        "quantaflow trace: cannot write --out file " + dir.resolve("no/t.csv")
            + ": no such directory " + dir.resolve("no"));
  }

  /** A write that fails mid-run printed "internal error: java.io.IOException", exit 1. */
  @Test
  void sim_emitToFullDevice_failsWithOneLineAndExitOne() {
    if (!Files.exists(Path.of("/dev/full"))) {
      return; // Linux only: nothing else gives a device that is always full.
    }

    Cli.Run run = Cli.run("sim", "--emit", "/dev/full");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("quantaflow sim: cannot write --emit file /dev/full: "
        + "no space left on device" + System.lineSeparator());
  }

  /** "quantaflow bogus" said "Unmatched argument at index 0: 'bogus'". */
  @Test
  void main_unknownCommand_namesItAndListsTheCommands() {
    Cli.Run run = Cli.run("bogus");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("quantaflow: unknown command 'bogus': choose one of sim, "
        + "compare, replay, trace").endsWith("(see quantaflow --help)" + System.lineSeparator())
        .hasLineCount(1);
  }

  /** An integer too large for a long was called "not an integer". */
  @Test
  void sim_planValueBeyondLong_saysOutOfRange() throws IOException {
    Path plan = Files.writeString(dir.resolve("big.txt"), "3\n99999999999999999999\n");

    assertOneLineError(Cli.run("sim", "--plan", plan.toString()), "quantaflow sim: plan file "
        + plan + " line 2: x_q must be in [0, 10] (got 99999999999999999999)");
  }

  /** A UTF-8 byte order mark was rejected as an invisible "not an integer". */
  @Test
  void sim_planWithByteOrderMark_readsTheValues() throws IOException {
    Path plan = Files.writeString(dir.resolve("bom.txt"), "\uFEFF3 3 3 3\n",
        StandardCharsets.UTF_8);

    Cli.Run run = Cli.run("sim", "--plan", plan.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("  ticks       = 4");
  }

  /** A binary plan file said "after line 0: Input length = 1". */
  @Test
  void sim_binaryPlanFile_saysNotUtf8WithTheLine() throws IOException {
    Path plan = Files.write(dir.resolve("bin"), new byte[] {'1', '\n', (byte) 0xC3, 0x28});

    assertOneLineError(Cli.run("sim", "--plan", plan.toString()), "quantaflow sim: plan file "
        + plan + " line 2: not UTF-8 text (is it a binary file?)");
  }

  /** An empty plan file ran 0 ticks with exit 0. */
  @Test
  void sim_emptyPlanFile_rejected() throws IOException {
    Path plan = Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");

    assertOneLineError(Cli.run("sim", "--plan", plan.toString()),
        "quantaflow sim: plan file " + plan + " has no values");
  }

  /** compare said "[1000, 86400000000000] (got 0)" in nanoseconds, replay "[1us, 1d]". */
  @Test
  void tick_outOfRange_sameWordsInEveryCommand() {
    assertOneLineError(Cli.run("compare", "--tick", "0ms"),
        "quantaflow compare: --tick must be in [1us, 1d] (got 0ns)");
    assertOneLineError(Cli.run("replay", SMALL_TRACE, "--rate", "1/s", "--tick", "2d"),
        "quantaflow replay: --tick must be in [1us, 1d] (got 2d)");
  }

  /** The bound 1 - 1/q printed as 1.000000 at q = 2^31 - 1, "a whole token". */
  @Test
  void sim_largestQ_boundPrintedBelowOne() {
    Cli.Run run = Cli.run("sim", "--q", "2147483647");

    assertThat(run.out()).contains("  theory bound     = 0.999999");
  }

  /** "1 tenants" in the replay header. */
  @Test
  void replay_oneTenant_singular() throws IOException {
    Path trace = Files.writeString(dir.resolve("one.csv"), "time_s,tenant\n1,a\n2,a\n");

    Cli.Run run = Cli.run("replay", trace.toString(), "--rate", "1/s");

    assertThat(run.out()).contains("= 2 from 1 tenant over 1 s");
  }

  /**
   * At rate zero QuantaFlow admitted nothing yet was charged 936 false throttles, while the
   * peers admitted 936 requests with no over-admission. A zero plan's envelope is zero.
   */
  @Test
  void replay_zeroRate_everyModelAdmitsNothingAndNoDenialIsFalse() {
    Cli.Run run = Cli.run("replay", SMALL_TRACE, "--rate", "0/10s", "--burst", "2",
        "--format", "csv");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().filter(line -> line.contains(",*,")))
        .hasSize(6)
        .allSatisfy(line -> assertThat(line).endsWith(",*,1000,0,1000,0,0,0"));
  }

  /** A trace header with a byte order mark was rejected with an invisible character. */
  @Test
  void replay_headerWithByteOrderMark_readsTheColumns() throws IOException {
    Path trace = Files.writeString(dir.resolve("bom.csv"), "\uFEFFtime_s,tenant\n1,a\n",
        StandardCharsets.UTF_8);

    Cli.Run run = Cli.run("replay", trace.toString(), "--rate", "1/s");

    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  /** The progress counter asked System.console() instead of whether stderr is a terminal. */
  @Test
  void isTerminal_stderrLinkTarget_decides() throws IOException {
    Path pts = Files.createSymbolicLink(dir.resolve("pts"), Path.of("/dev/pts/3"));
    Path file = Files.createSymbolicLink(dir.resolve("file"), dir.resolve("err.log"));
    Path notALink = Files.writeString(dir.resolve("plain"), "");

    assertThat(Progress.isTerminal(pts)).isTrue();
    assertThat(Progress.isTerminal(file)).isFalse();
    assertThat(Progress.isTerminal(notALink)).isFalse();
    assertThat(Progress.isTerminal(dir.resolve("absent"))).isFalse();
  }
}
