package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Many threads on many keys with a manual clock. Within a round the clock is frozen and the
 * threads ask at random (single keys and all-or-nothing batches), then ask for single tokens
 * on every key until denied, so every bank ends the round empty. Each key's admitted total
 * must then equal, exactly, the sum of its banks at the start of each round as the pure
 * {@link Admission} rules compute them: no token lost and none duplicated.
 */
final class TenantTableConcurrencyTest {

  private static final int THREADS = 4;
  private static final int KEYS = 40;
  private static final int ROUNDS = 60;

  @Test
  void tryAcquireAndDecideAll_manyThreadsManyKeys_admitExactlyWhatTheRuleAllows()
      throws Exception {
    for (long seed : new long[] {11, 12, 13, 20261203}) {
      System.out.println("TenantTableConcurrencyTest many-keys seed=" + seed);
      runRounds(seed);
    }
  }

  private static String key(int k) {
    return k % 7 == 0 ? "a-long-tenant-identifier-number-" + k : "tenant-" + k;
  }

  private static void runRounds(long seed) throws Exception {
    Random random = new Random(seed);
    Limit limit = Limit.of(10, 1 + random.nextInt(30), 3 + random.nextInt(6));
    ManualClock clock = new ManualClock(random.nextLong() / 4);
    TenantTable table = TenantTable.builder(limit).clock(clock).segments(8).build();
    AtomicLongArray admitted = new AtomicLongArray(KEYS);

    runRounds(seed, random, limit, clock, admitted, ROUNDS, 1_000_000, (worker, own, round) -> {
      askAtRandom(table, own, limit.burstTokens(), admitted);
      drainAll(table, admitted);
    });
  }

  /** What one worker does in one round, between the barriers. */
  @FunctionalInterface
  private interface RoundWork {
    void run(int worker, Random random, int round);
  }

  /**
   * Runs {@code rounds} rounds of {@code work} on {@value #THREADS} threads. While a round
   * runs the clock stands still; the work must leave every tracked key's bank empty, so the
   * key's admitted total over all rounds must equal the sum of its banks at the start of
   * each round, as the pure rules compute them. Between rounds the clock moves by up to 4
   * ticks and up to {@code jitterNanos} more.
   */
  private static void runRounds(long seed, Random random, Limit limit, ManualClock clock,
      AtomicLongArray admitted, int rounds, int jitterNanos, RoundWork work)
      throws Exception {
    int keys = admitted.length();
    CyclicBarrier barrier = new CyclicBarrier(THREADS + 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < THREADS; w++) {
      Random own = new Random(seed * 101 + w);
      int index = w;
      Thread worker = new Thread(() -> {
        try {
          for (int r = 0; r < rounds; r++) {
            barrier.await();
            work.run(index, own, r);
            barrier.await();
          }
        } catch (InterruptedException | BrokenBarrierException e) {
          Thread.currentThread().interrupt();
        } catch (Throwable e) {
          failure.set(e);
          barrier.reset();
        }
      });
      workers.add(worker);
      worker.start();
    }

    AdmissionState[] model = new AdmissionState[keys];
    long[] expected = new long[keys];
    for (int r = 0; r < rounds; r++) {
      long nowTick = Tick.tickOf(clock.nowNanos(), limit.tickNanos());
      for (int k = 0; k < keys; k++) {
        model[k] = model[k] == null ? Admission.initial(limit, nowTick)
            : Admission.advance(limit, model[k], nowTick);
        expected[k] += model[k].bankTokens();
        model[k] = AdmissionState.of(nowTick, 0, model[k].carryUnits());
      }
      try {
        barrier.await(60, TimeUnit.SECONDS);
        barrier.await(60, TimeUnit.SECONDS);
      } catch (BrokenBarrierException e) {
        throw new AssertionError("seed " + seed + ": a worker failed", failure.get());
      }
      clock.advance(random.nextInt(5) * limit.tickNanos() + random.nextInt(jitterNanos + 1));
    }
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(worker.isAlive()).as("seed %d: a worker is stuck", seed).isFalse();
    }

    assertThat(failure.get()).as("seed %d", seed).isNull();
    for (int k = 0; k < keys; k++) {
      assertThat(admitted.get(k)).as("seed %d key %s", seed, key(k)).isEqualTo(expected[k]);
    }
  }

  private static void askAtRandom(TenantTable table, Random random, long burst,
      AtomicLongArray admitted) {
    for (int i = 0; i < 3 * KEYS; i++) {
      if (random.nextBoolean()) {
        int k = random.nextInt(KEYS);
        long n = random.nextInt((int) burst + 2);
        if (table.tryAcquire(key(k), n).allowed()) {
          admitted.addAndGet(k, n);
        }
        continue;
      }
      int size = 1 + random.nextInt(3);
      String[] keys = new String[size];
      int[] indexes = new int[size];
      long[] hits = new long[size];
      for (int j = 0; j < size; j++) {
        indexes[j] = random.nextInt(KEYS);
        keys[j] = key(indexes[j]);
        hits[j] = random.nextInt(3);
      }
      Decision[] decisions = table.decideAll(keys, new Limit[size], hits);
      boolean allAllowed = true;
      for (int j = 0; j < size; j++) {
        allAllowed &= decisions[j].allowed() || hits[j] == 0;
      }
      if (allAllowed) {
        for (int j = 0; j < size; j++) {
          admitted.addAndGet(indexes[j], hits[j]);
        }
      }
    }
  }

  /** Asks every tracked key for single tokens until denied: its bank ends empty. */
  private static void drainAll(TenantTable table, AtomicLongArray admitted) {
    for (int k = 0; k < admitted.length(); k++) {
      while (table.tryAcquire(key(k)).allowed()) {
        admitted.incrementAndGet(k);
      }
    }
  }

  /**
   * Regression for the table's deciders without a lock (they lock one slot and check the
   * segment's version): while three threads ask for the tracked keys, a fourth rearranges
   * their one segment under them, inserting other tenants (so the segment grows, or, with a
   * bound, evicts and shifts slots back), reading states and deciding batches. The tracked
   * keys' admitted totals must still match the rule exactly.
   */
  @Test
  void tryAcquire_whileTheSegmentIsRearranged_admitsExactlyWhatTheRuleAllows()
      throws Exception {
    for (long maxTenants : new long[] {Long.MAX_VALUE, 160}) {
      for (long seed : new long[] {21, 22, 23}) {
        System.out.println("TenantTableConcurrencyTest churn seed=" + seed
            + " maxTenants=" + maxTenants);
        runChurnRounds(seed, maxTenants);
      }
    }
  }

  private static final int TRACKED = 24;
  private static final int CHURN_ROUNDS = 40;

  private static void runChurnRounds(long seed, long maxTenants) throws Exception {
    Random random = new Random(seed);
    // Banks of 30 refilled by at most 4 ticks of 1 token: a tracked key is never full, so
    // eviction, which prefers full banks, takes only the full other tenants.
    Limit limit = Limit.of(10, 1 + random.nextInt(10), 30);
    ManualClock clock = new ManualClock(random.nextLong() / 4);
    TenantTable table = TenantTable.builder(limit).clock(clock).maxTenants(maxTenants)
        .segments(1).build();
    AtomicLongArray admitted = new AtomicLongArray(TRACKED);

    runRounds(seed, random, limit, clock, admitted, CHURN_ROUNDS, 0, (worker, own, round) -> {
      if (worker == THREADS - 1) {
        churn(table, own, round);
      } else {
        askTracked(table, own, admitted);
        drainAll(table, admitted);
      }
    });

    // The premise, and that the segment really was rearranged.
    assertThat(table.stats().evictedNotFull()).as("seed %d", seed).isZero();
    assertThat(table.size()).as("seed %d", seed).isLessThanOrEqualTo(maxTenants)
        .isEqualTo(table.countedTenants());
    if (maxTenants == Long.MAX_VALUE) {
      assertThat(table.slotCapacity()).as("seed %d: grown", seed).isGreaterThan(16_000);
    } else {
      assertThat(table.stats().evictedFull()).as("seed %d: evicted", seed).isGreaterThan(10_000);
    }
  }

  private static void askTracked(TenantTable table, Random random, AtomicLongArray admitted) {
    for (int i = 0; i < 20 * TRACKED; i++) {
      int k = random.nextInt(TRACKED);
      long n = random.nextInt(3);
      if (table.tryAcquire(key(k), n).allowed()) {
        admitted.addAndGet(k, n);
      }
    }
  }

  /** Inserts other tenants (asking for nothing, so their banks stay full) among reads. */
  private static void churn(TenantTable table, Random random, int round) {
    for (int i = 0; i < 400; i++) {
      table.tryAcquire("other-" + round + "-" + i + (i % 9 == 0 ? "-with-a-long-id" : ""), 0);
      if (i % 10 == 0) {
        table.stateOf(key(random.nextInt(TRACKED)));
      }
      if (i % 25 == 0) {
        String[] keys = {key(random.nextInt(TRACKED)), key(random.nextInt(TRACKED))};
        table.decideAll(keys, new Limit[2], new long[2]);
      }
    }
  }

  private static final String[] HOT = {"hot", "a-hot-tenant-with-an-id-over-17-chars"};
  private static final int HOT_ROUNDS = 600;

  /**
   * Two threads, one per core: one drains two hot keys (a short and a long id) from banks of
   * exactly 1,000 tokens at a frozen clock, while the other rearranges their segment without
   * pause (a new table each round, so it keeps growing; or one capped at 24 tenants, so it
   * keeps evicting and shifting slots back), reading states and deciding batches. Each round
   * must admit exactly 1,000 per key. Unlike the round-based checks above, this one catches
   * a decider that skips its second look at the segment's version.
   */
  @Test
  void tryAcquire_hotKeysWhileTheirSegmentIsRebuilt_admitExactlyTheirBanks() throws Exception {
    Limit limit = Limit.of(2, 100, 1_000);
    for (long maxTenants : new long[] {Long.MAX_VALUE, 24}) {
      ManualClock clock = new ManualClock(-123_456_789L);
      TenantTable capped = TenantTable.builder(limit).clock(clock).maxTenants(maxTenants)
          .segments(1).build();
      for (int round = 0; round < HOT_ROUNDS; round++) {
        clock.advance(25 * limit.tickNanos());
        TenantTable table = maxTenants == Long.MAX_VALUE
            ? TenantTable.builder(limit).clock(clock).segments(1).build() : capped;

        long[] admitted = rebuildWhileDraining(table, round);

        for (int k = 0; k < HOT.length; k++) {
          assertThat(admitted[k]).as("maxTenants %d round %d key %s", maxTenants, round, HOT[k])
              .isEqualTo(1_000);
        }
      }
    }
  }

  /** Drains the hot keys while another thread rearranges their segment; returns the takes. */
  private static long[] rebuildWhileDraining(TenantTable table, int round) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean drained = new AtomicBoolean();
    Thread rebuilder = new Thread(() -> {
      try {
        for (int i = 0; !drained.get(); i++) {
          String other = "other-" + round + "-" + i + (i % 3 == 0 ? "-with-a-long-id" : "");
          table.tryAcquire(other, 0);
          if (i % 17 == 0) {
            table.stateOf(HOT[i % 2]);
          }
          if (i % 23 == 0) {
            table.decideAll(new String[] {HOT[0], HOT[1], other}, new Limit[3], new long[3]);
          }
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    rebuilder.start();
    Random random = new Random(round);
    long[] admitted = new long[HOT.length];
    boolean[] empty = new boolean[HOT.length];
    for (int left = HOT.length; left > 0; ) {
      int k = random.nextInt(HOT.length);
      long n = 1 + random.nextInt(3);
      if (empty[k]) {
        continue;
      }
      if (table.tryAcquire(HOT[k], n).allowed()) {
        admitted[k] += n;
      } else if (table.tryAcquire(HOT[k], 1).allowed()) {
        admitted[k]++;
      } else {
        empty[k] = true;
        left--;
      }
    }
    drained.set(true);
    rebuilder.join();
    assertThat(failure.get()).as("round %d", round).isNull();
    return admitted;
  }

  /**
   * The bound is the table's: threads inserting new tenants into 64 segments of a table
   * capped at 64 evict in their own segment or, when it is empty, in another one, and the
   * table ends holding exactly 64, counted exactly.
   */
  @Test
  void tryAcquire_newTenantsFromManyThreads_keepTheTableAtMaxTenants() throws Exception {
    for (long seed : new long[] {31, 32, 33}) {
      ManualClock clock = new ManualClock(seed);
      TenantTable table = TenantTable.builder(Limit.of(10, 3, 4)).clock(clock).maxTenants(64)
          .build();
      List<Thread> workers = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int w = 0; w < THREADS; w++) {
        Random own = new Random(seed * 7 + w);
        int index = w;
        Thread worker = new Thread(() -> {
          try {
            for (int i = 0; i < 20_000; i++) {
              table.tryAcquire("t" + index + "-" + i, own.nextInt(3));
              if (i % 50 == 0) {
                table.decideAll(new String[] {"t" + index + "-" + i, "shared-" + own.nextInt(9)},
                    new Limit[2], new long[] {0, 1});
              }
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(worker.isAlive()).as("seed %d: a worker is stuck", seed).isFalse();
      }

      assertThat(failure.get()).as("seed %d", seed).isNull();
      assertThat(table.size()).as("seed %d", seed).isEqualTo(64);
      assertThat(table.countedTenants()).as("seed %d", seed).isEqualTo(64);
    }
  }

  /**
   * Two keys with the same limit, only ever asked for together (in both orders, so a lock
   * ordering bug would deadlock): all-or-nothing keeps their states identical.
   */
  @Test
  void decideAll_pairsInBothOrders_neverConsumeOneWithoutTheOther() throws Exception {
    for (long seed : new long[] {5, 6, 7}) {
      System.out.println("TenantTableConcurrencyTest pairs seed=" + seed);
      ManualClock clock = new ManualClock(seed * 1_000_003);
      Limit limit = Limit.of(7, 5, 4);
      TenantTable table = TenantTable.builder(limit).clock(clock).segments(16).build();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        Random own = new Random(seed * 31 + w);
        Thread worker = new Thread(() -> {
          for (int i = 0; i < 20_000; i++) {
            long hits = 1 + own.nextInt(3);
            String[] keys = own.nextBoolean() ? new String[] {"x", "y"} : new String[] {"y", "x"};
            table.decideAll(keys, new Limit[2], new long[] {hits, hits});
            if (i % 97 == 0) {
              clock.advance(own.nextInt(3_000_000));
            }
          }
        });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(worker.isAlive()).as("seed %d: deadlock", seed).isFalse();
      }

      AdmissionState x = table.stateOf("x");
      AdmissionState y = table.stateOf("y");
      assertThat(x.bankTokens()).as("seed %d", seed).isEqualTo(y.bankTokens());
      assertThat(x.carryUnits()).as("seed %d", seed).isEqualTo(y.carryUnits());
    }
  }
}
