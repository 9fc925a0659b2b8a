package io.quantaflow.redis;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.core.Clock;
import io.quantaflow.server.store.RateLimitStore;
import io.quantaflow.server.store.RateLimitStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's store contract, run against the Redis store on a real redis-server. Each
 * store gets its own key prefix, so every test starts from an empty keyspace; the store
 * reads the contract's manual clock through the test-only injected clock.
 */
final class RedisStoreContractTest extends RateLimitStoreContract {

  @RegisterExtension
  static final StandaloneRedis redis = new StandaloneRedis();
  private static int stores;

  @Override
  protected RateLimitStore newStore(Clock clock) {
    RedisStoreConfig config = RedisStoreConfig.of(redis.uri())
        .withKeyPrefix("contract" + (++stores) + ":")
        .withTimeout(Duration.ofSeconds(5))
        .withFailurePolicy(FailurePolicy.FAIL_CLOSED)
        .withInjectedClockForTests(clock);
    return RedisStore.open(config, new SimpleMeterRegistry(), Duration.ofSeconds(5));
  }
}
