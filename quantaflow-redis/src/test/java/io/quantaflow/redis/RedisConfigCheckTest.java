package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.server.ConfigHolder;
import io.quantaflow.server.config.ConfigException;
import io.quantaflow.server.metrics.ServerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule the Redis store cannot run (a schedule) is a configuration error, found when the
 * configuration loads, at startup and on reload; before, it surfaced only as a failed request.
 * No Redis is needed: the check is about the limits, so the store points at a closed port.
 */
final class RedisConfigCheckTest {

  private static final String CONSTANT = "domain: d\n"
      + "descriptors:\n"
      + "  - key: tenant\n"
      + "    rate_limit: {unit: minute, requests_per_unit: 5}\n";

  /** The scheduled rule's {@code rate_limit} mapping starts on line 7. */
  private static final String SCHEDULED = CONSTANT
      + "  - key: report\n"
      + "    rate_limit:\n"
      + "      schedule:\n"
      + "        period: 1d\n"
      + "        segments:\n"
      + "          - {from: 0, rate: 1/s}\n"
      + "          - {from: 8h, rate: 10/s}\n";

  /** A pool on a schedule cannot be written; a pool is checked through its rules anyway. */
  private static final String POOLED = "domain: d\n"
      + "pools:\n"
      + "  - {name: db, rate: 200/s}\n"
      + "descriptors:\n"
      + "  - key: tenant\n"
      + "    rate_limit: {unit: second, requests_per_unit: 20, pool: db}\n";

  @TempDir
  Path dir;
  private Path file;
  private RedisStore store;
  private final ServerMetrics metrics = new ServerMetrics();

  @BeforeEach
  void setUp() {
    file = dir.resolve("rl.yaml");
    store = RedisStore.open(RedisStoreConfig.of("redis://127.0.0.1:1"),
        new SimpleMeterRegistry(), Duration.ofMillis(200));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void load_scheduledRuleOnRedis_rejectedWithFileLineAndReason() throws Exception {
    Files.writeString(file, SCHEDULED);

    assertThatThrownBy(() -> new ConfigHolder(file, metrics, store))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":7: rule d.report cannot run on this store: the Redis store"
            + " runs constant rates only, not a schedule; write one rate, or keep state in"
            + " memory");
  }

  @Test
  void load_scheduledRuleInMemory_accepted() throws Exception {
    Files.writeString(file, SCHEDULED);

    ConfigHolder holder = new ConfigHolder(file, metrics);

    assertThat(holder.get().config().rules()).hasSize(2);
  }

  @Test
  void load_constantRulesAndPoolOnRedis_accepted() throws Exception {
    Files.writeString(file, POOLED);

    ConfigHolder holder = new ConfigHolder(file, metrics, store);

    assertThat(holder.get().config().rules()).hasSize(1);
  }

  @Test
  void reload_scheduledRuleOnRedis_rejectedAndOldConfigKeepsServing() throws Exception {
    Files.writeString(file, CONSTANT);
    ConfigHolder holder = new ConfigHolder(file, metrics, store);

    Files.writeString(file, SCHEDULED);
    boolean reloaded = holder.reloadIfChanged();

    assertThat(reloaded).isFalse();
    assertThat(holder.lastError()).isEqualTo(file + ":7: rule d.report cannot run on this"
        + " store: the Redis store runs constant rates only, not a schedule; write one rate,"
        + " or keep state in memory");
    assertThat(holder.get().config().rules()).extracting(r -> r.id())
        .containsExactly("d.tenant");
    assertThat(metrics.scrape())
        .contains("quantaflow_config_reloads_total{result=\"failure\"} 1.0");

    Files.writeString(file, CONSTANT.replace("5}", "7}"));
    assertThat(holder.reloadIfChanged()).isTrue();
  }
}
