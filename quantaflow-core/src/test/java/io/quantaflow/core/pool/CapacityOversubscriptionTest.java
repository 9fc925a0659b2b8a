package io.quantaflow.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Oversubscribed ticks: scale first, then mint, on exact rational carries. */
final class CapacityOversubscriptionTest {

  /** Fair share so far minus the tokens minted, in units: the tenant's deviation. */
  private static Frac owed(Frac fairUnits, long tokens, long q) {
    return fairUnits.sub(Frac.of(tokens * q));
  }

  @Test
  void tick_scaledPlanFlooredAfreshEachTick_driftsLinearlyExactCarryDoesNot() {
    // n = 3, q = 4, C = 1, every plan 1 token: the fair level is 4/3 units per tick.
    PoolRun exact = new PoolRun(CapacityPool.builder(3, 4).maxTokensPerTick(1).build());
    PoolRun floored = new PoolRun(CapacityPool.builder(3, 4).maxTokensPerTick(1).build());
    Frac harmonicUnits = Frac.harmonic(3).times(4);
    Frac[] owedFloored = new Frac[4];

    for (int t = 1; t <= 1200; t++) {
      exact.tick(1, 4, 4, 4);
      floored.tick(1, 1, 1, 1);   // floor(4/3) = 1 unit, rounded afresh every tick
      Frac fair = Frac.of(4 * t, 3);
      for (int i = 0; i < 3; i++) {
        assertThat(owed(fair, exact.totalTokens[i], 4).compareTo(harmonicUnits))
            .as("tick %d tenant %d", t, i).isLessThan(0);
      }
      if (t % 300 == 0) {
        owedFloored[t / 300 - 1] = owed(fair, floored.totalTokens[2], 4);
      }
    }

    // Each tick loses 1/3 unit: 100 units per 300 ticks, give or take the last carry.
    for (int k = 0; k < 4; k++) {
      assertThat(owedFloored[k]).isGreaterThan(Frac.of(100 * (k + 1) - 4));
    }
    assertThat(exact.pool.subUnitDenominator()).isEqualTo(3);
  }

  @Test
  void tick_largestRemainderReroundedEachTick_stillDriftsForTheLastTenant() {
    // The afresh rounding that keeps the sum: floors (1, 1, 1) and the leftover unit to the
    // largest remainder, ties to the lowest index, so always to tenant 1: plans (2, 1, 1).
    PoolRun rerounded = new PoolRun(CapacityPool.builder(3, 4).maxTokensPerTick(1).build());
    PoolRun exact = new PoolRun(CapacityPool.builder(3, 4).maxTokensPerTick(1).build());

    for (int t = 1; t <= 900; t++) {
      rerounded.tick(1, 2, 1, 1);
      exact.tick(1, 4, 4, 4);
    }

    Frac fair = Frac.of(4 * 900, 3);
    assertThat(owed(fair, rerounded.totalTokens[2], 4)).isGreaterThanOrEqualTo(Frac.of(300));
    assertThat(owed(fair, exact.totalTokens[2], 4)).isLessThan(Frac.harmonic(3).times(4));
    // 300 tokens each are due; tenants 2 and 3 end holding one whole token each in carry.
    assertThat(exact.totalTokens).containsExactly(300, 299, 299);
    assertThat(exact.pool.carryUnits(1)).isEqualTo(4);
  }

  @Test
  void tick_proportionalPolicy_scalesByCapacityOverTotalAndReportsShed() {
    CapacityPool pool = CapacityPool.builder(2, 10).maxTokensPerTick(2)
        .policy(OversubscriptionPolicy.PROPORTIONAL).build();
    PoolRun run = new PoolRun(pool);

    for (int t = 0; t < 300; t++) {
      run.tick(1, 20, 10);
    }

    // Shares 20/3 and 10/3 units a tick.
    assertThat(pool.subUnitDenominator()).isEqualTo(3);
    assertThat(pool.shedUnits(0)).isEqualTo(300 * 20 - 2000);
    assertThat(pool.shedUnits(1)).isEqualTo(300 * 10 - 1000);
    assertThat(pool.shedSubUnits(0)).isZero();
    assertThat(run.totalTokens[0] + run.totalTokens[1]).isBetween(298L, 300L);
    assertThat(owed(Frac.of(2000), run.totalTokens[0], 10)).isLessThan(Frac.of(15));
    assertThat(owed(Frac.of(1000), run.totalTokens[1], 10)).isLessThan(Frac.of(15));
  }

  @Test
  void tick_weightedMaxMin_splitsByWeightUpToEachPlan() {
    CapacityPool pool = CapacityPool.builder(3, 4).maxTokensPerTick(1)
        .policy(OversubscriptionPolicy.WEIGHTED_MAX_MIN).build();
    pool.setWeight(0, 3);
    pool.setWeight(1, 1);
    pool.setWeight(2, 4);
    PoolRun run = new PoolRun(pool);

    for (int t = 0; t < 400; t++) {
      run.tick(2, 4, 4, 1);
    }

    // Tenant 3 keeps its whole small plan (1 unit); 7 units split 3:1 -> 21/4 and 7/4,
    // capped at tenant 1's plan of 4: so tenant 1 gets 4 and tenant 2 the other 3.
    // Due 400, 300 and 100; tenant 3 ends holding one whole token in carry.
    assertThat(run.totalTokens).containsExactly(400, 300, 99);
    assertThat(pool.carryUnits(2)).isEqualTo(4);
    assertThat(pool.shedUnits(0)).isZero();
    assertThat(pool.shedUnits(1)).isEqualTo(400);
    assertThat(pool.shedUnits(2)).isZero();
  }

  @Test
  void tick_levelDenominatorsChangeBetweenTicks_growSubUnitsToTheirLcmExactly() {
    CapacityPool pool = CapacityPool.builder(5, 7).maxTokensPerTick(1).build();
    ReferencePool model = new ReferencePool(5, 7, OversubscriptionPolicy.MAX_MIN_FAIR,
        ReferencePool.Order.LARGEST_FIRST);
    long[][] plans = {{7, 7, 7, 0, 0}, {0, 0, 0, 7, 7}, {7, 7, 7, 7, 7}};

    for (int t = 0; t < 60; t++) {
      long[] tick = plans[t % 3];
      pool.setPlans(tick);
      long[] tokens = new long[5];
      pool.tick(1, (tenant, count) -> tokens[tenant] += count);
      assertThat(tokens).containsExactly(model.tick(tick, 1));
    }

    // Levels 7/3, 7/2 and 7/5 units: sub-units over lcm(3, 2, 5) = 30, carries still exact.
    assertThat(pool.subUnitDenominator()).isEqualTo(30);
    assertThat(pool.roundedTicks()).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(PoolRun.carry(pool, i)).isEqualTo(model.carry[i]);
    }
  }

  @Test
  void tick_denominatorsPastTwoToThe61_roundOnTheFineGridAndKeepTheSumExact() {
    long q = Integer.MAX_VALUE;
    CapacityPool pool = CapacityPool.builder(3, q).maxTokensPerTick(1L << 20)
        .policy(OversubscriptionPolicy.PROPORTIONAL).build();
    ReferencePool model = new ReferencePool(3, q, OversubscriptionPolicy.PROPORTIONAL,
        ReferencePool.Order.LARGEST_FIRST);
    BigInteger planned = BigInteger.ZERO;
    long minted = 0;
    int ticks = 50;

    for (int t = 0; t < ticks; t++) {
      long[] plans = {(1L << 40) + 2 * t + 1, (1L << 41) + 3 * t, (1L << 39) + 7 * t + 5};
      pool.setPlans(plans);
      model.tick(plans, 1);
      long tokens = pool.tick(1);
      assertThat(tokens).isLessThanOrEqualTo(1);
      minted += tokens;
      for (long plan : plans) {
        planned = planned.add(BigInteger.valueOf(plan));
      }
    }

    assertThat(pool.subUnitDenominator()).isGreaterThan(1L << 60);
    assertThat(pool.roundedTicks()).isPositive();
    // Exactly C * q units a tick went into carries and tokens, and the rest was shed.
    Frac carried = Frac.ZERO;
    Frac shed = Frac.ZERO;
    for (int i = 0; i < 3; i++) {
      carried = carried.add(PoolRun.carry(pool, i));
      shed = shed.add(Frac.of(pool.shedUnits(i)))
          .add(Frac.of(pool.shedSubUnits(i), pool.subUnitDenominator()));
      // Off the exact share by less than one sub-unit a tick.
      Frac error = PoolRun.carry(pool, i).sub(model.carry[i]);
      Frac limit = Frac.of(ticks, pool.subUnitDenominator());
      assertThat(error).isLessThan(limit).isGreaterThan(limit.negate());
    }
    assertThat(carried.add(Frac.of(minted * q))).isEqualTo(Frac.of(ticks * q));
    assertThat(shed.add(Frac.of(ticks * q)))
        .isEqualTo(new Frac(planned, BigInteger.ONE));
  }

  @Test
  void tick_plansNeverExceedCapacity_shedNothing() {
    CapacityPool pool = CapacityPool.builder(3, 5).maxTokensPerTick(1).build();
    PoolRun run = new PoolRun(pool);

    for (int t = 0; t < 50; t++) {
      run.tick(1, 2, 2, 1);
    }

    assertThat(pool.shedTokens(0) + pool.shedTokens(1) + pool.shedTokens(2)).isZero();
    assertThat(pool.subUnitDenominator()).isEqualTo(1);
    // Due 20, 20 and 10 at exactly one token a tick: two tokens stay in carry at the end.
    assertThat(run.totalTokens).containsExactly(20, 19, 9);
    assertThat(pool.carryUnits(1) + pool.carryUnits(2)).isEqualTo(10);
  }
}
