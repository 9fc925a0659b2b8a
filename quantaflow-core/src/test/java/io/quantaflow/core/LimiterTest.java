package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class LimiterTest {

  private static final long MS = 1_000_000L;

  /**
   * Regression: the tick that holds Long.MAX_VALUE ends past the range, so its cached span
   * never contains a reading; a limiter that retried until the span contained its reading
   * spun forever at that reading.
   */
  @Test
  @Timeout(10)
  void tryAcquire_clockAtLongMaxValue_decidesInItsTick() {
    ManualClock clock = new ManualClock(Long.MAX_VALUE - 5 * MS);
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), clock);
    limiter.tryAcquire(2);

    clock.set(Long.MAX_VALUE);
    Decision first = limiter.tryAcquire(1);
    Decision second = limiter.tryAcquire(1);

    // Five 1 ms ticks at 3/10 mint one token (carry 15 units of 10).
    assertThat(first.allowed()).isTrue();
    assertThat(second.allowed()).isFalse();
    assertThat(second.nanosUntilAvailable()).isEqualTo(Long.MAX_VALUE);
  }

  /**
   * Regression (found by a stress program): with a tick that divides 2^63 - 1, the reading
   * Long.MAX_VALUE is the first nanosecond of a new tick, and the limiter decided it in the
   * tick before, without minting.
   */
  @Test
  void tryAcquire_readingThatStartsTheLastTick_mintsThatTick() {
    long tickNanos = 153_092_023L;
    Limit limit = Limit.of(ConstantPlan.of(2, 2), 1, tickNanos);
    ManualClock clock = new ManualClock(Long.MAX_VALUE - 1);
    Limiter limiter = new Limiter(limit, clock);
    limiter.tryAcquire(1);

    clock.set(Long.MAX_VALUE);
    Decision decision = limiter.tryAcquire(1);

    assertThat(decision.allowed()).isTrue();
    assertThat(limiter.state().anchorTick()).isEqualTo(Long.MAX_VALUE / tickNanos);
  }

  /** Regression: the wait for a tick that starts at Long.MAX_VALUE itself was saturated. */
  @Test
  void nanosUntilFull_nextTickStartingAtLongMaxValue_isOneNanosecond() {
    ManualClock clock = new ManualClock(Long.MAX_VALUE - 1);
    Limiter limiter = new Limiter(Limit.of(ConstantPlan.of(2, 2), 1, 153_092_023L), clock);

    Decision decision = limiter.tryAcquire(1);

    assertThat(decision.nanosUntilFull()).isEqualTo(1);
  }

  /**
   * Regression (found by a stress program): on a clock that stands still, every wait was
   * slept and asked again, forever; sleeping is now bounded by the timeout too.
   */
  @Test
  @Timeout(10)
  void acquire_clockStandingStill_returnsDeniedOnceTheTimeoutIsSlept()
      throws InterruptedException {
    ManualClock clock = new ManualClock();
    List<Long> sleeps = new ArrayList<>();
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), clock, sleeps::add);
    limiter.tryAcquire(2);

    Decision decision = limiter.acquire(1, Duration.ofMillis(10));

    // Each promise is 4 ms away; two fit in 10 ms, a third does not.
    assertThat(decision.allowed()).isFalse();
    assertThat(sleeps).containsExactly(4 * MS, 4 * MS);
  }

  @Test
  void acquire_tokensComingWithinTheTimeout_sleepsExactlyTheWaitThenAllows()
      throws InterruptedException {
    ManualClock clock = new ManualClock();
    List<Long> sleeps = new ArrayList<>();
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), clock, nanos -> {
      sleeps.add(nanos);
      clock.advance(nanos);
    });
    limiter.tryAcquire(2);

    Decision decision = limiter.acquire(1, Duration.ofMillis(4));

    // 10 units at 3 per tick: 4 ticks.
    assertThat(decision.allowed()).isTrue();
    assertThat(sleeps).containsExactly(4 * MS);
  }

  @Test
  void acquire_tokensComingAfterTheTimeout_returnsDeniedWithoutSleeping()
      throws InterruptedException {
    ManualClock clock = new ManualClock();
    List<Long> sleeps = new ArrayList<>();
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), clock, nanos -> sleeps.add(nanos));
    limiter.tryAcquire(2);

    Decision decision = limiter.acquire(1, Duration.ofNanos(4 * MS - 1));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.nanosUntilAvailable()).isEqualTo(4 * MS);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void acquire_moreThanBurst_returnsImpossibleAtOnce() throws InterruptedException {
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), new ManualClock(),
        nanos -> { throw new AssertionError("slept " + nanos); });

    Decision decision = limiter.acquire(3, Duration.ofDays(365));

    assertThat(decision.possible()).isFalse();
  }

  @Test
  void acquire_negativeTimeout_isRejectedByName() {
    Limiter limiter = new Limiter(Limit.of(10, 3, 2), new ManualClock());

    assertThatThrownBy(() -> limiter.acquire(1, Duration.ofNanos(-1)))
        .hasMessage("timeout must be >= 0 (got PT-0.000000001S)");
  }

  @Test
  void setLimit_atRuntime_keepsBankAndCarry() {
    ManualClock clock = new ManualClock();
    Limiter limiter = new Limiter(Limit.of(10, 3, 4), clock);
    limiter.tryAcquire(4);
    clock.set(3 * MS);

    limiter.setLimit(Limit.of(10, 9, 4));
    clock.set(4 * MS);

    // 3 ticks at 3/10 give bank 0, carry 9; one tick at 9/10 gives 18 -> 1 token, carry 8.
    assertThat(limiter.state()).isEqualTo(AdmissionState.of(3, 0, 9));
    assertThat(limiter.tryAcquire(0).remainingTokens()).isEqualTo(1);
    assertThat(limiter.state().carryUnits()).isEqualTo(8);
  }

  /**
   * Many threads on one key. The clock moves only between rounds; within a round every thread
   * asks for random amounts, then for single tokens until denied, so each round drains the
   * bank exactly. The total must equal the rule's (no token lost or duplicated), and the
   * allowed decisions of a round must chain into one sequential history: sorted by remaining
   * tokens, each one's remaining + n is the previous one's remaining.
   */
  @Test
  void tryAcquire_manyThreadsOneKey_admitExactlyWhatTheRuleAllows() throws Exception {
    for (long seed : new long[] {1, 2, 3, 20261203}) {
      System.out.println("LimiterTest one-key concurrency seed=" + seed);
      runOneKeyRounds(seed);
    }
  }

  private static void runOneKeyRounds(long seed) throws Exception {
    Random random = new Random(seed);
    Limit limit = Limit.of(7, 1 + random.nextInt(40), 5 + random.nextInt(20));
    ManualClock clock = new ManualClock(random.nextLong() / 2);
    Limiter limiter = new Limiter(limit, clock);
    AdmissionState model = limiter.state();
    int threads = 4;
    int rounds = 200;
    long[] advances = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      advances[r] = random.nextInt(4) * MS + random.nextInt((int) MS);
    }
    CyclicBarrier barrier = new CyclicBarrier(threads + 1);
    List<List<Decision>> perRound = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      perRound.add(java.util.Collections.synchronizedList(new ArrayList<>()));
    }
    AtomicLong total = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      Random own = new Random(seed * 31 + w);
      Thread worker = new Thread(() -> {
        try {
          for (int r = 0; r < rounds; r++) {
            barrier.await();
            drain(limiter, own, limit.burstTokens(), perRound.get(r), total);
            barrier.await();
          }
        } catch (InterruptedException | BrokenBarrierException e) {
          Thread.currentThread().interrupt();
        }
      });
      workers.add(worker);
      worker.start();
    }

    long expectedTotal = 0;
    for (int r = 0; r < rounds; r++) {
      model = Admission.advance(limit, model,
          Tick.tickOf(clock.nowNanos(), limit.tickNanos()));
      long startBank = model.bankTokens();
      model = AdmissionState.of(model.anchorTick(), 0, model.carryUnits());
      expectedTotal += startBank;
      barrier.await();
      barrier.await();
      assertChains(perRound.get(r), startBank, seed, r);
      clock.advance(advances[r]);
    }
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(total.get()).as("seed %d", seed).isEqualTo(expectedTotal);
    assertThat(limiter.state().bankTokens()).isZero();
  }

  private static void drain(Limiter limiter, Random random, long burst, List<Decision> log,
      AtomicLong total) {
    boolean singles = false;
    while (true) {
      long n = singles ? 1 : 1 + random.nextInt((int) burst);
      Decision decision = limiter.tryAcquire(n);
      if (decision.allowed()) {
        log.add(decision);
        total.addAndGet(n);
      } else if (singles) {
        return;
      } else {
        singles = true;
      }
    }
  }

  private static void assertChains(List<Decision> allowed, long startBank, long seed, int r) {
    List<Decision> sorted = new ArrayList<>(allowed);
    sorted.sort(Comparator.comparingLong(Decision::remainingTokens).reversed());
    long bank = startBank;
    for (Decision decision : sorted) {
      assertThat(decision.remainingTokens() + decision.requestedTokens())
          .as("seed %d round %d: %s", seed, r, sorted).isEqualTo(bank);
      bank = decision.remainingTokens();
    }
    assertThat(bank).as("seed %d round %d", seed, r).isZero();
  }
}
