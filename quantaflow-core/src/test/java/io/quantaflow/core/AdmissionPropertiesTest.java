package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The admission guarantees, property-tested. docs/math.md, "Admission", names these tests.
 *
 * <p>Plans are drawn as a constant or a random schedule; demand is random. Windows are all
 * O(T^2) intervals of a run of T ticks, checked in plan units (multiplied by q) so that the
 * bounds are integers.
 */
final class AdmissionPropertiesTest {

  private static final long TICK_NANOS = 1_000;

  /** A random plan on grid q: constant, or a schedule of up to 5 segments. */
  static Plan randomPlan(Random random, long q, long maxUnits) {
    if (random.nextBoolean()) {
      return ConstantPlan.of(q, random.nextLong(maxUnits + 1));
    }
    int segments = 1 + random.nextInt(5);
    long[] ticks = new long[segments];
    long[] units = new long[segments];
    for (int i = 0; i < segments; i++) {
      ticks[i] = 1 + random.nextInt(7);
      units[i] = random.nextInt(4) == 0 ? 0 : random.nextLong(maxUnits + 1);
    }
    return Schedule.of(q, ticks, units, random.nextInt(50) - 25);
  }

  /** Admitted tokens per tick under random demand; returns them, indexed by tick. */
  private static long[] runRandomDemand(Limit limit, long startTick, int ticks, Random random) {
    ManualClock clock = new ManualClock(startTick * TICK_NANOS);
    Limiter limiter = new Limiter(limit, clock);
    long[] admitted = new long[ticks];
    for (int t = 0; t < ticks; t++) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      // Any moment inside the tick; several requests of any size, some impossible.
      clock.set((startTick + t) * TICK_NANOS + random.nextInt((int) TICK_NANOS));
      int requests = random.nextInt(4);
      for (int r = 0; r < requests; r++) {
        long n = random.nextLong(limit.burstTokens() + 2);
        if (limiter.tryAcquire(n).allowed()) {
          admitted[t] += n;
        }
      }
    }
    return admitted;
  }

  /** Plan units per tick of {@code plan} over ticks startTick..startTick+ticks-1. */
  private static long[] planUnits(Plan plan, long startTick, int ticks) {
    long[] units = new long[ticks];
    for (int t = 0; t < ticks; t++) {
      units[t] = plan.unitsAt(startTick + t);
    }
    return units;
  }

  @Property(tries = 300)
  void tryAcquire_anyDemand_admitsAtMostPlanPlusBurstPlusOneMinusOneOverQInEveryWindow(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 12) long q,
      @ForAll @IntRange(min = 1, max = 6) int burstTokens) {
    Random random = new Random(seed);
    Plan plan = randomPlan(random, q, 3 * q);
    Limit limit = Limit.of(plan, burstTokens, TICK_NANOS);
    long startTick = random.nextInt(1_000) - 500;
    int ticks = 120;

    long[] admitted = runRandomDemand(limit, startTick, ticks, random);
    long[] units = planUnits(plan, startTick, ticks);

    // In units: q * admitted(W) <= plan(W) + q * B + (q - 1), for every window W.
    forEachWindow(admitted, units, q, (from, to, admittedUnits, planned) -> {
      long bound = planned + q * burstTokens + q - 1;
      if (admittedUnits > bound) {
        assertThat(admittedUnits)
            .as("seed %d, window [%d, %d], plan %s", seed, from, to, plan)
            .isLessThanOrEqualTo(bound);
      }
    });
  }

  @Property(tries = 300)
  void tryAcquire_tenantAskingEveryTick_admitsAtLeastPlanMinusBurstMinusOneMinusOneOverQ(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 12) long q,
      @ForAll @IntRange(min = 0, max = 4) int extraBurstTokens) {
    Random random = new Random(seed);
    Plan plan = randomPlan(random, q, 3 * q);
    long burstTokens = Limit.defaultBurstTokens(plan) + extraBurstTokens;
    Limit limit = Limit.of(plan, burstTokens, TICK_NANOS);
    long largestRequest = burstTokens - Limit.defaultBurstTokens(plan) + 1;
    long startTick = random.nextInt(1_000) - 500;
    int ticks = 120;
    ManualClock clock = new ManualClock(startTick * TICK_NANOS);
    Limiter limiter = new Limiter(limit, clock);
    long[] admitted = new long[ticks];

    // At every tick: requests of at most B - ceil(max x / q) + 1 tokens until one is denied.
    for (int t = 0; t < ticks; t++) {
      clock.set((startTick + t) * TICK_NANOS + random.nextInt((int) TICK_NANOS));
      while (true) {
        long n = 1 + random.nextLong(largestRequest);
        if (!limiter.tryAcquire(n).allowed()) {
          break;
        }
        admitted[t] += n;
      }
    }
    long[] units = planUnits(plan, startTick, ticks);

    // In units: q * admitted(W) >= plan(W) - q * B - (q - 1), for every window W.
    forEachWindow(admitted, units, q, (from, to, admittedUnits, planned) -> {
      long bound = planned - q * burstTokens - (q - 1);
      if (admittedUnits < bound) {
        assertThat(admittedUnits)
            .as("seed %d, window [%d, %d], plan %s", seed, from, to, plan)
            .isGreaterThanOrEqualTo(bound);
      }
    });
  }

  @Property(tries = 200)
  void tryAcquire_tenantDrainingEveryTick_admitsThePlanToWithinOneMinusOneOverQ(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 12) long q) {
    Random random = new Random(seed);
    Plan plan = randomPlan(random, q, 3 * q);
    Limit limit = Limit.of(plan, Limit.defaultBurstTokens(plan), TICK_NANOS);
    long startTick = random.nextInt(1_000) - 500;
    int ticks = 100;
    // Start empty one tick before the window: tick t's plan is minted at tick t.
    ManualClock clock = new ManualClock((startTick - 1) * TICK_NANOS);
    Limiter limiter = new Limiter(limit, clock);
    limiter.tryAcquire(limiter.tryAcquire(0).remainingTokens());
    long[] admitted = new long[ticks];

    for (int t = 0; t < ticks; t++) {
      clock.set((startTick + t) * TICK_NANOS);
      long banked = limiter.tryAcquire(0).remainingTokens();
      assertThat(limiter.tryAcquire(banked).allowed()).isTrue();
      admitted[t] = banked;
    }
    long[] units = planUnits(plan, startTick, ticks);

    // With the default burst nothing is lost: |q * admitted(W) - plan(W)| <= q - 1.
    forEachWindow(admitted, units, q, (from, to, admittedUnits, planned) -> {
      long deviation = admittedUnits - planned;
      if (Math.abs(deviation) > q - 1) {
        assertThat(Math.abs(deviation)).as("seed %d, window [%d, %d]", seed, from, to)
            .isLessThanOrEqualTo(q - 1);
      }
    });
  }

  /** What a window check sees: tokens admitted and plan, both in units of 1/q. */
  @FunctionalInterface
  private interface WindowCheck {
    void check(int from, int to, long admittedUnits, long plannedUnits);
  }

  /** Runs {@code check} on every window [from, to] of ticks, in O(n^2). */
  private static void forEachWindow(long[] admitted, long[] units, long q, WindowCheck check) {
    for (int from = 0; from < admitted.length; from++) {
      long admittedUnits = 0;
      long plannedUnits = 0;
      for (int to = from; to < admitted.length; to++) {
        admittedUnits += admitted[to] * q;
        plannedUnits += units[to];
        check.check(from, to, admittedUnits, plannedUnits);
      }
    }
  }

  @Property(tries = 500)
  void decide_deniedRequest_isAllowedExactlyAtThePromisedNanosecondAndNotOneBefore(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 1_000_000) long q,
      @ForAll @IntRange(min = 1, max = 50) int burstTokens,
      @ForAll @LongRange(min = 1_000, max = 86_400_000_000_000L) long tickNanos,
      @ForAll long nowNanos) {
    Random random = new Random(seed);
    Plan plan = random.nextBoolean()
        ? ConstantPlan.of(q, 1 + random.nextLong(2 * q))
        : Schedule.of(q, new long[] {1 + random.nextInt(9), 1 + random.nextInt(9)},
            new long[] {random.nextLong(2 * q), 1 + random.nextLong(2 * q)});
    Limit limit = Limit.of(plan, burstTokens, tickNanos);
    long nowTick = Tick.tickOf(nowNanos, tickNanos);
    AdmissionState state = AdmissionState.of(nowTick - random.nextInt(3),
        random.nextInt(burstTokens + 1), random.nextLong(q));
    long n = 1 + random.nextInt(burstTokens);

    Admission.Result first = Admission.decide(limit, state, nowNanos, n);
    long wait = first.decision().nanosUntilAvailable();

    if (first.decision().allowed()) {
      assertThat(wait).isZero();
      return;
    }
    assertThat(wait).isPositive();
    if (wait == Long.MAX_VALUE || nowNanos > Long.MAX_VALUE - wait) {
      return; // past the end of the clock's range: saturated, nothing to replay
    }
    AdmissionState after = first.state();
    assertThat(Admission.decide(limit, after, nowNanos + wait - 1, n).decision().allowed())
        .as("one nanosecond early").isFalse();
    assertThat(Admission.decide(limit, after, nowNanos + wait, n).decision().allowed())
        .as("at the promised moment").isTrue();
  }

  @Property(tries = 300)
  void decide_waitUntilFull_isExactToTheNanosecond(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 1_000) long q,
      @ForAll @IntRange(min = 1, max = 20) int burstTokens,
      @ForAll @LongRange(min = -1_000_000_000, max = 1_000_000_000) long nowNanos) {
    Random random = new Random(seed);
    Plan plan = randomPlan(random, q, 2 * q);
    Limit limit = Limit.of(plan, burstTokens, TICK_NANOS);
    AdmissionState state = AdmissionState.of(Tick.tickOf(nowNanos, TICK_NANOS),
        random.nextInt(burstTokens + 1), random.nextLong(q));

    Admission.Result first = Admission.decide(limit, state, nowNanos, 0);
    long wait = first.decision().nanosUntilFull();

    if (plan.isZero()) {
      assertThat(wait).isEqualTo(-1);
      return;
    }
    long atFull = Admission.decide(limit, first.state(), nowNanos + wait, 0)
        .decision().remainingTokens();
    assertThat(atFull).isEqualTo(burstTokens);
    if (wait > 0) {
      long before = Admission.decide(limit, first.state(), nowNanos + wait - 1, 0)
          .decision().remainingTokens();
      assertThat(before).isLessThan(burstTokens);
    }
  }

  @Property(tries = 300)
  void advance_oneLeapOverManyTicks_equalsSteppingTickByTick(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 50) long q,
      @ForAll @IntRange(min = 1, max = 30) int burstTokens,
      @ForAll @IntRange(min = 0, max = 400) int ticks) {
    Random random = new Random(seed);
    Plan plan = randomPlan(random, q, 4 * q);
    Limit limit = Limit.of(plan, burstTokens, TICK_NANOS);
    long startTick = random.nextInt(2_000) - 1_000;
    AdmissionState start = AdmissionState.of(startTick, random.nextInt(burstTokens + 1),
        random.nextLong(q));

    AdmissionState leap = Admission.advance(limit, start, startTick + ticks);
    long bank = start.bankTokens();
    long carry = start.carryUnits();
    for (long t = startTick + 1; t <= startTick + ticks; t++) {
      long sum = carry + plan.unitsAt(t);
      bank = Math.min(burstTokens, bank + sum / q);
      carry = sum % q;
    }

    assertThat(leap).isEqualTo(AdmissionState.of(startTick + ticks, bank, carry));
  }

  /** The SPEC's constant-plan formula, written with the core's CarryRule helpers. */
  @Property(tries = 500)
  void advance_constantPlan_matchesTheSpecFormulaWithCarryRuleHelpers(
      @ForAll @LongRange(min = 2, max = Integer.MAX_VALUE) long q,
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int burstTokens,
      @ForAll long seed) {
    Random random = new Random(seed);
    long planUnits = 1 + random.nextLong(Math.min(q * 3, Plan.MAX_TOKENS_PER_TICK * q));
    Limit limit = Limit.of(q, planUnits, burstTokens);
    long bank = random.nextInt(burstTokens) + (random.nextBoolean() ? 1 : 0);
    long carry = random.nextLong(q);
    long ticks = random.nextBoolean() ? random.nextInt(1_000) : random.nextLong(1L << 40);

    AdmissionState after = Admission.advance(limit, AdmissionState.of(7, bank, carry), 7 + ticks);

    long need = burstTokens - bank;
    long ticksToFill = need == 0 ? 0
        : Math.floorDiv(need * q - carry + planUnits - 1, planUnits);
    long expectedBank = ticks >= ticksToFill ? burstTokens
        : bank + CarryRule.tokensOver(q, carry, planUnits, ticks);
    assertThat(after.bankTokens()).isEqualTo(expectedBank);
    assertThat(after.carryUnits()).isEqualTo(CarryRule.carryAfter(q, carry, planUnits, ticks));
  }
}
