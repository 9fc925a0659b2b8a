package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads taking from one limiter while another thread moves the clock forward and a third
 * re-applies the limit, so that calls meet sealed epochs, successors published under them
 * and readings older than the anchor. The burst is larger than everything minted during
 * the run and the first bank is drained before it, so the cap never binds and the rule's
 * total does not depend on the interleaving: after a final drain, the tokens taken must be
 * exactly the first bank plus what the carry rule mints up to the last reading.
 */
final class LimiterConcurrencyTest {

  private static final long TICK_NANOS = 1_000;
  private static final int CLOCK_STEPS = 3_000;
  private static final long BURST_TOKENS = 4 * CLOCK_STEPS;

  @Test
  void tryAcquire_threadsWhileTheClockMoves_takeExactlyTheMintedTokens() throws Exception {
    for (long seed : new long[] {1, 2, 3, 20261203}) {
      System.out.println("LimiterConcurrencyTest seed=" + seed);
      runWhileTheClockMoves(seed);
    }
  }

  private static void runWhileTheClockMoves(long seed) throws Exception {
    Random random = new Random(seed);
    Limit limit = Limit.of(ConstantPlan.of(7, 1 + random.nextInt(7)), BURST_TOKENS, TICK_NANOS);
    ManualClock clock = new ManualClock(random.nextLong() / 2);
    Limiter limiter = new Limiter(limit, clock);
    long firstBank = drain(limiter);
    AdmissionState empty = limiter.state();

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong taken = new AtomicLong();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      Random own = new Random(seed * 31 + w);
      threads.add(start(() -> take(limiter, own, running, taken), failures));
    }
    threads.add(start(() -> reapply(limiter, limit, running), failures));
    moveClock(clock, random);
    running.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
    long lastTaken = drain(limiter);

    assertThat(failures).as("seed %d", seed).isEmpty();

    long lastTick = Tick.tickOf(clock.nowNanos(), TICK_NANOS);
    long minted = Admission.advance(limit, empty, lastTick).bankTokens();
    assertThat(minted).as("the cap must not bind").isLessThan(BURST_TOKENS);
    assertThat(taken.get() + lastTaken).as("seed %d", seed).isEqualTo(minted);
    assertThat(firstBank).isEqualTo(BURST_TOKENS);
  }

  /**
   * Regression (found in review): a call sent on to a successor used the successor's tick
   * in place of its own older reading, even when the clock had really stepped back, and
   * lost the tokens of the ticks walked again. The clock below blocks so that the calls
   * interleave exactly so, at one token a tick, burst 10, the bank drained at tick 0:
   *
   * <pre>
   *   early: loads the tick-0 epoch, reads tick 5, and stalls before sealing
   *   the clock steps back to tick 1
   *   late:  loads the tick-0 epoch, reads tick 1, and stalls until early is done
   *   early: seals, mints 5, publishes tick 5, asks for 0
   *   late:  finds the epoch sealed, moves to tick 5, asks for 5
   *   then:  at tick 3, asks for 2
   * </pre>
   *
   * Late asks for 5, which tick 1 alone cannot give, so its allowed decision fits only the
   * history early, late, then, in which late moves the anchor back to tick 1 and ticks 2
   * and 3 mint the 2 tokens that the last call asks for.
   */
  @Test
  @Timeout(20)
  void tryAcquire_successorAfterTheClockSteppedBack_decidesAtAFreshReading() throws Exception {
    Limit limit = Limit.of(ConstantPlan.of(2, 2), 10, TICK_NANOS);
    ManualClock manual = new ManualClock(0);
    CountDownLatch earlyRead = new CountDownLatch(1);
    CountDownLatch earlyGo = new CountDownLatch(1);
    CountDownLatch earlyDone = new CountDownLatch(1);
    AtomicReference<Thread> early = new AtomicReference<>();
    AtomicReference<Thread> late = new AtomicReference<>();
    Clock clock = () -> {
      long readingNanos = manual.nowNanos();
      if (Thread.currentThread() == early.get()) {
        earlyRead.countDown();
        awaitQuietly(earlyGo);
      } else if (late.compareAndSet(Thread.currentThread(), null)) {
        earlyGo.countDown();
        awaitQuietly(earlyDone);
      }
      return readingNanos;
    };
    Limiter limiter = new Limiter(limit, clock);
    limiter.tryAcquire(10);
    manual.set(5 * TICK_NANOS);

    AtomicReference<Decision> earlyDecision = new AtomicReference<>();
    Thread earlyThread = new Thread(() -> {
      earlyDecision.set(limiter.tryAcquire(0));
      earlyDone.countDown();
    });
    early.set(earlyThread);
    earlyThread.start();
    earlyRead.await();
    manual.set(TICK_NANOS);
    late.set(Thread.currentThread());
    Decision lateDecision = limiter.tryAcquire(5);
    earlyThread.join();
    manual.set(3 * TICK_NANOS);
    Decision thenDecision = limiter.tryAcquire(2);

    Admission.Result first = Admission.decide(limit, AdmissionState.of(0, 0, 0),
        5 * TICK_NANOS, 0);
    Admission.Result second = Admission.decide(limit, first.state(), TICK_NANOS, 5);
    Admission.Result third = Admission.decide(limit, second.state(), 3 * TICK_NANOS, 2);
    assertThat(describe(earlyDecision.get())).isEqualTo(describe(first.decision()));
    assertThat(describe(lateDecision)).isEqualTo(describe(second.decision()));
    assertThat(describe(thenDecision)).isEqualTo(describe(third.decision()));
    assertThat(thenDecision.allowed()).isTrue();
  }

  /**
   * Regression (found by a stress program): a call that read the clock before it stepped
   * back, and met the epoch another call had moved back, applied its old reading there and
   * minted ticks the clock never walked again. A call that meets another's successor now
   * reads the clock again. One token a tick, burst 10, the clock at tick 10, bank drained:
   *
   * <pre>
   *   held: loads the tick-10 epoch, reads tick 10, stalls
   *   the clock steps back to tick 0; a check (n = 0) moves the anchor back to tick 0
   *   held: finds its epoch sealed, moves on, asks for 1
   *   then: at tick 0 still, asks for 9
   * </pre>
   *
   * The clock never walked forward after the drain, so nothing may be admitted.
   */
  @Test
  @Timeout(20)
  void tryAcquire_readingFromBeforeAStepBack_mintsNothingTheClockDidNotWalkAgain()
      throws Exception {
    Limit limit = Limit.of(ConstantPlan.of(2, 2), 10, TICK_NANOS);
    ManualClock manual = new ManualClock(10 * TICK_NANOS);
    CountDownLatch heldRead = new CountDownLatch(1);
    CountDownLatch heldGo = new CountDownLatch(1);
    AtomicReference<Thread> held = new AtomicReference<>();
    Clock clock = () -> {
      long readingNanos = manual.nowNanos();
      if (held.compareAndSet(Thread.currentThread(), null)) {
        heldRead.countDown();
        awaitQuietly(heldGo);
      }
      return readingNanos;
    };
    Limiter limiter = new Limiter(limit, clock);
    limiter.tryAcquire(10);

    AtomicReference<Decision> heldDecision = new AtomicReference<>();
    Thread heldThread = new Thread(() -> heldDecision.set(limiter.tryAcquire(1)));
    held.set(heldThread);
    heldThread.start();
    heldRead.await();
    manual.set(0);
    limiter.tryAcquire(0);
    heldGo.countDown();
    heldThread.join();
    Decision thenDecision = limiter.tryAcquire(9);

    assertThat(heldDecision.get().allowed()).isFalse();
    assertThat(thenDecision.allowed()).isFalse();
    assertThat(limiter.state().anchorTick()).isZero();
  }

  /**
   * As the first test, with the clock also stepping back now and then (up to 50 ticks, one
   * move in 20). Ticks walked again are minted again, so the total is no longer fixed, but
   * it can never pass the first bank plus the plan of every tick the clock walked forward.
   */
  @Test
  void tryAcquire_threadsWhileTheClockStepsBack_takeAtMostTheTicksWalked() throws Exception {
    for (long seed : new long[] {4, 5, 6, 20261203}) {
      System.out.println("LimiterConcurrencyTest step-back seed=" + seed);
      Random random = new Random(seed);
      long planUnits = 1 + random.nextInt(7);
      Limit limit = Limit.of(ConstantPlan.of(7, planUnits), 100 * BURST_TOKENS, TICK_NANOS);
      ManualClock clock = new ManualClock(random.nextLong() / 2);
      Limiter limiter = new Limiter(limit, clock);
      long firstBank = drain(limiter);

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong taken = new AtomicLong();
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        Random own = new Random(seed * 31 + w);
        threads.add(start(() -> take(limiter, own, running, taken), failures));
      }
      long forwardTicks = moveClockBothWays(clock, random);
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
      long lastTaken = drain(limiter);

      assertThat(failures).as("seed %d", seed).isEmpty();
      assertThat(firstBank + taken.get() + lastTaken).as("seed %d", seed)
          .isLessThanOrEqualTo(firstBank + planUnits * forwardTicks / 7);
    }
  }

  // Returns the ticks walked forward, summed over every move.
  private static long moveClockBothWays(ManualClock clock, Random random) {
    long forwardTicks = 0;
    for (int step = 0; step < CLOCK_STEPS; step++) {
      long beforeTick = Tick.tickOf(clock.nowNanos(), TICK_NANOS);
      long deltaNanos = random.nextInt(20) == 0
          ? -random.nextInt(50) * TICK_NANOS - random.nextInt((int) TICK_NANOS)
          : random.nextInt(3) * TICK_NANOS + random.nextInt((int) TICK_NANOS);
      long afterTick = Tick.tickOf(clock.advance(deltaNanos), TICK_NANOS);
      forwardTicks += Math.max(0, afterTick - beforeTick);
      if (step % 8 == 0) {
        Thread.yield();
      }
    }
    return forwardTicks;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Decision d) {
    return d.allowed() + " remaining " + d.remainingTokens() + " wait "
        + d.nanosUntilAvailable() + " full " + d.nanosUntilFull();
  }

  private static Thread start(Runnable body, Queue<Throwable> failures) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable failure) {
        failures.add(failure);
      }
    });
    thread.start();
    return thread;
  }

  // Forward by 0 to 2 ticks and a part of one, pausing now and then so takers see each tick.
  private static void moveClock(ManualClock clock, Random random) {
    for (int step = 0; step < CLOCK_STEPS; step++) {
      clock.advance(random.nextInt(3) * TICK_NANOS + random.nextInt((int) TICK_NANOS));
      if (step % 8 == 0) {
        Thread.yield();
      }
    }
  }

  private static void take(Limiter limiter, Random random, AtomicBoolean running,
      AtomicLong taken) {
    while (running.get()) {
      long n = random.nextInt(4);
      Decision decision = limiter.tryAcquire(n);
      assertThat(decision.remainingTokens()).isBetween(0L, BURST_TOKENS);
      if (decision.allowed()) {
        taken.addAndGet(n);
      }
    }
  }

  // Setting the same limit keeps bank and carry, but seals the epoch like a tick change.
  private static void reapply(Limiter limiter, Limit limit, AtomicBoolean running) {
    while (running.get()) {
      limiter.setLimit(limit);
      assertThat(limiter.state().bankTokens()).isBetween(0L, BURST_TOKENS);
      Thread.yield();
    }
  }

  private static long drain(Limiter limiter) {
    long tokens = 0;
    while (limiter.tryAcquire(1).allowed()) {
      tokens++;
    }
    return tokens;
  }
}
