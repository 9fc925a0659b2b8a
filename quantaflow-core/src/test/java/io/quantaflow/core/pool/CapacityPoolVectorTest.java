package io.quantaflow.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The exact vectors of issue 3 and the comparison rules that fail them. Tenants print 1-based. */
final class CapacityPoolVectorTest {

  private static CapacityPool pool(int n, long q, ServiceOrder order) {
    return CapacityPool.builder(n, q).maxTokensPerTick(1).serviceOrder(order).build();
  }

  @Test
  void tick_issueVectorOne_reachesTheHarmonicBoundExactly() {
    PoolRun run = new PoolRun(pool(3, 6, ServiceOrder.LARGEST_DEFICIT_FIRST));

    run.tick(1, 5, 0, 0);
    run.tick(1, 0, 5, 0);
    run.tick(1, 0, 0, 5);
    run.tick(1, 2, 2, 2);
    run.tick(1, 0, 3, 3);

    // Tokens to nobody, nobody, nobody, tenant 1, tenant 2.
    assertThat(run.transcript.toString()).isEqualTo("-,-,-,1,2");
    assertThat(run.windowTokens(0)).isEqualTo(Frac.of(5, 6));
    assertThat(run.windowTokens(1)).isEqualTo(Frac.of(7, 6));
    assertThat(run.windowTokens(2)).isEqualTo(Frac.of(5, 3));
    // 5/3 = H_3 - 1/6: the bound is reached.
    assertThat(run.windowTokens(2)).isEqualTo(Frac.harmonic(3).sub(Frac.of(1, 6)));
  }

  @Test
  void tick_issueVectorTwoInFixedOrder_leavesTenantSixAtTwentyFiveSixths() {
    PoolRun fixed = new PoolRun(pool(6, 6, ServiceOrder.FIXED_ORDER));
    PoolRun largest = new PoolRun(pool(6, 6, ServiceOrder.LARGEST_DEFICIT_FIRST));

    for (PoolRun run : new PoolRun[] {fixed, largest}) {
      runVectorTwo(run, 6);
    }

    assertThat(fixed.windowTokens(5)).isEqualTo(Frac.of(25, 6));
    assertThat(fixed.transcript.toString()).isEqualTo("-,-,-,-,-,1,2,3,4,5");
    assertThat(largest.worstWindowTokens()).isEqualTo(Frac.of(1));
    assertThat(largest.transcript.toString()).isEqualTo("-,-,-,-,-,1,6,6,6,6");
  }

  /** Ticks 1..n-1 give tenant t a plan of (q-1)/q, tick n everyone 1/q, then tenant n 1. */
  private static void runVectorTwo(PoolRun run, int n) {
    long q = run.pool.q();
    for (int t = 0; t < n - 1; t++) {
      long[] plans = new long[n];
      plans[t] = q - 1;
      run.tick(1, plans);
    }
    long[] everyone = new long[n];
    java.util.Arrays.fill(everyone, 1);
    run.tick(1, everyone);
    for (int t = 0; t < n - 2; t++) {
      long[] plans = new long[n];
      plans[n - 1] = q;
      run.tick(1, plans);
    }
  }

  @Test
  void tick_fixedOrderAsTenantsGrow_fallsBehindLinearlyInN() {
    for (int n = 4; n <= 14; n++) {
      PoolRun fixed = new PoolRun(pool(n, n, ServiceOrder.FIXED_ORDER));
      PoolRun largest = new PoolRun(pool(n, n, ServiceOrder.LARGEST_DEFICIT_FIRST));

      runVectorTwo(fixed, n);
      runVectorTwo(largest, n);

      // The last tenant ends n - 2 + 1/n tokens behind under fixed order.
      Frac bound = Frac.harmonic(n).sub(Frac.of(1, n));
      assertThat(fixed.windowTokens(n - 1)).as("n=%d", n)
          .isEqualTo(Frac.of(n - 2).add(Frac.of(1, n)));
      assertThat(fixed.windowTokens(n - 1)).as("n=%d", n).isGreaterThan(bound);
      assertThat(largest.worstWindowTokens()).as("n=%d", n).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void tick_issueVectorThreeUnscaled_givesTheSmallTenantNothing() {
    CapacityPool pool = CapacityPool.builder(3, 20).maxTokensPerTick(1)
        .policy(OversubscriptionPolicy.UNSCALED).build();
    PoolRun run = new PoolRun(pool);

    for (int t = 0; t < 200; t++) {
      run.tick(1, 20, 20, 2);
    }

    assertThat(run.totalTokens).containsExactly(100, 100, 0);
  }

  @Test
  void tick_issueVectorThreeWaterFilling_mintsNinetyEightyNineNineteen() {
    PoolRun run = new PoolRun(pool(3, 20, ServiceOrder.LARGEST_DEFICIT_FIRST));

    for (int t = 0; t < 200; t++) {
      run.tick(1, 20, 20, 2);
    }

    assertThat(run.totalTokens).containsExactly(90, 89, 19);
    // Level 9/20: tenants 1 and 2 each shed 11/20 of a token per tick, tenant 3 nothing.
    assertThat(run.pool.shedUnits(0)).isEqualTo(200 * 11);
    assertThat(run.pool.shedUnits(1)).isEqualTo(200 * 11);
    assertThat(run.pool.shedUnits(2)).isZero();
    assertThat(run.pool.shedTokens(0)).isEqualTo(110.0);
    assertThat(run.maxMintedInTick).isEqualTo(1);
  }

  @Test
  void tick_oneTokenPerTickWhileCapacityVaries_breaksTheBoundLargestFirstKeeps() {
    // n = 3, q = 2; (capacity, plans in units) found by searching every state of both rules.
    long[][] ticks = {{1, 0, 1, 1}, {1, 0, 1, 1}, {2, 1, 1, 2}, {1, 1, 1, 0}, {1, 0, 1, 1}};
    ReferencePool oneToken = new ReferencePool(3, 2, OversubscriptionPolicy.MAX_MIN_FAIR,
        ReferencePool.Order.ONE_TOKEN_PER_TICK);
    PoolRun largest = new PoolRun(pool(3, 2, ServiceOrder.LARGEST_DEFICIT_FIRST));

    for (long[] tick : ticks) {
      long[] plans = {tick[1], tick[2], tick[3]};
      oneToken.tick(plans, tick[0]);
      largest.tick(tick[0], plans);
    }

    Frac boundUnits = Frac.harmonic(3).times(2).sub(Frac.of(1));
    // Tick 3 has capacity 2 and tenant 3 holds two tokens, but may take only one.
    assertThat(oneToken.carry[2]).isEqualTo(Frac.of(3)).isGreaterThan(boundUnits);
    assertThat(largest.worstWindowTokens().times(2)).isLessThanOrEqualTo(boundUnits);
  }

  @Test
  void tick_oneTokenPerTickWithCapacityTwo_fallsBehindWithoutBound() {
    ReferencePool oneToken = new ReferencePool(1, 4, OversubscriptionPolicy.MAX_MIN_FAIR,
        ReferencePool.Order.ONE_TOKEN_PER_TICK);
    PoolRun largest = new PoolRun(CapacityPool.builder(1, 4).maxTokensPerTick(2).build());

    for (int t = 0; t < 100; t++) {
      long capacity = 1 + t % 2;
      oneToken.tick(new long[] {capacity * 4}, capacity);
      largest.tick(capacity, capacity * 4);
    }

    // Every tick of capacity 2 leaves one more token behind.
    assertThat(oneToken.carry[0]).isEqualTo(Frac.of(50 * 4));
    assertThat(largest.pool.carryUnits(0)).isZero();
  }

  @Test
  void build_qBelowTwo_namesQAndTheRange() {
    assertThatThrownBy(() -> CapacityPool.builder(3, 1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q must be in [2, 2147483647] (got 1)");
  }

  @Test
  void build_poolTotalPlanPastTwoToThe62_namesTenants() {
    assertThatThrownBy(() -> CapacityPool.builder(Integer.MAX_VALUE - 8, Integer.MAX_VALUE)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tenants must be in [1, 2048] (got ");
  }

  @Test
  void setPlanUnits_aboveMaxTokensPerTick_namesPlanUnitsAndTheRange() {
    CapacityPool pool = CapacityPool.builder(2, 10).maxTokensPerTick(3).build();

    assertThatThrownBy(() -> pool.setPlanUnits(1, 31))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planUnits must be in [0, 30] (got 31)");
    assertThatThrownBy(() -> pool.setPlanUnits(2, 1))
        .hasMessage("tenant must be in [0, 1] (got 2)");
  }

  @Test
  void tick_negativeCapacity_namesCapacityTokens() {
    CapacityPool pool = CapacityPool.builder(2, 10).build();

    assertThatThrownBy(() -> pool.tick(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacityTokens must be in [0, 2147483647] (got -1)");
  }

  @Test
  void tick_unscaledCarryPastTwoToThe62_failsNamingTheTenant() {
    CapacityPool pool = CapacityPool.builder(2, 1L << 30).maxTokensPerTick(1L << 20)
        .policy(OversubscriptionPolicy.UNSCALED).build();
    pool.setPlans(1L << 50, 1L << 50);

    assertThatThrownBy(() -> {
      for (int t = 0; t < 5000; t++) {
        pool.tick(0);
      }
    }).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("tenant 0 carry must stay <= 2^62 units (got ");
  }

  @Test
  void setPlans_wrongLength_saysHowManyPlansItNeeds() {
    CapacityPool pool = CapacityPool.builder(3, 10).build();

    assertThatThrownBy(() -> pool.setPlans(1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planUnits must hold one plan per tenant, 3 (got 2)");
  }

  @Test
  void setWeight_zero_namesWeightAndTheRange() {
    CapacityPool pool = CapacityPool.builder(3, 10)
        .policy(OversubscriptionPolicy.WEIGHTED_MAX_MIN).build();

    assertThatThrownBy(() -> pool.setWeight(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight must be in [1, 1048576] (got 0)");
  }

  @Test
  void tick_zeroCapacityWithTokensHeld_mintsNothingOnEitherPath() {
    for (int selection = 1; selection <= 2; selection++) {
      CapacityPool pool = CapacityPool.builder(3, 4).maxTokensPerTick(2).build();
      pool.forceSelection(selection);
      pool.restoreCarryUnits(0, 8);
      pool.restoreCarryUnits(1, 5);
      PoolRun run = new PoolRun(pool);

      run.tick(0, 0, 0, 0);

      assertThat(run.transcript.toString()).isEqualTo("-");
      assertThat(pool.carryUnits(0)).isEqualTo(8);
      assertThat(pool.carryUnits(1)).isEqualTo(5);
    }
  }

  @Test
  void tick_zeroCapacityWithPlans_scalesThePlansToNothing() {
    CapacityPool pool = CapacityPool.builder(2, 4).maxTokensPerTick(2).build();
    PoolRun run = new PoolRun(pool);

    run.tick(0, 8, 5);

    assertThat(pool.carryUnits(0) + pool.carryUnits(1)).isZero();
    assertThat(pool.shedUnits(0)).isEqualTo(8);
    assertThat(pool.shedUnits(1)).isEqualTo(5);
  }

  @Test
  void tick_oneTenantFarAhead_takesSeveralTokensInOneTick() {
    // Carries (12, 5, 4) units at q = 4, capacity 3: tenant 1 takes two tokens
    // (12 -> 8 -> 4), then tenant 2 at 5 beats both 4s.
    for (int selection = 1; selection <= 2; selection++) {
      CapacityPool pool = CapacityPool.builder(3, 4).maxTokensPerTick(3).build();
      pool.forceSelection(selection);
      pool.restoreCarryUnits(0, 12);
      pool.restoreCarryUnits(1, 5);
      pool.restoreCarryUnits(2, 4);
      PoolRun run = new PoolRun(pool);

      run.tick(3, 0, 0, 0);

      assertThat(run.transcript.toString()).as("selection %d", selection).isEqualTo("112");
      assertThat(pool.carryUnits(0)).isEqualTo(4);
      assertThat(pool.carryUnits(1)).isEqualTo(1);
      assertThat(pool.carryUnits(2)).isEqualTo(4);
    }
  }
}
