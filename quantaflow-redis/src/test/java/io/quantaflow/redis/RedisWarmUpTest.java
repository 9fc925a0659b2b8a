package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: on a cold start the first decision paid for the connection and the script load,
 * took more than the default 5 ms timeout and was decided by fail-open while Redis was up
 * ({@code quantaflow_redis_errors_total{kind="timeout"} 1}). Opening the store now loads the
 * scripts before it reports ready.
 */
final class RedisWarmUpTest {

  @RegisterExtension
  final StandaloneRedis redis = new StandaloneRedis();

  @Test
  void open_freshRedis_scriptsLoadedBeforeFirstDecision() {
    RedisStoreConfig config = RedisStoreConfig.of(redis.uri()).withTimeout(Duration.ofMillis(5));

    try (RedisStore store = RedisStore.open(config, new SimpleMeterRegistry(),
        Duration.ofSeconds(5))) {

      // No decision has run yet, so only the warm-up can have cached the scripts.
      assertThat(store.ready()).isTrue();
      assertThat(redis.call("SCRIPT", "EXISTS", RedisScript.ADMIT.sha1(),
          RedisScript.REFUND.sha1())).isEqualTo(List.of(1L, 1L));
    }
  }

  /**
   * Regression: a store opened while Redis was down reconnected only when a decision came,
   * so with no traffic (none is sent to an instance that is not ready) it stayed unready
   * after Redis was back. Readiness checks alone now bring it back; the loop only waits.
   */
  @Test
  void ready_redisBackWithoutTraffic_becomesReady() {
    redis.stop();
    RedisStoreConfig config = RedisStoreConfig.of(redis.uri());

    try (RedisStore store = RedisStore.open(config, new SimpleMeterRegistry(),
        Duration.ofMillis(200))) {
      boolean readyWhileDown = store.ready();
      redis.restart();
      boolean ready = false;
      for (int i = 0; i < 600 && !ready; i++) {
        ready = store.ready();
        RedisProcess.sleepMillis(50);
      }

      assertThat(readyWhileDown).isFalse();
      assertThat(ready).as("ready within 30 s of Redis coming back, without traffic").isTrue();
    }
  }
}
