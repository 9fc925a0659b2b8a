package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceCommandTest {

  @Test
  void trace_thenReplay_roundTrips(@TempDir Path dir) throws IOException {
    Path trace = dir.resolve("t.csv");

    Cli.Run write = Cli.run("trace", "--shape", "on-off", "--tenants", "3", "--rate", "2/s",
        "--duration", "10m", "--seed", "4", "--out", trace.toString());
    Cli.Run replay = Cli.run("replay", trace.toString(), "--rate", "2/s", "--burst", "4",
        "--format", "csv", "--algorithms", "quantaflow");

    assertThat(write.exitCode()).isZero();
    assertThat(Files.readAllLines(trace).get(0)).isEqualTo("time_ms,tenant");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out().lines().skip(1).findFirst().orElseThrow())
        .startsWith("quantaflow,*,").endsWith(",0,0,0");
  }

  @Test
  void trace_stdout_sameSeedSameTrace() {
    Cli.Run first = Cli.run("trace", "--tenants", "2", "--duration", "1m");
    Cli.Run second = Cli.run("trace", "--tenants", "2", "--duration", "1m");

    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(second.out()).startsWith("time_ms,tenant\n");
  }

  @Test
  void trace_badOptions_exitTwoWithOneLine() {
    Cli.Run shape = Cli.run("trace", "--shape", "zipf");
    Cli.Run tenants = Cli.run("trace", "--tenants", "0");

    assertThat(shape.exitCode()).isEqualTo(2);
    assertThat(shape.err()).hasLineCount(1).contains("shape must be one of poisson, on-off");
    assertThat(tenants.exitCode()).isEqualTo(2);
    assertThat(tenants.err()).isEqualTo(
        "quantaflow trace: tenants must be in [1, 1000000] (got 0)\n");
  }
}
