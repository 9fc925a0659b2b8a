package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis options of {@code quantaflow serve}: bad values exit 2 with one line. */
final class ServeRedisOptionsTest {

  @TempDir
  Path dir;

  @Test
  void serve_redisWithScheduledRule_exits2WithFileLineAndReason() throws Exception {
    Path file = dir.resolve("rl.yaml");
    Files.writeString(file, "domain: d\n"
        + "descriptors:\n"
        + "  - key: report\n"
        + "    rate_limit:\n"
        + "      schedule:\n"
        + "        period: 1d\n"
        + "        segments: [{from: 0, rate: 1/s}, {from: 8h, rate: 10/s}]\n");

    // Nothing listens on port 1: the configuration is refused before Redis matters.
    Cli.Run run = Cli.run("serve", "--config", file.toString(), "--grpc-port", "0",
        "--http-port", "0", "--redis", "redis://127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly("quantaflow serve: " + file + ":5: rule"
        + " d.report cannot run on this store: the Redis store runs constant rates only, not a"
        + " schedule; write one rate, or keep state in memory");
  }

  @Test
  void serve_inMemoryWithScheduledRule_configAccepted() throws Exception {
    Path file = dir.resolve("rl.yaml");
    Files.writeString(file, "domain: d\n"
        + "descriptors:\n"
        + "  - key: report\n"
        + "    rate_limit:\n"
        + "      schedule:\n"
        + "        period: 1d\n"
        + "        segments: [{from: 0, rate: 1/s}, {from: 8h, rate: 10/s}]\n");

    Cli.Run run = Cli.run("check-config", file.toString());

    assertThat(run.exitCode()).isZero();
  }

  @Test
  void serve_redisUriWithUnknownScheme_exits2NamingTheUri() {
    Cli.Run run = Cli.run("serve", "--config", "examples/quantaflow.yaml",
        "--redis", "http://127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).endsWith("redis uri must start with "
        + "redis://, rediss:// or redis-cluster:// (got \"http://127.0.0.1:1\")");
  }

  @Test
  void serve_unknownFailurePolicy_exits2NamingTheValue() {
    Cli.Run run = Cli.run("serve", "--config", "examples/quantaflow.yaml",
        "--redis", "redis://127.0.0.1:1", "--redis-failure-policy", "maybe");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).endsWith(
        "--redis-failure-policy must be open or closed (got 'maybe')");
  }

  @Test
  void serve_timeoutOutOfRange_exits2NamingTheRange() {
    Cli.Run run = Cli.run("serve", "--config", "examples/quantaflow.yaml",
        "--redis", "redis://127.0.0.1:1", "--redis-timeout-ms", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).endsWith("timeout must be in [1 ms, 10000 ms] (got 0 ms)");
  }
}
