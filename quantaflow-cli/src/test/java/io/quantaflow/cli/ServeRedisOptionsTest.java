package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Redis options of {@code quantaflow serve}: bad values exit 2 with one line. */
final class ServeRedisOptionsTest {

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
