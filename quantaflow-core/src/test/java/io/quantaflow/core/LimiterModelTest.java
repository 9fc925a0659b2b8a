package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The limiter against the pure admission rules, call for call, on random single-threaded
 * histories: clocks that move forward, land exactly on a promised moment or one nanosecond
 * before it, and step back; requests from 0 to B + 1 tokens; limit changes. Guards the
 * limiter's two paths, within the anchor's tick (the counter alone) and across ticks (the
 * full rules on a sealed copy): every decision it gives must be the one
 * {@link Admission#decide} gives on the same state and clock reading.
 */
final class LimiterModelTest {

  private static final long TICK_NANOS = 1_000;

  @Property(tries = 300)
  void tryAcquire_randomHistories_decidesAsThePureRules(@ForAll long seed) {
    Random random = new Random(seed);
    Limit limit = randomLimit(random);
    ManualClock clock = new ManualClock(random.nextLong() >> 8);
    Limiter limiter = new Limiter(limit, clock);
    AdmissionState model = Admission.initial(limit, Tick.tickOf(clock.nowNanos(), TICK_NANOS));
    Decision last = null;

    for (int step = 0; step < 200; step++) {
      moveClock(random, clock, last);
      if (random.nextInt(20) == 0) {
        Limit next = randomLimit(random);
        model = Admission.changeLimit(limit, model, next, clock.nowNanos());
        limiter.setLimit(next);
        limit = next;
        continue;
      }
      long n = random.nextInt((int) limit.burstTokens() + 2);

      Decision actual = limiter.tryAcquire(n);
      Admission.Result expected = Admission.decide(limit, model, clock.nowNanos(), n);
      model = expected.state();

      String where = "seed " + seed + ", step " + step + ", n " + n + ", " + limit;
      assertThat(describe(actual)).as(where).isEqualTo(describe(expected.decision()));
      last = actual;
    }
  }

  private static Limit randomLimit(Random random) {
    long q = 2 + random.nextInt(9);
    long planUnits = random.nextInt((int) q + 1);
    long burst = 1 + random.nextInt(4);
    return Limit.of(ConstantPlan.of(q, planUnits), burst, TICK_NANOS);
  }

  // Forward by a few ticks, exactly to the promised moment or one nanosecond before it, or
  // back by a few ticks.
  private static void moveClock(Random random, ManualClock clock, Decision last) {
    int kind = random.nextInt(6);
    long promised = last == null ? -1 : last.nanosUntilAvailable();
    if (kind == 0 && promised > 0 && promised < Long.MAX_VALUE / 4) {
      clock.advance(promised);
    } else if (kind == 1 && promised > 1 && promised < Long.MAX_VALUE / 4) {
      clock.advance(promised - 1);
    } else if (kind == 2) {
      clock.advance(-random.nextInt(3 * (int) TICK_NANOS));
    } else if (kind == 3) {
      clock.advance(0);
    } else {
      clock.advance(random.nextInt(5 * (int) TICK_NANOS));
    }
  }

  private static String describe(Decision d) {
    return d.allowed() + " " + d.possible() + " remaining " + d.remainingTokens()
        + " wait " + d.nanosUntilAvailable() + " full " + d.nanosUntilFull();
  }
}
