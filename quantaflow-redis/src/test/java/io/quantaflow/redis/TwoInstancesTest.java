package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Limit;
import io.quantaflow.core.ManualClock;
import io.quantaflow.server.store.StoreRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two service instances (two stores, two connections) on one Redis: together they must hold
 * the plan within the window bound plan(W) + B + (1 - 1/q), W measured with Redis's own
 * clock before and after the load. And skewed instance clocks: the store reads Redis TIME,
 * so instances whose clocks disagree cannot mint; the test shows what per-instance clocks
 * (the test-only injected clock) would do instead.
 */
final class TwoInstancesTest {

  @RegisterExtension
  static final StandaloneRedis redis = new StandaloneRedis();

  @Test
  void decideAll_twoInstancesEightCallers_admitWithinTheWindowBound() throws Exception {
    // 1/10 token per 1 ms tick (100 per second), burst 20.
    Limit limit = Limit.of(ConstantPlan.of(10, 1), 20, 1_000_000);
    List<StoreRequest> call = List.of(new StoreRequest("tenant|hot", limit, 1));
    int callsPerCaller = 300;

    long startMicros = redisMicros();
    long admitted;
    try (RedisStore first = open("two:"); RedisStore second = open("two:")) {
      ExecutorService callers = Executors.newFixedThreadPool(8);
      List<Future<Long>> counts = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        RedisStore store = c % 2 == 0 ? first : second;
        counts.add(callers.submit(countAllowed(store, call, callsPerCaller)));
      }
      admitted = 0;
      for (Future<Long> count : counts) {
        admitted += count.get();
      }
      callers.shutdown();
    }
    long endMicros = redisMicros();

    // Ticks the key can have earned in: every tick from the first reading to the last.
    long ticks = endMicros / 1_000 - startMicros / 1_000 + 1;
    // plan(W) + B + (1 - 1/q) = floor((W x + B q + q - 1) / q) with x = 1, q = 10, B = 20.
    long bound = (ticks * 1 + 20 * 10 + 9) / 10;
    System.out.printf("two instances: %d of %d calls admitted over %d ticks (bound %d)%n",
        admitted, 8 * callsPerCaller, ticks, bound);
    assertThat(admitted).isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(bound);
  }

  @Test
  void decideAll_instancesWithSkewedClocks_cannotMintThroughRedisTime() {
    // One token per second, burst 5.
    Limit limit = Limit.of(ConstantPlan.of(1_000, 1), 5, 1_000_000);
    ManualClock behind = new ManualClock(1_000_000_000_000L);
    ManualClock ahead = new ManualClock(1_000_000_000_000L + 3_600_000_000_000L);

    long skewedAdmitted;
    long redisTimeAdmitted;
    long startMicros = redisMicros();
    try (RedisStore slow = openInjected("skew:", behind);
        RedisStore fast = openInjected("skew:", ahead);
        RedisStore first = open("time:");
        RedisStore second = open("time:")) {
      skewedAdmitted = alternate(slow, fast, limit);
      redisTimeAdmitted = alternate(first, second, limit);
    }
    long ticks = redisMicros() / 1_000 - startMicros / 1_000 + 1;

    // An hour of skew: every swing forward finds an hour to catch up on, a full burst.
    long bound = (ticks * 1 + 5 * 1_000 + 999) / 1_000;
    System.out.printf("40 alternating calls: skewed instance clocks admitted %d, Redis TIME "
        + "admitted %d (bound %d)%n", skewedAdmitted, redisTimeAdmitted, bound);
    // Skewed: every call is admitted, 40 tokens from a burst of 5 in well under 35 s.
    assertThat(skewedAdmitted).isEqualTo(40);
    assertThat(redisTimeAdmitted).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(bound);
  }

  private static long alternate(RedisStore a, RedisStore b, Limit limit) {
    long admitted = 0;
    for (int i = 0; i < 40; i++) {
      RedisStore store = i % 2 == 0 ? a : b;
      if (store.decideAll(List.of(new StoreRequest("k", limit, 1))).get(0).allowed()) {
        admitted++;
      }
    }
    return admitted;
  }

  private static Callable<Long> countAllowed(
      RedisStore store, List<StoreRequest> call, int calls) {
    return () -> {
      long allowed = 0;
      for (int i = 0; i < calls; i++) {
        if (store.decideAll(call).get(0).allowed()) {
          allowed++;
        }
      }
      return allowed;
    };
  }

  private static long redisMicros() {
    @SuppressWarnings("unchecked")
    List<Object> time = (List<Object>) redis.call("TIME");
    return Long.parseLong((String) time.get(0)) * 1_000_000
        + Long.parseLong((String) time.get(1));
  }

  private static RedisStore open(String prefix) {
    // Fail closed with a generous timeout: nothing here may be admitted by the policy.
    return RedisStore.open(RedisStoreConfig.of(redis.uri())
            .withKeyPrefix(prefix)
            .withTimeout(Duration.ofSeconds(5))
            .withFailurePolicy(FailurePolicy.FAIL_CLOSED),
        new SimpleMeterRegistry(), Duration.ofSeconds(5));
  }

  private static RedisStore openInjected(String prefix, ManualClock clock) {
    return RedisStore.open(RedisStoreConfig.of(redis.uri())
            .withKeyPrefix(prefix)
            .withTimeout(Duration.ofSeconds(5))
            .withFailurePolicy(FailurePolicy.FAIL_CLOSED)
            .withInjectedClockForTests(clock),
        new SimpleMeterRegistry(), Duration.ofSeconds(5));
  }
}
