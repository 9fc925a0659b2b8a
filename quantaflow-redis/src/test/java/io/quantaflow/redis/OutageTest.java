package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.server.store.StoreRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis stopped and restarted under load, once per failure policy: every call returns (no
 * exception, no stall: the slowest call is printed and must stay far below Lettuce's 60 s
 * default), the answers during the outage follow the policy, the breaker and the metrics
 * record it, and once Redis is back the store decides through Redis again, without restart.
 */
final class OutageTest {

  /** About one token per 24 days: after its burst of 3 a key is empty for the test. */
  private static final Limit NO_REFILL = Limit.of(ConstantPlan.of(Integer.MAX_VALUE, 1), 3,
      1_000_000);

  @RegisterExtension
  final StandaloneRedis redis = new StandaloneRedis();

  @Test
  void decideAll_redisDownFailOpen_admitsThenRecovers() throws Exception {
    Outcome outcome = runOutage(FailurePolicy.FAIL_OPEN);

    // The key was empty before the outage; fail open admitted it all the same.
    assertThat(outcome.duringOutage.allowed).isPositive();
    assertThat(outcome.duringOutage.denied).isZero();
    assertThat(outcome.policyDecisions).isPositive();
  }

  @Test
  void decideAll_redisDownFailClosed_deniesThenRecovers() throws Exception {
    Outcome outcome = runOutage(FailurePolicy.FAIL_CLOSED);

    assertThat(outcome.duringOutage.allowed).isZero();
    assertThat(outcome.duringOutage.denied).isPositive();
    assertThat(outcome.policyDecisions).isPositive();
  }

  private record Counts(long allowed, long denied) {}

  private record Outcome(Counts duringOutage, double policyDecisions) {}

  private Outcome runOutage(FailurePolicy policy) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RedisStoreConfig config = RedisStoreConfig.of(redis.uri())
        .withTimeout(Duration.ofMillis(20))
        .withFailurePolicy(policy)
        .withBreaker(3, Duration.ofMillis(200));
    try (RedisStore store = RedisStore.open(config, registry, Duration.ofSeconds(5))) {
      List<StoreRequest> emptyKey = List.of(new StoreRequest("drained", NO_REFILL, 1));
      store.decideAll(List.of(new StoreRequest("drained", NO_REFILL, 3)));
      assertThat(store.decideAll(emptyKey).get(0).allowed()).isFalse();

      // Load: four callers on the drained key until told to stop.
      AtomicBoolean outage = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong allowedInOutage = new AtomicLong();
      AtomicLong deniedInOutage = new AtomicLong();
      AtomicLong slowestNanos = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
      ExecutorService callers = Executors.newFixedThreadPool(4);
      for (int c = 0; c < 4; c++) {
        callers.execute(() -> {
          while (!stop.get()) {
            long start = System.nanoTime();
            try {
              Decision decision = store.decideAll(emptyKey).get(0);
              slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
              if (outage.get()) {
                (decision.allowed() ? allowedInOutage : deniedInOutage).incrementAndGet();
              }
            } catch (RuntimeException e) {
              thrown.add(e);
            }
          }
        });
      }

      RedisProcess.sleepMillis(200);
      redis.stop();
      RedisProcess.sleepMillis(100);
      outage.set(true);
      RedisProcess.sleepMillis(1_000);
      outage.set(false);
      assertThat(store.breakerState()).isNotEqualTo(CircuitBreaker.State.CLOSED);
      redis.restart();
      awaitReady(store);
      RedisProcess.sleepMillis(200);
      stop.set(true);
      callers.shutdown();
      assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

      // Back through Redis: the restarted Redis lost its data, so a new key starts full and
      // the store's calls empty it in Redis, which no failure policy could do. (On a busy
      // machine a call may still time out and be answered by the policy; it is retried.)
      awaitReady(store);
      List<StoreRequest> freshKey = List.of(new StoreRequest("after", NO_REFILL, 1));
      int callsAfter = 0;
      while (!"0".equals(Resp.tryCall(redis.port(), "HGET", "qf:{after}", "b"))
          && callsAfter < 100) {
        store.decideAll(freshKey);
        callsAfter++;
      }

      System.out.printf("%s: outage allowed %d denied %d, slowest call %.1f ms, errors %.0f%n",
          policy, allowedInOutage.get(), deniedInOutage.get(), slowestNanos.get() / 1e6,
          registry.find("quantaflow.redis.errors").counters().stream()
              .mapToDouble(c -> c.count()).sum());
      assertThat(thrown).isEmpty();
      assertThat(redis.call("HGET", "qf:{after}", "b")).isEqualTo("0");
      assertThat(callsAfter).isGreaterThanOrEqualTo(3);
      // No stall: far below the 60 s a default client would wait (20 ms timeout here).
      assertThat(slowestNanos.get()).isLessThan(TimeUnit.SECONDS.toNanos(2));
      double policyDecisions = registry.find("quantaflow.redis.policy.decisions")
          .tag("policy", policy.name().toLowerCase(java.util.Locale.ROOT))
          .counters().stream().mapToDouble(c -> c.count()).sum();
      return new Outcome(new Counts(allowedInOutage.get(), deniedInOutage.get()),
          policyDecisions);
    }
  }

  private static void awaitReady(RedisStore store) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!store.ready()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the store did not reconnect within 20 s");
      }
      // A call lets the breaker probe Redis.
      store.decideAll(List.of(new StoreRequest("probe", NO_REFILL, 0)));
      RedisProcess.sleepMillis(20);
    }
  }
}
