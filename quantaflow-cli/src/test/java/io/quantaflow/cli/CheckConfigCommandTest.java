package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CheckConfigCommandTest {

  @TempDir
  Path dir;

  @Test
  void checkConfig_shippedExample_printsEffectiveRules() {
    Cli.Run run = Cli.run("check-config", "../examples/quantaflow.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("domain demo")
        .contains("tenant=free: 1/20s (1/20000 tokens per 1ms tick, q=20000, burst 1)")
        .contains("pool reports: 100/s")
        .contains("OK: 8 rules in 1 domains");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void checkConfig_redisWithScheduledRule_exits2WithFileLineAndReason() throws Exception {
    Path file = dir.resolve("scheduled.yaml");
    Files.writeString(file, """
        domain: d
        descriptors:
          - key: tenant
            rate_limit: {unit: second, requests_per_unit: 10}
          - key: report
            rate_limit:
              schedule:
                period: 1d
                segments: [{from: 0, rate: 1/s}, {from: 8h, rate: 10/s}]
        """);

    Cli.Run inMemory = Cli.run("check-config", file.toString());
    Cli.Run onRedis = Cli.run("check-config", "--redis", file.toString());

    assertThat(inMemory.exitCode()).isZero();
    assertThat(onRedis.exitCode()).isEqualTo(2);
    assertThat(onRedis.err().lines()).containsExactly("quantaflow check-config: " + file
        + ":7: rule d.report cannot run on this store: the Redis store runs constant rates"
        + " only, not a schedule; write one rate, or keep state in memory");
  }

  @Test
  void checkConfig_redisWithShippedExample_valid() {
    Cli.Run run = Cli.run("check-config", "--redis", "../examples/quantaflow.yaml");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void checkConfig_invalidFile_printsEveryErrorWithFileAndLine() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
        domain: shop
        descriptors:
          - key: tenant
            rate_limit:
              unit: second
              requests_per_unit: 10
              bust: 3
          - key: path
            rate_limit: {unit: sec, requests_per_unit: 1}
        """);

    Cli.Run run = Cli.run("check-config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().split("\n")).containsExactly(
        "quantaflow check-config: " + file + ":7: unknown key 'bust' in 'rate_limit'; allowed:"
            + " burst, name, pool, rate, replaces, requests_per_unit, schedule, tick, unit,"
            + " unlimited",
        "quantaflow check-config: " + file + ":9: unit 'sec' is not one of second, minute, hour,"
            + " day, week, month, year");
  }

  @Test
  void serve_invalidConfig_exitsWith2BeforeListening() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "domain: d\ndescriptors:\n  - value: x\n");

    Cli.Run run = Cli.run("serve", "--config", file.toString(), "--grpc-port", "0",
        "--http-port", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("quantaflow serve: " + file + ":3: 'key' is missing\n");
  }

  @Test
  void serve_badOption_isOneLineAndExit2() {
    Cli.Run run = Cli.run("serve", "--config", "../examples/quantaflow.yaml",
        "--proxy-deny-status", "200", "--grpc-port", "0", "--http-port", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(
        "quantaflow serve: proxy deny status must be in [400, 599] (got 200)\n");
  }

  @Test
  void serve_badRedisPolicy_isOneLineAndExit2() {
    Cli.Run run = Cli.run("serve", "--config", "../examples/quantaflow.yaml", "--redis",
        "redis://127.0.0.1:1", "--redis-failure-policy", "maybe");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(
        "quantaflow serve: --redis-failure-policy must be open or closed (got 'maybe')\n");
  }
}
