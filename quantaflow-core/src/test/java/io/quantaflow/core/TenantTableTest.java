package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class TenantTableTest {

  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock(-2 * MS);

  private TenantTable table(Limit limit) {
    return TenantTable.builder(limit).clock(clock).build();
  }

  @Test
  void tryAcquire_newTenants_startFullAndAreIndependent() {
    TenantTable table = table(Limit.of(10, 3, 2));

    assertThat(table.tryAcquire("a", 2).allowed()).isTrue();
    assertThat(table.tryAcquire("a").allowed()).isFalse();
    assertThat(table.tryAcquire("b", 2).allowed()).isTrue();
    assertThat(table.size()).isEqualTo(2);
  }

  @Test
  void tryAcquire_longAndNonAsciiIds_areKeptApart() {
    TenantTable table = table(Limit.of(10, 3, 1));
    String longId = "tenant-with-a-rather-long-identifier-" + "x".repeat(50);

    assertThat(table.tryAcquire(longId).allowed()).isTrue();
    assertThat(table.tryAcquire(longId + "y").allowed()).isTrue();
    assertThat(table.tryAcquire("caf\u00e9").allowed()).isTrue();
    assertThat(table.tryAcquire("cafe").allowed()).isTrue();

    assertThat(table.tryAcquire(longId).allowed()).isFalse();
    assertThat(table.tryAcquire("caf\u00e9").allowed()).isFalse();
    assertThat(table.stateOf(longId + "y").bankTokens()).isZero();
    assertThat(table.size()).isEqualTo(4);
  }

  @Test
  void tryAcquire_thousandsOfTenants_growTheTableAndKeepEveryState() {
    TenantTable table = TenantTable.builder(Limit.of(10, 3, 5)).clock(clock).segments(4).build();

    for (int i = 0; i < 20_000; i++) {
      table.tryAcquire(String.format("tenant-%07d", i), i % 6);
    }

    assertThat(table.size()).isEqualTo(20_000);
    for (int i = 0; i < 20_000; i++) {
      assertThat(table.stateOf(String.format("tenant-%07d", i)).bankTokens())
          .isEqualTo(5 - i % 6);
    }
  }

  @Test
  void setLimit_atRuntime_keepsBankAndCarry() {
    TenantTable table = table(Limit.of(10, 3, 4));
    table.tryAcquire("a", 4);
    clock.advance(3 * MS);

    table.setLimit("a", Limit.of(10, 9, 4));
    clock.advance(MS);

    // 3 ticks at 3/10: bank 0, carry 9; then one tick at 9/10: 18 units, 1 token, carry 8.
    assertThat(table.tryAcquire("a", 0).remainingTokens()).isEqualTo(1);
    assertThat(table.stateOf("a").carryUnits()).isEqualTo(8);
    assertThat(table.limitOf("a")).isEqualTo(Limit.of(10, 9, 4));
    assertThat(table.limitOf("b")).isEqualTo(Limit.of(10, 3, 4));
  }

  @Test
  void clearLimit_tenantWithOwnLimit_returnsToTheDefaultKeepingItsBank() {
    TenantTable table = table(Limit.of(10, 3, 4));
    table.setLimit("a", Limit.of(10, 3, 9));
    table.tryAcquire("a", 2);

    table.clearLimit("a");

    assertThat(table.limitOf("a")).isEqualTo(table.defaultLimit());
    assertThat(table.stateOf("a").bankTokens()).isEqualTo(4);
  }

  @Test
  void setDefaultLimit_atRuntime_movesEveryTenantWithoutItsOwnLimit() {
    TenantTable table = table(Limit.of(10, 3, 4));
    table.tryAcquire("a", 1);
    table.setLimit("b", Limit.of(10, 1, 4));
    table.tryAcquire("b", 1);

    table.setDefaultLimit(Limit.of(20, 6, 2));

    // a: bank capped at 2, carry 0 stays 0; b keeps its own limit and bank 3.
    assertThat(table.stateOf("a").bankTokens()).isEqualTo(2);
    assertThat(table.stateOf("b").bankTokens()).isEqualTo(3);
    assertThat(table.limitOf("b")).isEqualTo(Limit.of(10, 1, 4));
  }

  /**
   * Regression for the state word's default-limit flag: tenants expressed in the default are
   * moved at each change of default (there and back, with an override in between), never
   * read in a default they were not moved to.
   */
  @Test
  void setDefaultLimit_thereAndBack_movesEachTenantAsTheRulesDo() {
    Limit first = Limit.of(10, 3, 4);
    Limit second = Limit.of(20, 13, 2);
    TenantTable table = table(first);
    table.tryAcquire("a", 1);
    table.tryAcquire("b", 0);
    clock.advance(3 * MS);
    AdmissionState a = table.stateOf("a");
    AdmissionState b = table.stateOf("b");

    table.setDefaultLimit(second);
    a = Admission.changeLimit(first, a, second, clock.nowNanos());
    b = Admission.changeLimit(first, b, second, clock.nowNanos());
    assertThat(table.stateOf("a")).isEqualTo(a);
    assertThat(table.stateOf("b")).isEqualTo(b);

    clock.advance(2 * MS);
    table.tryAcquire("a", 1);
    a = Admission.decide(second, a, clock.nowNanos(), 1).state();
    table.setLimit("b", first);
    b = Admission.changeLimit(second, b, first, clock.nowNanos());
    table.setDefaultLimit(first);
    a = Admission.changeLimit(second, a, first, clock.nowNanos());

    assertThat(table.stateOf("a")).isEqualTo(a);
    assertThat(table.stateOf("b")).isEqualTo(b);
    clock.advance(5 * MS);
    assertThat(table.tryAcquire("a", 0).remainingTokens())
        .isEqualTo(Admission.decide(first, a, clock.nowNanos(), 0).state().bankTokens());
  }

  /**
   * Regression: a tenant given the default's very object as its own limit was stored as
   * "in the default", and a change of default then read its state in the new default.
   */
  @Test
  void setDefaultLimit_tenantOwningTheOldDefaultObject_keepsItsStateInThatLimit() {
    Limit slow = Limit.of(10, 1, 10);
    Limit fast = Limit.of(2, 2000, 1000);
    TenantTable table = table(slow);
    table.tryAcquire("a", 10);
    AdmissionState a = table.stateOf("a");

    table.setLimit("a", table.defaultLimit());
    table.setDefaultLimit(fast);
    clock.advance(MS);

    // One tick at 1/10 token: the rules deny 10 tokens; read in the new default, 10 came.
    Admission.Result expected = Admission.decide(slow, a, clock.nowNanos(), 10);
    assertThat(table.tryAcquire("a", 10).allowed()).isEqualTo(expected.decision().allowed())
        .isFalse();
    assertThat(table.stateOf("a")).isEqualTo(expected.state());
  }

  /** A clock that throws once, when armed; checked exceptions are thrown unchecked. */
  private static final class FailingClock implements Clock {
    volatile Throwable armed;

    @Override
    public long nowNanos() {
      Throwable failure = armed;
      armed = null;
      if (failure != null) {
        FailingClock.<RuntimeException>throwUnchecked(failure);
      }
      return 5 * MS;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable failure) throws T {
      throw (T) failure;
    }
  }

  /**
   * Regression: a checked exception from the clock (possible from other JVM languages)
   * escaped a decision holding the tenant's slot and left it locked, so the next operation
   * on the tenant's segment waited forever.
   */
  @Test
  void tryAcquire_clockThrows_leavesTheTenantAsItWas() {
    for (Throwable failure : new Throwable[] {
        new IllegalStateException("clock down"), new IOException("clock unreadable")}) {
      FailingClock failing = new FailingClock();
      TenantTable table = TenantTable.builder(Limit.of(10, 3, 5)).clock(failing).build();
      table.tryAcquire("k", 1);
      AdmissionState before = table.stateOf("k");

      failing.armed = failure;
      assertThatThrownBy(() -> table.tryAcquire("k", 1)).isSameAs(failure);

      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        assertThat(table.stateOf("k")).isEqualTo(before);
        assertThat(table.tryAcquire("k", 1).remainingTokens()).isEqualTo(3);
      });
    }
  }

  @Test
  void decideAll_oneKeyShort_consumesNothingAnywhere() {
    TenantTable table = table(Limit.of(10, 3, 2));
    table.tryAcquire("b", 2);

    Decision[] decisions = table.decideAll(new String[] {"a", "b"},
        new Limit[] {null, null}, new long[] {1, 1});

    assertThat(decisions[0].allowed()).isFalse();
    assertThat(decisions[0].nanosUntilAvailable()).isZero();
    assertThat(decisions[0].remainingTokens()).isEqualTo(2);
    assertThat(decisions[1].allowed()).isFalse();
    assertThat(decisions[1].nanosUntilAvailable()).isEqualTo(4 * MS);
    assertThat(table.tryAcquire("a", 0).remainingTokens()).isEqualTo(2);
    assertThat(table.stateOf("b").bankTokens()).isZero();
  }

  @Test
  void decideAll_everyKeyHasTokens_consumesThemAll() {
    TenantTable table = table(Limit.of(10, 3, 2));
    Limit explicit = Limit.of(10, 5, 3);

    Decision[] decisions = table.decideAll(new String[] {"a", "b", "c"},
        new Limit[] {null, explicit, null}, new long[] {2, 3, 0});

    assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true);
    assertThat(table.stateOf("a").bankTokens()).isZero();
    assertThat(table.stateOf("b").bankTokens()).isZero();
    assertThat(table.stateOf("c").bankTokens()).isEqualTo(2);
    assertThat(decisions[1].limit()).isEqualTo(explicit);
  }

  @Test
  void decideAll_sameKeyTwice_secondSeesWhatTheFirstLeft() {
    TenantTable table = table(Limit.of(10, 3, 2));

    Decision[] allowed = table.decideAll(new String[] {"a", "a"},
        new Limit[] {null, null}, new long[] {1, 1});
    Decision[] denied = table.decideAll(new String[] {"b", "b"},
        new Limit[] {null, null}, new long[] {2, 1});

    assertThat(allowed[1].remainingTokens()).isZero();
    assertThat(table.stateOf("a").bankTokens()).isZero();
    assertThat(denied[0].allowed()).isFalse();
    assertThat(denied[1].allowed()).isFalse();
    assertThat(table.stateOf("b")).isNull();
  }

  @Test
  void decideAll_badArguments_nameTheProblem() {
    TenantTable table = table(Limit.of(10, 3, 2));

    assertThatThrownBy(() -> table.decideAll(new String[] {"a"}, new Limit[2], new long[1]))
        .hasMessage("keys, limits and hits must have the same length (got 1, 2 and 1)");
    assertThatThrownBy(() -> table.decideAll(new String[] {"a", "b"}, new Limit[2],
        new long[] {1, -1})).hasMessage("hits[1] must be >= 0 (got -1)");
    assertThatThrownBy(() -> table.decideAll(new String[] {"a", null}, new Limit[2],
        new long[2])).hasMessage("keys[1] must not be null");
    assertThatThrownBy(() -> table.tryAcquire("a", -2)).hasMessage("n must be >= 0 (got -2)");
  }

  @Test
  void evict_fullTenantAvailable_evictsItAndForgetsNothing() {
    TenantTable table = TenantTable.builder(Limit.of(10, 5, 1)).clock(clock)
        .maxTenants(4).segments(1).build();
    for (String id : new String[] {"a", "b", "c", "d"}) {
      table.tryAcquire(id);
    }
    clock.advance(2 * MS);
    table.tryAcquire("a");
    table.tryAcquire("b");
    table.tryAcquire("d");

    table.tryAcquire("e");

    // Only c refilled without being drained again: it is the one evicted.
    assertThat(table.size()).isEqualTo(4);
    assertThat(table.stateOf("c")).isNull();
    assertThat(table.stats()).isEqualTo(new TenantTable.Stats(1, 0, 0));
  }

  @Test
  void evict_noFullTenant_evictsTheClosestToFullAndCountsItsDeficit() {
    TenantTable table = TenantTable.builder(Limit.of(10, 1, 5)).clock(clock)
        .maxTenants(3).segments(1).build();
    table.tryAcquire("a", 5);
    table.tryAcquire("b", 2);
    table.tryAcquire("c", 4);

    table.tryAcquire("d", 1);

    assertThat(table.stateOf("b")).isNull();
    assertThat(table.stats()).isEqualTo(new TenantTable.Stats(0, 1, 2));
    assertThat(table.size()).isEqualTo(3);
  }

  /**
   * Regression: the bound was split evenly over the 64 segments, so a segment holding more
   * than its share evicted tenants whose banks were not full (letting them be recreated
   * full) while the table held far fewer than maxTenants.
   */
  @Test
  void evict_tableBelowMaxTenants_evictsNobodyInAnySegment() {
    TenantTable table = TenantTable.builder(Limit.of(10, 3, 5)).clock(clock)
        .maxTenants(1_500).build();

    for (int i = 0; i < 1_000; i++) {
      table.tryAcquire("tenant-" + i, 5);
    }
    for (int i = 1_000; i < 1_700; i++) {
      table.tryAcquire("tenant-" + i, 0);
    }

    // 1,500 held, then each new tenant evicts one of the 500 full ones, never a drained one.
    assertThat(table.size()).isEqualTo(1_500);
    assertThat(table.stats()).isEqualTo(new TenantTable.Stats(200, 0, 0));
    for (int i = 0; i < 1_000; i++) {
      assertThat(table.stateOf("tenant-" + i)).as("tenant-%d", i).isNotNull();
    }
  }

  @Test
  void evict_newTenantInAnEmptySegment_evictsInAnotherAndStaysAtMaxTenants() {
    // 64 segments for 64 tenants: at the bound many segments are empty.
    TenantTable table = TenantTable.builder(Limit.of(10, 3, 2)).clock(clock)
        .maxTenants(64).build();

    for (int i = 0; i < 5_000; i++) {
      table.tryAcquire("tenant-" + i, 0);
      assertThat(table.size()).as("after tenant-%d", i).isLessThanOrEqualTo(64);
    }

    assertThat(table.size()).isEqualTo(64);
    assertThat(table.stats()).isEqualTo(new TenantTable.Stats(5_000 - 64, 0, 0));
  }

  /** The first ids {@code prefix0, prefix1, ..} that fall in segment 0 or 1 of two. */
  private static String[] idsInSegment(int segment, int count, String prefix) {
    String[] ids = new String[count];
    for (int i = 0, found = 0; found < count; i++) {
      String id = prefix + i;
      boolean packed = TenantKeys.packs(id);
      long hash = TenantKeys.hash(TenantKeys.low(id, packed), TenantKeys.high(id, packed));
      if ((int) (hash >>> 63) == segment) {
        ids[found++] = id;
      }
    }
    return ids;
  }

  /**
   * Regression: a batch that inserts into an empty segment while it holds the only full one
   * must go over the bound (it cannot evict in a segment it is deciding in), and the excess
   * stayed for good when later inserts landed in a segment left empty by their own eviction.
   */
  @Test
  void decideAll_overTheBoundWhileHoldingTheFullSegment_theNextInsertComesBackUnderIt() {
    TenantTable table = TenantTable.builder(Limit.of(10, 3, 5)).clock(clock).maxTenants(2)
        .segments(2).build();
    String[] full = idsInSegment(1, 2, "p");
    String[] empty = idsInSegment(0, 2, "k");
    table.tryAcquire(full[0]);
    table.tryAcquire(full[1]);

    table.decideAll(new String[] {empty[0], full[0]}, new Limit[2], new long[] {1, 1});
    assertThat(table.size()).isEqualTo(3);
    table.tryAcquire(empty[1]);

    // empty[1] evicts empty[0] in its own segment, then one more in the other: two held.
    assertThat(table.size()).isEqualTo(2);
    assertThat(table.countedTenants()).isEqualTo(2);
    assertThat(table.stateOf(empty[1])).isNotNull();
  }

  @Test
  void evict_floodOfDistinctKeys_staysWithinMaxTenantsAndItsArrays() {
    TenantTable table = TenantTable.builder(Limit.of(10, 3, 2)).clock(clock)
        .maxTenants(10_000).build();

    for (int i = 0; i < 500_000; i++) {
      table.tryAcquire("flood-" + i);
      if (i % 1000 == 0) {
        clock.advance(MS);
      }
      assertThat(table.size()).isLessThanOrEqualTo(10_000);
    }

    // A segment's slots stop growing once the table is full (each insert then evicts in
    // its own segment); each holds at most 8/3 slots per tenant (load above 3/8), or 16.
    assertThat(table.size()).isEqualTo(10_000);
    assertThat(table.slotCapacity()).isLessThanOrEqualTo(10_000 * 8 / 3 + 64 * 16);
    TenantTable.Stats stats = table.stats();
    assertThat(stats.evictedFull() + stats.evictedNotFull()).isEqualTo(490_000);
  }

  @Test
  void evict_mixedKeysUnderChurn_keepsEveryHeldTenantFindable() {
    TenantTable table = TenantTable.builder(Limit.of(10, 3, 2)).clock(clock)
        .maxTenants(50).segments(1).build();
    java.util.Random random = new java.util.Random(42);
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ids.add(i % 3 == 0 ? "a-rather-long-tenant-identifier-" + i : "t" + i);
    }

    for (int step = 0; step < 20_000; step++) {
      table.tryAcquire(ids.get(random.nextInt(ids.size())), random.nextInt(3));
      if (step % 50 == 0) {
        clock.advance(random.nextInt(5) * MS);
      }
      if (step % 500 == 0) {
        // Backward-shift deletion must leave every held tenant reachable from its home.
        long findable = ids.stream().filter(id -> table.stateOf(id) != null).count();
        assertThat(findable).as("step %d", step).isEqualTo(table.size());
      }
    }

    assertThat(table.size()).isEqualTo(50);
  }
}
