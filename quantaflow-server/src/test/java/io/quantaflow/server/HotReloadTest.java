package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantaflow.core.ManualClock;
import io.quantaflow.server.metrics.ServerMetrics;
import io.quantaflow.server.store.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads driven by calling {@link ConfigHolder#reloadIfChanged()}; no waiting on timers. */
final class HotReloadTest {

  @TempDir
  Path dir;

  private Path file;
  private ManualClock clock;
  private ServerMetrics metrics;
  private ConfigHolder holder;
  private DecisionService service;

  private static String config(String tenantRate, String otherRate) {
    return "domain: d\ndescriptors:\n"
        + "  - key: tenant\n    rate_limit: {unit: minute, requests_per_unit: " + tenantRate
        + "}\n"
        + "  - key: other\n    rate_limit: {unit: minute, requests_per_unit: " + otherRate
        + "}\n";
  }

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("rl.yaml");
    Files.writeString(file, config("5", "3"));
    clock = new ManualClock(0);
    metrics = new ServerMetrics();
    holder = new ConfigHolder(file, metrics);
    service = new DecisionService(holder, new InMemoryStore(clock), metrics, 8);
  }

  /** How many of {@code n} requests are admitted right now. */
  private int admitted(String key, int n) {
    int ok = 0;
    for (int i = 0; i < n; i++) {
      CheckRequest r = new CheckRequest("d", List.of(DecisionServiceTest.d(key, "acme")), 1);
      ok += service.check(r).overLimit() ? 0 : 1;
    }
    return ok;
  }

  @Test
  void reload_loweredLimit_appliesAndUnchangedRuleKeepsItsState() throws Exception {
    assertThat(admitted("tenant", 4)).isEqualTo(4);
    assertThat(admitted("other", 3)).isEqualTo(3);

    Files.writeString(file, config("2", "3"));
    boolean reloaded = holder.reloadIfChanged();

    assertThat(reloaded).isTrue();
    // The changed rule starts afresh with its new, smaller bank of 2.
    assertThat(admitted("tenant", 5)).isEqualTo(2);
    // The unchanged rule kept its state: its bank is still empty.
    assertThat(admitted("other", 1)).isZero();
    assertThat(metrics.scrape())
        .contains("quantaflow_config_reloads_total{result=\"success\"} 1.0");
  }

  @Test
  void reload_raisedLimit_admitsMore() throws Exception {
    assertThat(admitted("tenant", 6)).isEqualTo(5);

    Files.writeString(file, config("50", "3"));
    holder.reloadIfChanged();

    assertThat(admitted("tenant", 60)).isEqualTo(50);
  }

  @Test
  void reload_invalidFile_isRejectedAndTheOldConfigKeepsServing() throws Exception {
    assertThat(admitted("tenant", 2)).isEqualTo(2);

    Files.writeString(file, config("5", "3").replace("unit: minute", "unit: fortnight"));
    boolean reloaded = holder.reloadIfChanged();

    assertThat(reloaded).isFalse();
    assertThat(holder.lastError()).contains("rl.yaml:4: unit 'fortnight' is not one of");
    // Same rules, same state: 3 of the bank of 5 remain.
    assertThat(admitted("tenant", 5)).isEqualTo(3);
    assertThat(metrics.scrape())
        .contains("quantaflow_config_reloads_total{result=\"failure\"} 1.0");

    Files.writeString(file, config("7", "3"));
    assertThat(holder.reloadIfChanged()).isTrue();
    assertThat(admitted("tenant", 9)).isEqualTo(7);
  }

  @Test
  void reload_unchangedBytes_doesNothing() throws Exception {
    Files.writeString(file, config("5", "3"));

    assertThat(holder.reloadIfChanged()).isFalse();
    assertThat(metrics.scrape())
        .contains("quantaflow_config_reloads_total{result=\"success\"} 0.0");
  }
}
