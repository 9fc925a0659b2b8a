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
        .contains("OK: 8 rules in 1 domain");
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

  /**
   * Went wrong: with a.yaml (good) and b.yaml repeating its domain with a bad unit and an
   * unknown key, check-config printed only "b.yaml:1: domain 'd' is defined twice".
   */
  @Test
  void checkConfig_directoryRepeatingADomain_printsEachFilesErrorsAndTheFirstDefinition()
      throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "domain: d\ndescriptors:\n  - key: k\n"
        + "    rate_limit: {unit: second, requests_per_unit: 1}\n");
    Files.writeString(dir.resolve("b.yaml"), """
        domain: d
        descriptors:
          - key: k
            rate_limit:
              unit: fortnight
              requests_per_unit: -5
          - key: j
            rate_limit: {unit: second, requests_per_unit: 1, burts: 2}
        """);
    String a = dir.resolve("a.yaml").toString();
    String b = dir.resolve("b.yaml").toString();

    Cli.Run run = Cli.run("check-config", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().split("\n")).containsExactly(
        "quantaflow check-config: " + b + ":1: domain 'd' is defined twice (first at " + a
            + ":1); each domain may appear once",
        "quantaflow check-config: " + b + ":5: unit 'fortnight' is not one of second, minute,"
            + " hour, day, week, month, year",
        "quantaflow check-config: " + b + ":6: requests_per_unit must be a number >= 0 such as"
            + " 100, 0.5 or 1e6 (got '-5')",
        "quantaflow check-config: " + b + ":8: unknown key 'burts' in 'rate_limit'; allowed:"
            + " burst, name, pool, rate, replaces, requests_per_unit, schedule, tick, unit,"
            + " unlimited");
  }

  /** Went wrong: "OK: 1 rules in 1 domains". */
  @Test
  void checkConfig_oneRule_printsSingular() throws Exception {
    Path file = dir.resolve("one.yaml");
    Files.writeString(file, "domain: d\ndescriptors:\n  - key: k\n"
        + "    rate_limit: {unit: second, requests_per_unit: 1}\n");

    Cli.Run run = Cli.run("check-config", file.toString());

    assertThat(run.out()).endsWith("OK: 1 rule in 1 domain\n");
  }

  /**
   * Went wrong: both ports -1 started a server that served nothing, printed "gRPC
   * 127.0.0.1:-1, HTTP 127.0.0.1:-1" and exited 0.
   */
  @Test
  void serve_bothPortsDisabled_isOneLineAndExit2() {
    Cli.Run run = Cli.run("serve", "--config", "../examples/quantaflow.yaml", "--grpc-port",
        "-1", "--http-port", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("quantaflow serve: nothing to serve:").endsWith("[0, 65535]\n")
        .doesNotContain("\n\t");
  }
}
