package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

final class AdmissionTest {

  private static final long MS = 1_000_000L;

  /** Asks for n tokens once at the start of each tick 0..ticks-1: A allowed, D denied. */
  private static String transcript(Limit limit, int ticks, long n) {
    ManualClock clock = new ManualClock();
    Limiter limiter = new Limiter(limit, clock);
    StringBuilder events = new StringBuilder();
    for (int tick = 0; tick < ticks; tick++) {
      clock.set(tick * limit.tickNanos());
      events.append(limiter.tryAcquire(n).allowed() ? 'A' : 'D');
    }
    return events.toString();
  }

  @Test
  void tryAcquire_threeTenthsPerTickBurstOne_admitsOnTheCarryRuleTicks() {
    // Carry 3, 6, 9, 12 -> token at tick 4 (carry 2), 5, 8, 11 -> tick 7 (1), 4, 7, 10 -> 10.
    assertThat(transcript(Limit.of(10, 3, 1), 11, 1)).isEqualTo("ADDDADDADDA");
  }

  @Test
  void tryAcquire_twoAndAHalfPerTickAskingThree_banksTheHalvesAndMissesOneTick() {
    // B = 5. Bank 5 - 3 = 2; then +2 or +3 per tick: 4-3, 4-3, 3-3, 3-3, 2 (denied), 5-3, 4-3.
    assertThat(transcript(Limit.of(2, 5, 5), 8, 3)).isEqualTo("AAAAADAA");
  }

  @Test
  void tryAcquire_zeroTokens_checksWithoutConsuming() {
    ManualClock clock = new ManualClock();
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), clock);

    Decision check = limiter.tryAcquire(0);

    assertThat(check.allowed()).isTrue();
    assertThat(check.remainingTokens()).isEqualTo(2);
    assertThat(limiter.tryAcquire(2).allowed()).isTrue();
    assertThat(limiter.tryAcquire(0).allowed()).isTrue();
    assertThat(limiter.state().bankTokens()).isZero();
  }

  @Test
  void tryAcquire_negativeTokens_throwsNamingN() {
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), new ManualClock());

    assertThatThrownBy(() -> limiter.tryAcquire(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be >= 0 (got -1)");
    assertThat(limiter.state().bankTokens()).isEqualTo(2);
  }

  @Test
  void tryAcquire_moreThanBurst_isImpossibleWithoutAWaitAndConsumesNothing() {
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), new ManualClock());

    Decision decision = limiter.tryAcquire(3);

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.possible()).isFalse();
    assertThat(decision.nanosUntilAvailable()).isEqualTo(-1);
    assertThat(decision.remainingTokens()).isEqualTo(2);
    assertThat(limiter.tryAcquire(2).allowed()).isTrue();
  }

  @Test
  void tryAcquire_denied_consumesNothing() {
    ManualClock clock = new ManualClock();
    Limiter limiter = new Limiter(Limit.of(10, 3, 3), clock);
    limiter.tryAcquire(2);

    Decision denied = limiter.tryAcquire(2);

    assertThat(denied.allowed()).isFalse();
    assertThat(denied.possible()).isTrue();
    assertThat(denied.remainingTokens()).isEqualTo(1);
    assertThat(limiter.tryAcquire(1).allowed()).isTrue();
  }

  @Test
  void tryAcquire_zeroPlan_admitsNothingEver() {
    ManualClock clock = new ManualClock();
    Limiter limiter = new Limiter(Limit.of(10, 0, 5), clock);

    Decision first = limiter.tryAcquire();
    clock.set(Long.MAX_VALUE);
    Decision late = limiter.tryAcquire();

    assertThat(first.allowed()).isFalse();
    assertThat(first.possible()).isFalse();
    assertThat(first.nanosUntilAvailable()).isEqualTo(-1);
    assertThat(late.allowed()).isFalse();
    assertThat(late.remainingTokens()).isZero();
    assertThat(late.nanosUntilFull()).isEqualTo(-1);
    assertThat(limiter.tryAcquire(0).allowed()).isTrue();
  }

  @Test
  void tryAcquire_unlimited_allowsEverything() {
    Limiter limiter = new Limiter(Limit.unlimited(), new ManualClock());

    Decision decision = limiter.tryAcquire(Long.MAX_VALUE);

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.remainingTokens()).isEqualTo(Long.MAX_VALUE);
    assertThat(decision.nanosUntilAvailable()).isZero();
  }

  @Test
  void unlimited_isNeverWhatAZeroRateMeans() {
    assertThat(Limit.of(10, 0).isUnlimited()).isFalse();
    assertThat(Limit.of(10, 0).admitsNothing()).isTrue();
    assertThat(Limit.unlimited().admitsNothing()).isFalse();
    assertThatThrownBy(() -> Limit.unlimited().q()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decide_waitUntilAvailable_isExactToTheNanosecond() {
    // 3/10 per tick; ask for 2 with bank 0, carry 0 at 0.25 ms into tick 0.
    Limit limit = Limit.of(10, 3, 2);
    AdmissionState empty = AdmissionState.of(0, 0, 0);
    long nowNanos = MS / 4;

    Decision wait = Admission.decide(limit, empty, nowNanos, 2).decision();

    // 20 units at 3 per tick need 7 ticks: tick 7 starts at 7 ms.
    assertThat(wait.nanosUntilAvailable()).isEqualTo(7 * MS - nowNanos);
    long promised = nowNanos + wait.nanosUntilAvailable();
    assertThat(Admission.decide(limit, empty, promised - 1, 2).decision().allowed()).isFalse();
    assertThat(Admission.decide(limit, empty, promised, 2).decision().allowed()).isTrue();
  }

  @Test
  void decide_waitUntilFull_countsTheCarry() {
    Limit limit = Limit.of(10, 3, 2);
    AdmissionState state = AdmissionState.of(0, 1, 8);

    Decision decision = Admission.decide(limit, state, 0, 0).decision();

    // Needs 10 - 8 = 2 units: one tick.
    assertThat(decision.nanosUntilFull()).isEqualTo(MS);
    assertThat(Admission.decide(limit, state, MS, 0).decision().remainingTokens()).isEqualTo(2);
  }

  @Test
  void decide_newKey_startsWithAFullBank() {
    Admission.Result result = Admission.decide(Limit.of(10, 3, 4), null, -3 * MS - 1, 1);

    assertThat(result.decision().allowed()).isTrue();
    assertThat(result.state()).isEqualTo(AdmissionState.of(-4, 3, 0));
  }

  @Test
  void advance_idleGapOfTwoToTheSixtyTwoNanos_fillsTheBankExactly() {
    long q = Integer.MAX_VALUE;
    Limit limit = Limit.of(q, q - 1, Integer.MAX_VALUE).withTickNanos(1_000);
    AdmissionState empty = AdmissionState.of(0, 0, 5);

    Admission.Result result = Admission.decide(limit, empty, 1L << 62, 0);

    assertThat(result.decision().remainingTokens()).isEqualTo(Integer.MAX_VALUE);
    // The carry is exact too: (5 + ticks * (q - 1)) mod q, checked with BigInteger.
    BigInteger ticks = BigInteger.valueOf((1L << 62) / 1_000);
    long expectedCarry = BigInteger.valueOf(5).add(ticks.multiply(BigInteger.valueOf(q - 1)))
        .mod(BigInteger.valueOf(q)).longValueExact();
    assertThat(result.state().carryUnits()).isEqualTo(expectedCarry);
  }

  @Test
  void advance_idleGapOfTwoToTheSixtyTwoNanosSlowPlan_mintsExactlyTheEarnedTokens() {
    long q = Integer.MAX_VALUE;
    Limit limit = Limit.of(q, 1, Integer.MAX_VALUE).withTickNanos(1_000);

    AdmissionState state = Admission.advance(limit, AdmissionState.of(0, 0, 5),
        (1L << 62) / 1_000);

    // 2^52 ticks at 1/q token per tick: floor((5 + 2^52) / q) tokens, the rest carried.
    long units = 5 + (1L << 62) / 1_000;
    assertThat(state.bankTokens()).isEqualTo(units / q);
    assertThat(state.carryUnits()).isEqualTo(units % q);
  }

  @Test
  void advance_wholeClockRange_fillsTheBankWithoutOverflow() {
    Limit limit = Limit.of(1 << 30, (1L << 20) << 30, Integer.MAX_VALUE).withTickNanos(1_000);
    long startTick = Tick.tickOf(Long.MIN_VALUE, 1_000);
    AdmissionState empty = AdmissionState.of(startTick, 0, 12345);

    AdmissionState late = Admission.advance(limit, empty, Tick.tickOf(Long.MAX_VALUE, 1_000));

    assertThat(late.bankTokens()).isEqualTo(Integer.MAX_VALUE);
    assertThat(late.carryUnits()).isEqualTo(12345);
  }

  @Test
  void advance_shortGap_mintsFloorOfCarryPlusUnits() {
    Limit limit = Limit.of(7, 5, 100);
    AdmissionState state = AdmissionState.of(-2, 10, 6);

    AdmissionState later = Admission.advance(limit, state, 3);

    // 6 + 5 * 5 = 31 = 4 * 7 + 3.
    assertThat(later).isEqualTo(AdmissionState.of(3, 14, 3));
  }

  @Test
  void tryAcquire_clockStepsBack_mintsNothingAndDoesNotLockOut() {
    ManualClock clock = new ManualClock(10 * MS);
    Limiter limiter = new Limiter(Limit.of(2, 1, 1), clock);
    assertThat(limiter.tryAcquire().allowed()).isTrue();

    clock.set(-3_600_000 * MS);
    Decision back = limiter.tryAcquire();
    clock.advance(MS);
    Decision oneTickLater = limiter.tryAcquire();
    clock.advance(MS);
    Decision twoTicksLater = limiter.tryAcquire();

    assertThat(back.allowed()).isFalse();
    assertThat(back.nanosUntilAvailable()).isEqualTo(2 * MS);
    assertThat(oneTickLater.allowed()).isFalse();
    assertThat(twoTicksLater.allowed()).isTrue();
  }

  @Test
  void decide_clockAcrossZero_countsTicksWithFloorSemantics() {
    Limit limit = Limit.of(4, 1, 1);
    AdmissionState empty = AdmissionState.of(-1, 0, 3);

    // From tick -1 (reading -1 ns) to tick 0 (reading 0): one tick, carry 3 + 1 = 4.
    assertThat(Admission.decide(limit, empty, -1, 1).decision().allowed()).isFalse();
    assertThat(Admission.decide(limit, empty, 0, 1).decision().allowed()).isTrue();
  }

  @Test
  void decide_nearLongMaxValue_waitSaturatesInsteadOfWrapping() {
    Limit limit = Limit.of(Integer.MAX_VALUE, 1, 2).withTickNanos(Tick.MAX_TICK_NANOS);
    long nowNanos = Long.MAX_VALUE - 5;
    AdmissionState empty = AdmissionState.of(Tick.tickOf(nowNanos, limit.tickNanos()), 0, 0);

    Decision decision = Admission.decide(limit, empty, nowNanos, 1).decision();

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.nanosUntilAvailable()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void decide_stateThatDoesNotFitTheLimit_isRejectedByName() {
    Limit limit = Limit.of(10, 3, 2);

    assertThatThrownBy(() -> Admission.decide(limit, AdmissionState.of(0, 3, 0), 0, 1))
        .hasMessage("bankTokens must be in [0, 2] (got 3)");
    assertThatThrownBy(() -> Admission.decide(limit, AdmissionState.of(0, 1, 10), 0, 1))
        .hasMessage("carryUnits must be in [0, 9] (got 10)");
  }

  @Test
  void changeLimit_newGridAndBurst_keepsBankAndRescalesCarryDown() {
    Limit from = Limit.of(10, 3, 5);
    Limit to = Limit.of(4, 1, 2);
    AdmissionState state = AdmissionState.of(0, 4, 9);

    AdmissionState changed = Admission.changeLimit(from, state, to, 0);

    // Bank capped at 2; carry 9/10 becomes floor(9 * 4 / 10) = 3 quarters.
    assertThat(changed).isEqualTo(AdmissionState.of(0, 2, 3));
  }

  @Test
  void changeLimit_laterMoment_keepsWhatTheOldPlanEarned() {
    Limit from = Limit.of(10, 3, 5);
    Limit to = Limit.of(10, 7, 5);

    AdmissionState changed = Admission.changeLimit(from, AdmissionState.of(0, 0, 0), to, 4 * MS);

    assertThat(changed).isEqualTo(AdmissionState.of(4, 1, 2));
  }

  @Test
  void limit_defaultBurst_isOneTicksMintRoundedUp() {
    assertThat(Limit.of(10, 3).burstTokens()).isEqualTo(1);
    assertThat(Limit.of(10, 25).burstTokens()).isEqualTo(3);
    assertThat(Limit.of(10, 0).burstTokens()).isEqualTo(1);
  }

  @Test
  void limit_badArguments_nameTheValueAndRange() {
    assertThatThrownBy(() -> Limit.of(1, 0))
        .hasMessage("q must be in [2, 2147483647] (got 1)");
    assertThatThrownBy(() -> Limit.of(10, 10L * (1 << 20) + 1))
        .hasMessage("planUnits must be in [0, 10485760] (got 10485761)");
    assertThatThrownBy(() -> Limit.of(10, 3, 0))
        .hasMessage("burstTokens must be in [1, 2147483647] (got 0)");
    assertThatThrownBy(() -> Limit.of(10, 3, 1).withTickNanos(10))
        .hasMessage("tickNanos must be in [1000, 86400000000000] (got 10)");
  }

  @Test
  void limit_fromAnExactRate_usesItsSmallestGridAndTheTick() {
    Limit limit = Limit.of(ExactRate.parse("3/10"), 2, java.time.Duration.ofMillis(100));

    assertThat(limit.q()).isEqualTo(10);
    assertThat(limit.planUnits()).isEqualTo(3);
    assertThat(limit.tickNanos()).isEqualTo(100 * MS);
    assertThat(Limit.of(new GridPlan(20, 6)).planUnits()).isEqualTo(6);
    // Regression: a tick over 2 days was reported as 2 days, under the name tickNanos.
    assertThatThrownBy(() -> limit.withTick(java.time.Duration.ofDays(3)))
        .hasMessage("tick must be in [PT0.000001S, PT24H] (1 us to 1 day) (got PT72H)");
    assertThatThrownBy(() -> Limit.of(ExactRate.parse("3/10"), 2, java.time.Duration.ofMillis(-1)))
        .hasMessage("tick must be in [PT0.000001S, PT24H] (1 us to 1 day) (got PT-0.001S)");
    assertThatThrownBy(() -> limit.withTick(java.time.Duration.ofSeconds(Long.MAX_VALUE)))
        .hasMessageStartingWith("tick must be in [PT0.000001S, PT24H]");
  }
}
