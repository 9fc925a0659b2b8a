package io.quantaflow.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random pools, each built from a seed that jqwik prints on failure, checked against the
 * exact reference model and against the bounds of docs/math.md ("Shared capacity").
 */
final class CapacityPoolPropertyTest {

  private static final OversubscriptionPolicy[] POLICIES = OversubscriptionPolicy.values();

  /** A random pool shape: tenants, grid, most tokens per tick, ticks. */
  private record Shape(int n, long q, long maxTokens, int ticks) {
    static Shape random(SplittableRandom random, int maxTenants) {
      return new Shape(1 + random.nextInt(maxTenants), 2 + random.nextInt(11),
          1 + random.nextInt(3), 1 + random.nextInt(40));
    }
  }

  private static long[] randomPlans(SplittableRandom random, Shape shape) {
    long[] plans = new long[shape.n];
    for (int i = 0; i < shape.n; i++) {
      plans[i] = random.nextInt(4) == 0 ? 0 : random.nextLong(shape.maxTokens * shape.q + 1);
    }
    return plans;
  }

  /** Plans that sum to at most capacity * q: units dealt one at a time to random tenants. */
  private static long[] plansWithin(SplittableRandom random, Shape shape, long capacity) {
    long[] plans = new long[shape.n];
    long units = random.nextLong(capacity * shape.q + 1);
    for (long u = 0; u < units; u++) {
      int i = random.nextInt(shape.n);
      if (plans[i] < shape.maxTokens * shape.q) {
        plans[i]++;
      }
    }
    return plans;
  }

  @Property(tries = 300)
  void tick_randomPoolsAnyPolicyAndOrder_matchTheExactReferenceModel(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Shape shape = Shape.random(random, 12);
    OversubscriptionPolicy policy = POLICIES[random.nextInt(POLICIES.length)];
    boolean fixed = random.nextInt(4) == 0;
    CapacityPool pool = CapacityPool.builder(shape.n, shape.q).maxTokensPerTick(shape.maxTokens)
        .policy(policy)
        .serviceOrder(fixed ? ServiceOrder.FIXED_ORDER : ServiceOrder.LARGEST_DEFICIT_FIRST)
        .build();
    ReferencePool model = new ReferencePool(shape.n, shape.q, policy,
        fixed ? ReferencePool.Order.FIXED_ORDER : ReferencePool.Order.LARGEST_FIRST);
    // 0: the pool picks heap or threshold by cost; 1 forces the heap; 2 the threshold.
    pool.forceSelection(random.nextInt(3));
    for (int i = 0; i < shape.n; i++) {
      long weight = 1 + random.nextInt(4);
      pool.setWeight(i, weight);
      model.weights[i] = weight;
    }

    long[] plans = randomPlans(random, shape);
    for (int t = 0; t < shape.ticks; t++) {
      if (random.nextInt(3) == 0) {
        plans = randomPlans(random, shape);
      }
      long capacity = random.nextInt(7);
      pool.setPlans(plans);
      long[] tokens = new long[shape.n];

      long minted = pool.tick(capacity, (tenant, count) -> tokens[tenant] += count);
      long[] expected = model.tick(plans, capacity);

      assertThat(minted).as("seed %d tick %d", seed, t).isLessThanOrEqualTo(capacity)
          .isEqualTo(Arrays.stream(tokens).sum());
      if (pool.roundedTicks() > 0) {
        // Proportional shares with ever-new denominators passed the 2^61 lcm: the pool
        // rounds on its fine grid, off by less than one sub-unit per tick.
        assertCloseToModel(pool, model, t + 1, seed);
        continue;
      }
      assertThat(tokens).as("seed %d tick %d", seed, t).containsExactly(expected);
      for (int i = 0; i < shape.n; i++) {
        assertThat(PoolRun.carry(pool, i)).as("seed %d tick %d tenant %d", seed, t, i)
            .isEqualTo(model.carry[i]);
        Frac shed = Frac.of(pool.shedUnits(i))
            .add(Frac.of(pool.shedSubUnits(i), pool.subUnitDenominator()));
        assertThat(shed).as("seed %d tick %d tenant %d shed", seed, t, i)
            .isEqualTo(model.shed[i]);
      }
    }
  }

  private static void assertCloseToModel(CapacityPool pool, ReferencePool model, long ticks,
      long seed) {
    Frac limit = Frac.of(ticks, pool.subUnitDenominator());
    for (int i = 0; i < pool.tenants(); i++) {
      Frac error = PoolRun.carry(pool, i).sub(model.carry[i]);
      // A token minted on one side and not the other would show up as q units here.
      assertThat(error).as("seed %d tenant %d", seed, i)
          .isLessThan(limit).isGreaterThan(limit.negate());
    }
  }

  @Property(tries = 200)
  void tick_capacityNeverBinds_equalsTheIndependentCarryRule(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Shape shape = Shape.random(random, 30);
    CapacityPool pool = CapacityPool.builder(shape.n, shape.q)
        .maxTokensPerTick(shape.maxTokens).build();
    long[] independentCarry = new long[shape.n];
    // After a tick each carry is below q, so it never holds more than maxTokens tokens.
    long capacity = shape.n * shape.maxTokens;

    for (int t = 0; t < shape.ticks; t++) {
      long[] plans = randomPlans(random, shape);
      pool.setPlans(plans);
      long[] tokens = new long[shape.n];

      pool.tick(capacity, (tenant, count) -> tokens[tenant] += count);

      for (int i = 0; i < shape.n; i++) {
        independentCarry[i] += plans[i];
        long expected = independentCarry[i] / shape.q;
        independentCarry[i] %= shape.q;
        assertThat(tokens[i]).as("seed %d tick %d tenant %d", seed, t, i).isEqualTo(expected);
        assertThat(pool.carryUnits(i)).isEqualTo(independentCarry[i]);
      }
    }
  }

  @Property(tries = 150)
  void tick_plansWithinCapacity_keepEveryCarryAndWindowWithinHarmonicBound(
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Shape shape = Shape.random(random, 10);
    CapacityPool pool = CapacityPool.builder(shape.n, shape.q)
        .maxTokensPerTick(shape.maxTokens).build();
    PoolRun run = new PoolRun(pool);
    Frac bound = Frac.harmonic(shape.n).sub(Frac.of(1, shape.q));
    int ticks = shape.ticks * 3;

    for (int t = 0; t < ticks; t++) {
      long capacity = random.nextInt(4);
      run.tick(capacity, plansWithin(random, shape, capacity));

      for (int i = 0; i < shape.n; i++) {
        Frac carryTokens = PoolRun.carry(pool, i).div(shape.q);
        assertThat(carryTokens).as("seed %d tick %d tenant %d", seed, t, i)
            .isGreaterThanOrEqualTo(Frac.ZERO).isLessThanOrEqualTo(bound);
      }
      assertPartialSums(pool, seed);
    }
    assertThat(run.maxMintedInTick).isLessThanOrEqualTo(3);
    assertThat(run.worstWindowTokens()).as("seed %d", seed).isLessThanOrEqualTo(bound);
  }

  /** Any k tenants' deficits E - (1 - 1/q) sum to at most k (H_n - H_k), in tokens. */
  private static void assertPartialSums(CapacityPool pool, long seed) {
    int n = pool.tenants();
    Frac[] deficits = new Frac[n];
    Frac almostOne = Frac.of(1).sub(Frac.of(1, pool.q()));
    for (int i = 0; i < n; i++) {
      deficits[i] = PoolRun.carry(pool, i).div(pool.q()).sub(almostOne);
    }
    Arrays.sort(deficits, java.util.Collections.reverseOrder());
    Frac top = Frac.ZERO;
    Frac harmonicN = Frac.harmonic(n);
    Frac harmonicK = Frac.ZERO;
    for (int k = 1; k <= n; k++) {
      top = top.add(deficits[k - 1]);
      harmonicK = harmonicK.add(Frac.of(1, k));
      Frac limit = harmonicN.sub(harmonicK).times(k);
      assertThat(top).as("seed %d, top %d deficits", seed, k).isLessThanOrEqualTo(limit);
    }
  }

  @Property(tries = 120)
  void tick_oversubscribedAnyPolicy_keepsCarriesBelowHarmonicAgainstScaledPlans(
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Shape shape = Shape.random(random, 8);
    OversubscriptionPolicy policy = POLICIES[random.nextInt(3)];
    CapacityPool pool = CapacityPool.builder(shape.n, shape.q).maxTokensPerTick(shape.maxTokens)
        .policy(policy).build();
    ReferencePool model = new ReferencePool(shape.n, shape.q, policy,
        ReferencePool.Order.LARGEST_FIRST);
    PoolRun run = new PoolRun(pool);
    Frac harmonic = Frac.harmonic(shape.n);

    for (int t = 0; t < shape.ticks * 3; t++) {
      long[] plans = randomPlans(random, shape);
      long capacity = random.nextInt(3);
      pool.setPlans(plans);
      model.tick(plans, capacity);
      run.tickAgainst(capacity, model.lastShares);

      for (int i = 0; i < shape.n; i++) {
        assertThat(PoolRun.carry(pool, i).div(shape.q)).as("seed %d tick %d", seed, t)
            .isLessThan(harmonic);
      }
    }
    // Windows are measured against the scaled plans: the shed part is reported, not owed.
    assertThat(run.worstWindowTokens()).as("seed %d", seed).isLessThan(harmonic);
  }
}
