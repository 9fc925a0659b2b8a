package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantaflow.core.ManualClock;
import io.quantaflow.server.config.ConfigLoader;
import io.quantaflow.server.metrics.ServerMetrics;
import io.quantaflow.server.store.InMemoryStore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The service keeps the engine's window guarantee end to end: for random arrivals of several
 * tenants, every window of W ticks holds at most plan(W) + B + (1 - 1/q) admitted requests,
 * checked over all windows between admitted requests, exactly (in units of 1/q).
 */
final class WindowBoundTest {

  private static final long TICK = 1_000_000L;

  @Test
  void check_randomArrivals_admitWithinTheBoundInEveryWindow() throws Exception {
    long seed = 0xB0D_2026L;
    SplittableRandom random = new SplittableRandom(seed);
    ManualClock clock = new ManualClock(-5_000 * TICK);
    CompiledConfig config = new CompiledConfig(ConfigLoader.parse("bound.yaml", """
        domain: d
        descriptors:
          - key: tenant
            value: a
            rate_limit: {rate: 3/10s, burst: 2}
          - key: tenant
            value: b
            rate_limit: {unit: second, requests_per_unit: 7, burst: 3}
          - key: tenant
            value: c
            rate_limit: {unit: second, requests_per_unit: 0.5, burst: 1}
        """));
    DecisionService service =
        new DecisionService(() -> config, new InMemoryStore(clock), new ServerMetrics(), 4);
    String[] tenants = {"a", "b", "c"};
    // q and plan units per 1 ms tick of each tenant's rule, and its burst.
    long[][] plans = {{10_000, 3, 2}, {1_000, 7, 3}, {2_000, 1, 1}};
    List<List<Long>> admittedTicks = List.of(new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());

    for (int i = 0; i < 6_000; i++) {
      int k = random.nextInt(3);
      CheckRequest request = new CheckRequest("d",
          List.of(DecisionServiceTest.d("tenant", tenants[k])), 1);
      if (!service.check(request).overLimit()) {
        admittedTicks.get(k).add(Math.floorDiv(clock.nowNanos(), TICK));
      }
      clock.advance(random.nextInt(random.nextInt(10) == 0 ? 2_000 : 20) * TICK / 10);
    }

    for (int k = 0; k < 3; k++) {
      List<Long> ticks = admittedTicks.get(k);
      long q = plans[k][0];
      long units = plans[k][1];
      long burst = plans[k][2];
      assertThat(ticks.size()).as("seed %d, tenant %s admitted", seed, tenants[k])
          .isGreaterThan((int) burst);
      for (int i = 0; i < ticks.size(); i++) {
        for (int j = i; j < ticks.size(); j++) {
          long windowTicks = ticks.get(j) - ticks.get(i) + 1;
          long count = j - i + 1;
          // count <= windowTicks * units / q + burst + 1 - 1/q, multiplied through by q.
          BigInteger lhs = BigInteger.valueOf(count).multiply(BigInteger.valueOf(q));
          BigInteger rhs = BigInteger.valueOf(windowTicks).multiply(BigInteger.valueOf(units))
              .add(BigInteger.valueOf((burst + 1) * q - 1));
          assertThat(lhs).as("seed %d, tenant %s, %d admitted in %d ticks", seed, tenants[k],
              count, windowTicks).isLessThanOrEqualTo(rhs);
        }
      }
    }
  }
}
