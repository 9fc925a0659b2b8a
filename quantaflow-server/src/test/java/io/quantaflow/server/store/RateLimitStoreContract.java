package io.quantaflow.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quantaflow.core.Admission;
import io.quantaflow.core.AdmissionState;
import io.quantaflow.core.Clock;
import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.core.ManualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract, run against every backend: subclass it, implement {@link #newStore},
 * and the same tests run against your store. Every test drives a {@link ManualClock}; a store
 * must read the clock it is given inside its atomic section.
 */
public abstract class RateLimitStoreContract {

  /** 1 ms ticks. */
  protected static final long TICK = 1_000_000L;
  /** 3/10 token per 1 ms tick (300 per second), burst 2. */
  protected static final Limit THREE_TENTHS = Limit.of(10, 3, 2);
  /** One token per tick, burst 5. */
  protected static final Limit ONE_PER_TICK = Limit.of(2, 2, 5);
  /** Admits nothing, ever. */
  protected static final Limit ZERO = Limit.of(2, 0, 1);

  private final List<RateLimitStore> opened = new ArrayList<>();

  /** Returns a new, empty store reading {@code clock}. */
  protected abstract RateLimitStore newStore(Clock clock);

  private RateLimitStore store(Clock clock) {
    RateLimitStore s = newStore(clock);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(RateLimitStore::close);
  }

  private static String key(String name) {
    return "contract:" + name;
  }

  private static Decision one(RateLimitStore store, String key, Limit limit, long hits) {
    return store.decideAll(List.of(new StoreRequest(key(key), limit, hits))).get(0);
  }

  /** "A" for allowed, "." for denied, one per tick, asking for one token each tick. */
  private static String transcript(RateLimitStore store, ManualClock clock, Limit limit,
      String key, int ticks) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ticks; i++) {
      sb.append(one(store, key, limit, 1).allowed() ? 'A' : '.');
      clock.advance(TICK);
    }
    return sb.toString();
  }

  @Test
  void decideAll_oneKeyEveryTick_followsTheCarryRule() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    String t = transcript(store, clock, THREE_TENTHS, "a", 22);

    // Burst 2 at once, then carries of 3/10 fire at ticks 4, 7, 10, 14, 17, 20.
    assertThat(t).isEqualTo("AA..A..A..A...A..A..A.");
  }

  @Test
  void decideAll_denied_reportsExactWaitAndConsumesNothing() {
    ManualClock clock = new ManualClock(500_000);
    RateLimitStore store = store(clock);
    one(store, "a", THREE_TENTHS, 2);

    Decision denied = one(store, "a", THREE_TENTHS, 1);
    Decision again = one(store, "a", THREE_TENTHS, 1);

    assertThat(denied.allowed()).isFalse();
    assertThat(denied.remainingTokens()).isZero();
    // ceil(10/3) = 4 ticks from tick 0, measured from 0.5 ms.
    assertThat(denied.nanosUntilAvailable()).isEqualTo(4 * TICK - 500_000);
    assertThat(again).isEqualTo(denied);
  }

  @Test
  void decideAll_checkOnly_neverConsumes() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    Decision check1 = one(store, "a", ONE_PER_TICK, 0);
    Decision check2 = one(store, "a", ONE_PER_TICK, 0);
    Decision take = one(store, "a", ONE_PER_TICK, 5);
    Decision check3 = one(store, "a", ONE_PER_TICK, 0);

    assertThat(check1.allowed()).isTrue();
    assertThat(check1.remainingTokens()).isEqualTo(5);
    assertThat(check2).isEqualTo(check1);
    assertThat(take.allowed()).isTrue();
    assertThat(check3.allowed()).isTrue();
    assertThat(check3.remainingTokens()).isZero();
  }

  @Test
  void decideAll_oneKeyDenies_noKeyConsumes() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);
    one(store, "empty", ONE_PER_TICK, 5);

    List<Decision> batch = store.decideAll(List.of(
        new StoreRequest(key("full"), ONE_PER_TICK, 3),
        new StoreRequest(key("empty"), ONE_PER_TICK, 1)));
    Decision fullAfter = one(store, "full", ONE_PER_TICK, 0);

    assertThat(batch.get(1).allowed()).isFalse();
    // The key that could have served is reported as a check: nothing taken.
    assertThat(batch.get(0).remainingTokens()).isEqualTo(5);
    assertThat(fullAfter.remainingTokens()).isEqualTo(5);
  }

  @Test
  void decideAll_allAllowed_everyKeyConsumes() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    List<Decision> batch = store.decideAll(List.of(
        new StoreRequest(key("x"), ONE_PER_TICK, 2),
        new StoreRequest(key("y"), THREE_TENTHS, 1)));

    assertThat(batch).extracting(Decision::allowed).containsExactly(true, true);
    assertThat(batch).extracting(Decision::remainingTokens).containsExactly(3L, 1L);
  }

  @Test
  void decideAll_sameKeyTwice_sumsTheHits() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    List<Decision> tooMany = store.decideAll(List.of(
        new StoreRequest(key("a"), ONE_PER_TICK, 3),
        new StoreRequest(key("a"), ONE_PER_TICK, 3)));
    List<Decision> fits = store.decideAll(List.of(
        new StoreRequest(key("a"), ONE_PER_TICK, 2),
        new StoreRequest(key("a"), ONE_PER_TICK, 3)));

    assertThat(tooMany).extracting(Decision::allowed).containsExactly(false, false);
    assertThat(fits).extracting(Decision::allowed).containsExactly(true, true);
    assertThat(fits.get(0).remainingTokens()).isZero();
  }

  @Test
  void decideAll_zeroPlan_admitsNothingEverButChecksPass() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    Decision first = one(store, "z", ZERO, 1);
    clock.advance(86_400_000_000_000L);
    Decision later = one(store, "z", ZERO, 1);
    Decision check = one(store, "z", ZERO, 0);

    assertThat(first.allowed()).isFalse();
    assertThat(first.possible()).isFalse();
    assertThat(later.allowed()).isFalse();
    assertThat(check.allowed()).isTrue();
  }

  @Test
  void decideAll_moreThanBurst_isImpossibleNotDelayed() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    Decision d = one(store, "a", ONE_PER_TICK, 6);

    assertThat(d.allowed()).isFalse();
    assertThat(d.possible()).isFalse();
    assertThat(d.nanosUntilAvailable()).isEqualTo(-1);
    assertThat(one(store, "a", ONE_PER_TICK, 0).remainingTokens()).isEqualTo(5);
  }

  @Test
  void decideAll_clockStepsBack_mintsNothing() {
    ManualClock clock = new ManualClock(100 * TICK);
    RateLimitStore store = store(clock);
    one(store, "a", ONE_PER_TICK, 5);

    clock.set(40 * TICK);
    Decision back = one(store, "a", ONE_PER_TICK, 1);
    clock.set(41 * TICK);
    Decision afterOneTick = one(store, "a", ONE_PER_TICK, 1);

    assertThat(back.allowed()).isFalse();
    // The anchor followed the clock back, so the tenant is not locked out for 60 ticks.
    assertThat(afterOneTick.allowed()).isTrue();
  }

  @Test
  void decideAll_acrossZeroAndNearTheTopOfTheClock_isExact() {
    ManualClock clock = new ManualClock(-3 * TICK);
    RateLimitStore store = store(clock);

    String aroundZero = transcript(store, clock, ONE_PER_TICK, "a", 8);
    clock.set(Long.MAX_VALUE - 20 * TICK);
    String nearTop = transcript(store, clock, ONE_PER_TICK, "b", 8);

    assertThat(aroundZero).isEqualTo("AAAAAAAA");
    assertThat(nearTop).isEqualTo("AAAAAAAA");
  }

  @Test
  void decideAll_keysAreIndependent() {
    ManualClock clock = new ManualClock(0);
    RateLimitStore store = store(clock);

    one(store, "a", ONE_PER_TICK, 5);
    Decision b = one(store, "b", ONE_PER_TICK, 5);

    assertThat(b.allowed()).isTrue();
  }

  @Test
  void decideAll_emptyList_returnsEmpty() {
    assertThat(store(new ManualClock(0)).decideAll(List.of())).isEmpty();
  }

  @Test
  void storeRequest_negativeHits_isRejectedWithTheValue() {
    assertThatThrownBy(() -> new StoreRequest("k", ONE_PER_TICK, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hits must be >= 0 (got -1)");
  }

  /**
   * Random batches over a few keys and limits, with random clock moves (forward and back),
   * checked decision for decision against the engine's {@link Admission#decide} applied with
   * the contract's all-or-nothing rule.
   */
  @Test
  void decideAll_randomBatches_matchTheEngineModel() {
    long seed = 0x5eed_2026L;
    SplittableRandom random = new SplittableRandom(seed);
    ManualClock clock = new ManualClock(-7 * TICK);
    RateLimitStore store = store(clock);
    Limit[] limits = {THREE_TENTHS, ONE_PER_TICK, ZERO, Limit.of(7, 2, 3)};
    Map<String, AdmissionState> model = new HashMap<>();

    for (int step = 0; step < 400; step++) {
      int size = 1 + random.nextInt(3);
      List<StoreRequest> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int k = random.nextInt(4);
        batch.add(new StoreRequest(key("r" + k), limits[k], random.nextInt(4)));
      }
      long now = clock.nowNanos();

      List<Decision> expected = modelDecide(model, batch, now);
      List<Decision> actual = store.decideAll(batch);

      assertThat(actual).as("seed %d, step %d, batch %s", seed, step, batch)
          .isEqualTo(expected);
      clock.advance(random.nextInt(10) == 0 ? -2 * TICK : random.nextInt(3 * (int) TICK));
    }
  }

  private static List<Decision> modelDecide(Map<String, AdmissionState> model,
      List<StoreRequest> batch, long now) {
    Map<String, Long> sums = batch.stream().collect(Collectors.groupingBy(
        StoreRequest::stateKey, java.util.LinkedHashMap::new,
        Collectors.summingLong(StoreRequest::hits)));
    Map<String, Limit> limits = new HashMap<>();
    batch.forEach(r -> limits.put(r.stateKey(), r.limit()));
    Map<String, Admission.Result> trial = new HashMap<>();
    boolean all = true;
    for (Map.Entry<String, Long> e : sums.entrySet()) {
      Admission.Result r = Admission.decide(limits.get(e.getKey()), model.get(e.getKey()), now,
          e.getValue());
      trial.put(e.getKey(), r);
      all &= r.decision().allowed();
    }
    Map<String, Decision> byKey = new HashMap<>();
    for (String k : sums.keySet()) {
      Admission.Result r = trial.get(k);
      if (!all && r.decision().allowed()) {
        r = Admission.decide(limits.get(k), model.get(k), now, 0);
      }
      model.put(k, r.state());
      byKey.put(k, r.decision());
    }
    List<Decision> out = new ArrayList<>();
    batch.forEach(r -> out.add(byKey.get(r.stateKey())));
    return out;
  }
}
