package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

final class ReplayCommandTest {

  /** The example that ships with the project; tests run in the module's directory. */
  private static final Path SAMPLE =
      Path.of("..", "examples", "traces", "nasa-http-1995-07-01-first-1000.csv");
  /** The full trace, beside the repository when the shared fixtures are there. */
  private static final Path NASA = Path.of(System.getProperty("quantaflow.shared",
      Path.of("..", "..", "shared").toString()), "traces", "nasa-http-1995-07-01.csv");

  private static List<String> algorithmRows(String out) {
    return out.lines().dropWhile(line -> !line.startsWith("algorithm")).skip(1)
        .takeWhile(line -> !line.isBlank()).collect(Collectors.toList());
  }

  @Test
  void replay_sample_quantaflowNeverOverAdmitsNorThrottlesFalsely() {
    Cli.Run run = Cli.run("replay", SAMPLE.toString(), "--rate", "1/10s", "--burst", "2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("  requests    = 1000 from ")
        .contains("(time column time_s, unit s)")
        .contains("  limit       = 1/10s per tenant, burst 2, tick 1ms (q = 10000, x_q = 1");
    List<String> rows = algorithmRows(run.out());
    assertThat(rows).extracting(row -> row.split("\\s+")[0]).containsExactly("quantaflow",
        "token-bucket-float", "gcra", "fixed-window", "sliding-log", "sliding-window");
    // admitted, denied, then five zeros: no false throttle, over-admission or violation.
    assertThat(rows.get(0)).matches("quantaflow\\s+\\d+\\s+\\d+\\s+0\\s+0\\s+0\\s+0\\s+0");
  }

  @Test
  void replay_fullNasaTrace_inSecondsWithNoQuantaflowViolation() throws IOException {
    assumeTrue(Files.exists(NASA), "the shared NASA trace is beside the repository");

    Cli.Run first = Cli.run("replay", NASA.toString(), "--rate", "1/10s", "--burst", "2",
        "--format", "json");
    Cli.Run second = Cli.run("replay", NASA.toString(), "--rate", "1/10s", "--burst", "2",
        "--format", "json");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(second.out());
    JsonNode root = new ObjectMapper().readTree(first.out());
    assertThat(root.get("requests").asLong()).isEqualTo(9_999);
    assertThat(root.get("tenants").asLong()).isEqualTo(936);
    JsonNode quantaflow = root.get("algorithms").get(0);
    assertThat(quantaflow.get("name").asText()).isEqualTo("quantaflow");
    assertThat(quantaflow.get("overAdmissions").asLong()).isZero();
    assertThat(quantaflow.get("boundViolations").asLong()).isZero();
    assertThat(quantaflow.get("falseThrottles").asLong()).isZero();
    // The busiest client sent 118 requests (../shared/traces/README.md).
    long busiest = 0;
    for (JsonNode tenant : root.get("perTenant")) {
      busiest = Math.max(busiest,
          tenant.get("algorithms").get("quantaflow").get("requests").asLong());
    }
    assertThat(busiest).isEqualTo(118);
  }

  @Test
  void replay_csv_totalsThenEveryTenant() {
    Cli.Run run = Cli.run("replay", SAMPLE.toString(), "--rate", "1/10s", "--burst", "2",
        "--format", "csv", "--algorithms", "quantaflow,fixed-window");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().collect(Collectors.toList());
    assertThat(lines.get(0)).isEqualTo("algorithm,tenant,requests,admitted,denied,"
        + "false_throttles,over_admissions,bound_violations");
    assertThat(lines.get(1)).startsWith("quantaflow,*,1000,").endsWith(",0,0,0");
    assertThat(lines.get(2)).startsWith("fixed-window,*,1000,");
    assertThat(lines.stream().filter(line -> line.startsWith("quantaflow,tenant-")))
        .isNotEmpty();
  }

  @Test
  void replay_costColumnAndMillis_chargeEachRequest(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("t.csv");
    // 3 tokens per second, burst 3, costs 2 + 2 in the same millisecond: one is denied.
    Files.writeString(trace, "time_ms,tenant,cost\n0,a,2\n0,a,2\n1000,a,2\n");

    Cli.Run run = Cli.run("replay", trace.toString(), "--rate", "3/s", "--burst", "3",
        "--algorithms", "quantaflow", "--format", "csv", "--top", "0");

    assertThat(run.out().lines()).contains("quantaflow,*,3,2,1,0,0,0");
  }

  @Test
  void replay_malformedRow_namesItsLineAndExitsTwo(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("broken.csv");
    Files.writeString(trace, "time_s,tenant\n1,a\n2,b\nthree,c\n4,d\n");

    Cli.Run run = Cli.run("replay", trace.toString(), "--rate", "1/10s", "--burst", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("quantaflow replay: trace " + trace
        + " line 4: column time_s: time \"three\" is not a number of seconds\n");
  }

  @Test
  void replay_badOptions_exitTwoWithOneLine(@TempDir Path dir) {
    List<Cli.Run> runs = Arrays.asList(
        Cli.run("replay", SAMPLE.toString()),
        Cli.run("replay", SAMPLE.toString(), "--rate", "fast"),
        Cli.run("replay", SAMPLE.toString(), "--rate", "1/10s", "--burst", "0"),
        Cli.run("replay", dir.resolve("missing.csv").toString(), "--rate", "1/10s"),
        Cli.run("replay", SAMPLE.toString(), "--rate", "1/10s", "--time-unit", "weeks"),
        Cli.run("replay", SAMPLE.toString(), "--rate", "1/10s", "--tenant-column", "client"));

    for (Cli.Run run : runs) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).hasLineCount(1).startsWith("quantaflow replay: ");
    }
    assertThat(runs.get(0).err()).contains("--rate");
    assertThat(runs.get(2).err()).contains("--burst must be in [1, 2147483647] (got 0)");
    assertThat(runs.get(3).err()).contains("no such file");
    assertThat(runs.get(5).err()).contains("no tenant column \"client\"");
  }

  @Test
  void replay_plot_writesPng(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("replay.png");

    Cli.Run run = Cli.run("replay", SAMPLE.toString(), "--rate", "1/10s", "--burst", "2",
        "--plot", png.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Arrays.copyOf(Files.readAllBytes(png), 4)).containsExactly(0x89, 'P', 'N', 'G');
  }

  @Test
  void replay_plansFile_overridesOneTenant(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "time_s,tenant\n0,a\n0,a\n0,a\n0,b\n0,b\n0,b\n");
    Path plans = dir.resolve("plans.csv");
    Files.writeString(plans, "# tenant,rate,burst\n*,1/10s,1\nb,1/s,3\n");

    Cli.Run run = Cli.run("replay", trace.toString(), "--plans", plans.toString(),
        "--algorithms", "quantaflow", "--format", "csv");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // a: burst 1 admits one of three; b: burst 3 admits all three.
    assertThat(run.out().lines()).contains("quantaflow,a,3,1,2,0,0,0",
        "quantaflow,b,3,3,0,0,0,0");
  }

  @Test
  void replay_badPlansFile_namesItsLine(@TempDir Path dir) throws IOException {
    Path plans = dir.resolve("plans.csv");
    Files.writeString(plans, "*,1/10s,2\nb,lots,3\n");

    Cli.Run run = Cli.run("replay", SAMPLE.toString(), "--plans", plans.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).hasLineCount(1)
        .startsWith("quantaflow replay: plans file " + plans + " line 2: ");
  }
}
