package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class ScheduleTest {

  private static final long HOUR_TICKS = 3_600_000L;

  private static Schedule randomSchedule(Random random, long q) {
    int segments = 1 + random.nextInt(8);
    long[] ticks = new long[segments];
    long[] units = new long[segments];
    for (int i = 0; i < segments; i++) {
      ticks[i] = 1 + random.nextInt(9);
      units[i] = random.nextInt(3) == 0 ? 0 : random.nextLong(3 * q + 1);
    }
    return Schedule.of(q, ticks, units, random.nextLong());
  }

  /** Units over k ticks from t, by the definition C(m) = floor(m / L) * P + C(m mod L). */
  private static BigInteger unitsByDefinition(Schedule schedule, long fromTick, long ticks) {
    BigInteger period = BigInteger.valueOf(schedule.periodTicks());
    BigInteger start = BigInteger.valueOf(fromTick - schedule.originTick()).mod(period);
    BigInteger end = start.add(BigInteger.valueOf(ticks));
    return cumulative(schedule, end).subtract(cumulative(schedule, start));
  }

  private static BigInteger cumulative(Schedule schedule, BigInteger m) {
    BigInteger period = BigInteger.valueOf(schedule.periodTicks());
    BigInteger[] split = m.divideAndRemainder(period);
    BigInteger inPeriod = BigInteger.ZERO;
    for (long r = 0; r < split[1].longValueExact(); r++) {
      inPeriod = inPeriod.add(BigInteger.valueOf(schedule.unitsAt(schedule.originTick() + r)));
    }
    return split[0].multiply(BigInteger.valueOf(schedule.periodUnits())).add(inPeriod);
  }

  @Property(tries = 400)
  void unitsSaturated_shortIntervals_equalTheSumTickByTick(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 100) long q,
      @ForAll @IntRange(min = 0, max = 200) int ticks,
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long fromTick) {
    Schedule schedule = randomSchedule(new Random(seed), q);

    long sum = 0;
    for (long t = fromTick; t < fromTick + ticks; t++) {
      sum += schedule.unitsAt(t);
    }

    assertThat(schedule.unitsSaturated(fromTick, ticks)).isEqualTo(sum);
    assertThat(schedule.unitsModQ(fromTick, ticks)).isEqualTo(sum % q);
  }

  @Property(tries = 400)
  void unitsModQ_hugeGaps_isExactAndUnitsSaturate(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = Integer.MAX_VALUE) long q,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long ticks,
      @ForAll @LongRange(min = -(1L << 54), max = 1L << 54) long fromTick) {
    Schedule schedule = randomSchedule(new Random(seed), q);

    BigInteger exact = unitsByDefinition(schedule, fromTick, ticks);

    assertThat(schedule.unitsModQ(fromTick, ticks))
        .isEqualTo(exact.mod(BigInteger.valueOf(q)).longValueExact());
    long expectedSaturated = exact.bitLength() < 64 ? exact.longValueExact() : Long.MAX_VALUE;
    assertThat(schedule.unitsSaturated(fromTick, ticks)).isEqualTo(expectedSaturated);
  }

  @Property(tries = 400)
  void ticksUntilUnits_anyDeficit_isTheFewestTicksThatEarnIt(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = 100) long q,
      @ForAll @LongRange(min = 0, max = 2_000) long units,
      @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long fromTick) {
    Schedule schedule = randomSchedule(new Random(seed), q);

    long ticks = schedule.ticksUntilUnits(fromTick, units);

    if (schedule.periodUnits() == 0) {
      assertThat(ticks).isEqualTo(units == 0 ? 0 : Long.MAX_VALUE);
      return;
    }
    assertThat(schedule.unitsSaturated(fromTick, ticks)).isGreaterThanOrEqualTo(units);
    if (ticks > 0) {
      assertThat(schedule.unitsSaturated(fromTick, ticks - 1)).isLessThan(units);
    }
  }

  @Property(tries = 200)
  void ticksUntilUnits_deficitsUpToTwoToTheSixtyTwo_agreeWithTheExactCumulativeSum(
      @ForAll long seed,
      @ForAll @LongRange(min = 2, max = Integer.MAX_VALUE) long q,
      @ForAll @LongRange(min = 1, max = 1L << 62) long units) {
    Random random = new Random(seed);
    Schedule schedule = randomSchedule(random, q);
    long fromTick = random.nextLong(1L << 50);
    if (schedule.periodUnits() == 0) {
      return;
    }

    long ticks = schedule.ticksUntilUnits(fromTick, units);

    BigInteger target = BigInteger.valueOf(units);
    assertThat(unitsByDefinition(schedule, fromTick, ticks)).isGreaterThanOrEqualTo(target);
    assertThat(unitsByDefinition(schedule, fromTick, ticks - 1)).isLessThan(target);
  }

  @Test
  void decide_hourlyRatesOverADay_catchUpAcrossMidnightCountsEachHour() {
    // 1 ms ticks; hour h earns h units per tick on grid 1000 (h/1000 tokens per ms).
    long[] hours = new long[24];
    long[] units = new long[24];
    for (int h = 0; h < 24; h++) {
      hours[h] = HOUR_TICKS;
      units[h] = h;
    }
    Schedule daily = Schedule.of(1_000, hours, units);
    Limit limit = Limit.of(daily, 1_000_000, Tick.DEFAULT_TICK_NANOS);
    long halfPastEleven = 23 * HOUR_TICKS + HOUR_TICKS / 2;
    AdmissionState empty = AdmissionState.of(halfPastEleven - 1, 0, 0);

    // From 23:30 to 01:30 the next day: half an hour at 23, an hour at 0, half an hour at 1.
    AdmissionState later = Admission.advance(limit, empty,
        24 * HOUR_TICKS + HOUR_TICKS + HOUR_TICKS / 2 - 1);

    long earnedUnits = HOUR_TICKS / 2 * 23 + HOUR_TICKS * 0 + HOUR_TICKS / 2 * 1;
    assertThat(later.bankTokens()).isEqualTo(earnedUnits / 1_000);
    assertThat(later.carryUnits()).isEqualTo(earnedUnits % 1_000);
  }

  @Test
  void ticksUntilUnits_nightWithNoPlan_waitsForTheMorning() {
    // 6 ticks of nothing, then 4 ticks at 1/2 per tick; origin at tick 100.
    Schedule schedule = Schedule.of(2, new long[] {6, 4}, new long[] {0, 1}, 100);
    Limit limit = Limit.of(schedule, 1, 1_000);
    AdmissionState empty = AdmissionState.of(100, 0, 0);

    Decision decision = Admission.decide(limit, empty, 100 * 1_000, 1).decision();

    // Ticks 106 and 107 earn the token: it is there at tick 107.
    assertThat(decision.nanosUntilAvailable()).isEqualTo(7 * 1_000);
  }

  @Test
  void advance_manySegmentsAndAnIdleGapOfYears_isExactWithoutStepping() {
    Random random = new Random(7);
    int segments = 100_000;
    long[] ticks = new long[segments];
    long[] units = new long[segments];
    for (int i = 0; i < segments; i++) {
      ticks[i] = 1 + random.nextInt(1_000);
      units[i] = random.nextInt(1_000);
    }
    Schedule schedule = Schedule.of(997, ticks, units, 12345);
    long years = 10L * 365 * 24 * HOUR_TICKS;

    long modQ = schedule.unitsModQ(-years / 2, years);

    BigInteger periods = BigInteger.valueOf(years / schedule.periodTicks());
    long rest = years % schedule.periodTicks();
    long restUnits = schedule.unitsSaturated(-years / 2, rest);
    BigInteger exact = periods.multiply(BigInteger.valueOf(schedule.periodUnits()))
        .add(BigInteger.valueOf(restUnits));
    assertThat(modQ).isEqualTo(exact.mod(BigInteger.valueOf(997)).longValueExact());
  }

  @Test
  void of_badSegments_nameTheValueAndRange() {
    assertThatThrownBy(() -> Schedule.of(10, new long[] {}, new long[] {}))
        .hasMessage("number of segments must be in [1, 2147483646] (got 0)");
    assertThatThrownBy(() -> Schedule.of(10, new long[] {1, 2}, new long[] {1}))
        .hasMessage("planUnits must have one entry per segment (2 segments, got 1)");
    assertThatThrownBy(() -> Schedule.of(10, new long[] {1, 0}, new long[] {1, 1}))
        .hasMessage("segmentTicks[1] must be in [1, 4611686018427387904] (got 0)");
    assertThatThrownBy(() -> Schedule.of(10, new long[] {1}, new long[] {-1}))
        .hasMessage("planUnits[0] must be in [0, 10485760] (got -1)");
    assertThatThrownBy(() -> Schedule.of(10, new long[] {1L << 61, 1L << 61}, new long[] {5, 0}))
        .hasMessageStartingWith("plan units per period must be in [0, 2305843009213693952]");
  }

  @Test
  void limit_scheduleDefaultBurst_coversTheBusiestTick() {
    Schedule schedule = Schedule.of(10, new long[] {3, 3}, new long[] {5, 35});

    assertThat(Limit.of(schedule).burstTokens()).isEqualTo(4);
    assertThat(Limit.of(schedule).isConstant()).isFalse();
    assertThatThrownBy(() -> Limit.of(schedule).planUnits())
        .isInstanceOf(IllegalStateException.class);
  }
}
