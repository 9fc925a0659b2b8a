package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.server.store.StoreRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis store on a three-master Redis Cluster (built with redis-cli --cluster create):
 * keys spread over the masters, a call spanning two slots is all-or-nothing (through the
 * refund), a call within one hash tag is one atomic script, a slot moved to another
 * master in the middle of the load keeps its state and its bound, and a master restarted
 * is answered by the failure policy while down and through Redis once back.
 */
final class ClusterTest {

  /** About one token per 24 days: after its burst a key is empty for the test. */
  private static final Limit NO_REFILL = Limit.of(ConstantPlan.of(Integer.MAX_VALUE, 1), 5,
      1_000_000);

  private static RedisCluster cluster;
  private static RedisStore store;
  private static SimpleMeterRegistry registry;

  @BeforeAll
  static void startCluster() {
    assumeTrue(RedisBinaries.server().isPresent(), RedisBinaries.missingMessage());
    cluster = RedisCluster.start();
    registry = new SimpleMeterRegistry();
    store = RedisStore.open(RedisStoreConfig.of("redis-cluster://127.0.0.1:"
                + cluster.nodes().get(0).port() + ",127.0.0.1:" + cluster.nodes().get(1).port())
            .withKeyPrefix("c:")
            .withHashTagSeparator("|")
            .withTimeout(Duration.ofSeconds(2))
            .withFailurePolicy(FailurePolicy.FAIL_CLOSED),
        registry, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopCluster() {
    if (store != null) {
      store.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void decideAll_keysOnEveryMaster_decideThroughRedis() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; ports.size() < 3 && i < 100; i++) {
      String stateKey = "spread" + i;
      ports.add(cluster.ownerOf(cluster.slotOf("c:{" + stateKey + "}")).port());

      List<Decision> decisions = store.decideAll(
          List.of(new StoreRequest(stateKey, NO_REFILL, 5),
              new StoreRequest(stateKey, NO_REFILL, 0)));

      assertThat(decisions).allMatch(Decision::allowed);
      assertThat(decisions.get(0).remainingTokens()).isZero();
    }
    assertThat(ports).hasSize(3);
    assertThat(errors()).isZero();
  }

  @Test
  void decideAll_callSpanningSlotsOneDenies_takesNothingAnywhere() {
    String rich = "rich";
    String poor = findKeyOnOtherSlot(rich);
    store.decideAll(List.of(new StoreRequest(poor, NO_REFILL, 4)));

    List<Decision> decisions = store.decideAll(
        List.of(new StoreRequest(rich, NO_REFILL, 3), new StoreRequest(poor, NO_REFILL, 3)));

    assertThat(decisions).noneMatch(d -> d.allowed() && d.requestedTokens() > 0);
    // The refund is sent after the answer; the bank of "rich" returns to 5.
    awaitBank("c:{" + rich + "}", "5");
    assertThat(bank("c:{" + poor + "}")).isEqualTo("1");
  }

  @Test
  void decideAll_oneHashTagManyDescriptors_oneAtomicScript() {
    List<StoreRequest> call = List.of(new StoreRequest("tenant7|a", NO_REFILL, 2),
        new StoreRequest("tenant7|b", NO_REFILL, 6));

    List<Decision> decisions = store.decideAll(call);

    // Both keys share the slot of {tenant7}; b asks more than its burst, so a takes nothing.
    assertThat(cluster.slotOf("c:{tenant7}|a")).isEqualTo(cluster.slotOf("c:{tenant7}|b"));
    assertThat(decisions.get(0).allowed()).isTrue();
    assertThat(decisions.get(0).requestedTokens()).isZero();
    assertThat(decisions.get(1).possible()).isFalse();
    assertThat(bank("c:{tenant7}|a")).isEqualTo("5");
  }

  @Test
  void decideAll_slotMovedMidLoad_keepsStateAndBound() {
    String stateKey = "moving";
    String redisKey = "c:{" + stateKey + "}";
    int slot = cluster.slotOf(redisKey);
    RedisProcess before = cluster.ownerOf(slot);
    RedisProcess target = cluster.nodes().stream().filter(n -> n != before).findFirst()
        .orElseThrow();
    List<StoreRequest> one = List.of(new StoreRequest(stateKey, NO_REFILL, 1));

    long admitted = 0;
    for (int i = 0; i < 3; i++) {
      admitted += store.decideAll(one).get(0).allowed() ? 1 : 0;
    }
    cluster.moveSlot(slot, target);
    for (int i = 0; i < 10; i++) {
      admitted += store.decideAll(one).get(0).allowed() ? 1 : 0;
    }

    // The burst of 5, once: the state moved with the slot.
    assertThat(cluster.ownerOf(slot)).isSameAs(target);
    assertThat(admitted).isEqualTo(5);
    assertThat(target.call("HGET", redisKey, "b")).isEqualTo("0");
    assertThat(errors()).isZero();
  }

  @Test
  void decideAll_masterRestarted_answersByPolicyThenRecovers() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    try (RedisStore restarting = RedisStore.open(RedisStoreConfig.of(
                "redis-cluster://127.0.0.1:" + cluster.nodes().get(0).port())
            .withKeyPrefix("r:")
            .withTimeout(Duration.ofSeconds(1))
            .withFailurePolicy(FailurePolicy.FAIL_CLOSED),
        own, Duration.ofSeconds(10))) {
      String redisKey = "r:{restarting}";
      RedisProcess owner = cluster.ownerOf(cluster.slotOf(redisKey));
      List<StoreRequest> one = List.of(new StoreRequest("restarting", NO_REFILL, 1));
      assertThat(restarting.decideAll(one).get(0).allowed()).isTrue();

      owner.stop();
      Decision duringOutage = restarting.decideAll(one).get(0);
      owner.restart();
      cluster.awaitHealthy();
      // The master lost its data (no persistence): through Redis the key starts full again.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!"4".equals(owner.call("HGET", redisKey, "b")) && System.nanoTime() < deadline) {
        restarting.decideAll(one);
        RedisProcess.sleepMillis(20);
      }

      assertThat(duringOutage.allowed()).isFalse();
      assertThat(own.get("quantaflow.redis.policy.decisions").tag("policy", "fail_closed")
          .counters().stream().mapToDouble(c -> c.count()).sum()).isPositive();
      assertThat(owner.call("HGET", redisKey, "b")).isEqualTo("4");
    }
  }

  private static String findKeyOnOtherSlot(String key) {
    int slot = cluster.slotOf("c:{" + key + "}");
    for (int i = 0; ; i++) {
      String other = "other" + i;
      if (cluster.slotOf("c:{" + other + "}") != slot) {
        return other;
      }
    }
  }

  private static String bank(String redisKey) {
    RedisProcess owner = cluster.ownerOf(cluster.slotOf(redisKey));
    return (String) owner.call("HGET", redisKey, "b");
  }

  private static void awaitBank(String redisKey, String expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!expected.equals(bank(redisKey)) && System.nanoTime() < deadline) {
      RedisProcess.sleepMillis(10);
    }
    assertThat(bank(redisKey)).isEqualTo(expected);
  }

  private static double errors() {
    return registry.find("quantaflow.redis.errors").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }
}
