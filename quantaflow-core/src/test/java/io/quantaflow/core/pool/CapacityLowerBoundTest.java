package io.quantaflow.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The adversary behind the H_n - 1 lower bound: with capacity 1, spread a plan of one token
 * per tick evenly over the tenants not yet served, and drop from that set whoever was served
 * (or anyone, if nobody was). After n - 1 ticks the last one is owed H_n - 1 tokens and has
 * received nothing, whatever the minting rule did.
 */
final class CapacityLowerBoundTest {

  /** A minting rule under test: plans in units for one tick, at most 1 token minted. */
  private interface Rule {
    long[] tick(long[] plans);
  }

  private static Rule pool(int n, long q, ServiceOrder order) {
    CapacityPool pool = CapacityPool.builder(n, q).maxTokensPerTick(1).serviceOrder(order)
        .build();
    return plans -> {
      pool.setPlans(plans);
      long[] tokens = new long[n];
      pool.tick(1, (tenant, count) -> tokens[tenant] += count);
      return tokens;
    };
  }

  /** A rule that mints ahead of plan: one token per tick to a random tenant, carry or not. */
  private static Rule randomAhead(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return plans -> {
      long[] tokens = new long[n];
      int who = random.nextInt(n + 1);
      if (who < n) {
        tokens[who] = 1;
      }
      return tokens;
    };
  }

  private static Rule oneTokenPerTick(int n, long q) {
    ReferencePool model = new ReferencePool(n, q, OversubscriptionPolicy.MAX_MIN_FAIR,
        ReferencePool.Order.ONE_TOKEN_PER_TICK);
    return plans -> model.tick(plans, 1);
  }

  /** Runs the adversary; returns the survivor's prefix deviation in tokens. */
  private static Frac adversary(int n, long q, Rule rule) {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      open.add(i);
    }
    Frac owed = Frac.ZERO;
    for (int round = 0; round < n - 1; round++) {
      long[] plans = new long[n];
      for (int i : open) {
        plans[i] = q / open.size();
      }
      owed = owed.add(Frac.of(1, open.size()));

      long[] tokens = rule.tick(plans);

      Integer served = null;
      for (int i : open) {
        if (tokens[i] > 0) {
          served = i;
        }
      }
      open.remove(served != null ? served : open.get(open.size() - 1));
    }
    assertThat(open).hasSize(1);
    return owed;
  }

  private static long lcmUpTo(int n) {
    long l = 1;
    for (int k = 2; k <= n; k++) {
      l = l / Wide.gcd(l, k) * k;
    }
    return l;
  }

  @Test
  void adversary_againstEveryRule_leavesOneTenantOwedHarmonicMinusOne() {
    for (int n = 2; n <= 8; n++) {
      long q = lcmUpTo(n);
      Frac lower = Frac.harmonic(n).sub(Frac.of(1));
      List<Rule> rules = List.of(pool(n, q, ServiceOrder.LARGEST_DEFICIT_FIRST),
          pool(n, q, ServiceOrder.FIXED_ORDER), oneTokenPerTick(n, q),
          randomAhead(n, n), randomAhead(n, 1000 + n));

      for (Rule rule : rules) {
        // The survivor was never served while open, so its deviation is all it was owed.
        assertThat(adversary(n, q, rule)).as("n=%d", n).isEqualTo(lower);
      }
    }
  }

  @Test
  void adversary_againstLargestDeficitFirst_landsBetweenTheTwoBounds() {
    for (int n = 2; n <= 8; n++) {
      long q = lcmUpTo(n);
      CapacityPool pool = CapacityPool.builder(n, q).maxTokensPerTick(1).build();
      PoolRun run = new PoolRun(pool);
      List<Integer> open = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        open.add(i);
      }

      for (int round = 0; round < n - 1; round++) {
        long[] plans = new long[n];
        for (int i : open) {
          plans[i] = q / open.size();
        }
        long[] tokens = run.tick(1, plans);
        Integer served = null;
        for (int i : open) {
          if (tokens[i] > 0) {
            served = i;
          }
        }
        open.remove(served != null ? served : open.get(open.size() - 1));
      }

      Frac worst = run.worstWindowTokens();
      assertThat(worst).as("n=%d", n).isGreaterThanOrEqualTo(Frac.harmonic(n).sub(Frac.of(1)));
      assertThat(worst).as("n=%d", n)
          .isLessThanOrEqualTo(Frac.harmonic(n).sub(Frac.of(1, q)));
    }
  }
}
