package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.core.ManualClock;
import io.quantaflow.core.Plan;
import io.quantaflow.core.Schedule;
import io.quantaflow.server.store.InMemoryStore;
import io.quantaflow.server.store.StoreRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis store and the in-memory store, fed the same calls at the same clock readings
 * (the Redis store's test-only injected clock), must return identical decisions: allowed,
 * remaining tokens and both exact waits. Also covers the script cache flush (NOSCRIPT).
 */
final class RedisStoreParityTest {

  @RegisterExtension
  static final StandaloneRedis redis = new StandaloneRedis();

  @Test
  void decideAll_randomCallsAndClockSteps_matchInMemoryDecisionForDecision() {
    long seed = 0x9a71_7e57L;
    Random random = new Random(seed);
    ManualClock clock = new ManualClock(-3_000_000_000L);
    List<Limit> limits = List.of(
        Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000),
        Limit.of(ConstantPlan.of(1_000, 1), 1, 1_000),
        Limit.of(ConstantPlan.of(Plan.MAX_Q, Plan.MAX_Q - 1), Limit.MAX_BURST_TOKENS,
            1_000_000_000),
        Limit.of(ConstantPlan.of(7, 7 * Plan.MAX_TOKENS_PER_TICK), 3, 1_000_000),
        Limit.of(ConstantPlan.of(3, 0), 4, 1_000_000),
        Limit.unlimited());
    String[] keys = {"t1|a", "t1|b", "t2|a", "t3", "t4", "t5"};
    Limit[] limitOf = new Limit[keys.length];
    for (int k = 0; k < keys.length; k++) {
      limitOf[k] = limits.get(k % limits.size());
    }

    try (InMemoryStore memory = new InMemoryStore(clock);
        RedisStore store = openStore(clock, "parity:")) {
      for (int step = 0; step < 800; step++) {
        stepClock(random, clock);
        if (random.nextInt(50) == 0) {
          // A key changes its limit: both stores must start it afresh.
          int k = random.nextInt(keys.length);
          limitOf[k] = limits.get(random.nextInt(limits.size()));
        }
        List<StoreRequest> call = randomCall(random, keys, limitOf);

        List<Decision> expected = memory.decideAll(call);
        List<Decision> actual = store.decideAll(call);

        assertThat(actual).as(String.format(Locale.ROOT, "seed %d step %d at %d ns: %s",
            seed, step, clock.nowNanos(), call)).isEqualTo(expected);
      }
    }
  }

  @Test
  void decideAll_afterScriptFlush_reloadsScriptAndKeepsState() {
    ManualClock clock = new ManualClock(0);
    Limit limit = Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RedisStore store = RedisStore.open(config(clock, "flush:"), registry,
        Duration.ofSeconds(5))) {
      store.decideAll(List.of(new StoreRequest("k", limit, 4)));
      double reloadsBefore = registry.get("quantaflow.redis.script.reloads").counter().count();

      assertThat(redis.call("SCRIPT", "FLUSH")).isEqualTo("OK");
      Decision decision = store.decideAll(List.of(new StoreRequest("k", limit, 1))).get(0);

      assertThat(decision.allowed()).isTrue();
      assertThat(decision.remainingTokens()).isZero();
      assertThat(registry.get("quantaflow.redis.script.reloads").counter().count())
          .isEqualTo(reloadsBefore + 1);
    }
  }

  @Test
  void bindTo_registryAddedLater_seesTheStoresMeters() {
    ManualClock clock = new ManualClock(0);
    Limit limit = Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000);
    SimpleMeterRegistry later = new SimpleMeterRegistry();
    try (RedisStore store = RedisStore.open(config(clock, "bind:"), new SimpleMeterRegistry(),
        Duration.ofSeconds(5))) {
      store.decideAll(List.of(new StoreRequest("k", limit, 1)));

      store.bindTo(later);
      redis.call("SCRIPT", "FLUSH");
      store.decideAll(List.of(new StoreRequest("k", limit, 1)));

      assertThat(later.get("quantaflow.redis.script.reloads").counter().count())
          .isEqualTo(1.0);
      assertThat(later.get("quantaflow.redis.breaker.state").gauge().value()).isZero();
    }
  }

  @Test
  void checkSupported_tickNotWholeMicros_isRefusedWithTheReason() {
    assertThatThrownBy(() -> RedisStore.checkSupported(
        Limit.of(ConstantPlan.of(10, 3), 5, 1_500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the tick must be a whole number of microseconds for the Redis store,"
            + " whose clock (Redis TIME) counts microseconds (got 1500 ns)");
  }

  @Test
  void checkSupported_schedule_isRefusedWithTheReason() {
    Limit scheduled = Limit.of(
        Schedule.of(10, new long[] {4, 6}, new long[] {1, 20}), 5, 1_000_000);

    assertThatThrownBy(() -> RedisStore.checkSupported(scheduled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Redis store runs constant rates only, not a schedule; write one"
            + " rate, or keep state in memory");
  }

  private static RedisStoreConfig config(ManualClock clock, String prefix) {
    return RedisStoreConfig.of(redis.uri())
        .withKeyPrefix(prefix)
        .withTimeout(Duration.ofSeconds(5))
        .withFailurePolicy(FailurePolicy.FAIL_CLOSED)
        .withInjectedClockForTests(clock);
  }

  private static RedisStore openStore(ManualClock clock, String prefix) {
    return RedisStore.open(config(clock, prefix), new SimpleMeterRegistry(),
        Duration.ofSeconds(5));
  }

  private static void stepClock(Random random, ManualClock clock) {
    switch (random.nextInt(8)) {
      case 0 -> { } // same reading
      case 1 -> clock.advance(1);
      case 2 -> clock.advance(random.nextInt(1_000_000));
      case 3 -> clock.advance(1_000_000L * (1 + random.nextInt(20)));
      case 4 -> clock.advance(-random.nextInt(5_000_000)); // a step back
      case 5 -> clock.advance(1_000_000_000L * random.nextInt(100));
      case 6 -> clock.advance(random.nextLong() >>> 20); // up to 2^44 ns
      default -> clock.advance(999_999);
    }
  }

  private static List<StoreRequest> randomCall(Random random, String[] keys, Limit[] limitOf) {
    int size = 1 + random.nextInt(3);
    List<StoreRequest> call = new ArrayList<>(size);
    for (int r = 0; r < size; r++) {
      int k = random.nextInt(keys.length);
      Limit limit = limitOf[k];
      long burst = limit.isUnlimited() ? 10 : limit.burstTokens();
      long hits = switch (random.nextInt(6)) {
        case 0 -> 0;
        case 1 -> 1;
        case 2 -> Math.min(burst, 2);
        case 3 -> burst;
        case 4 -> burst + 1;
        default -> random.nextInt(4);
      };
      call.add(new StoreRequest(keys[k], limit, hits));
    }
    return call;
  }
}
