package io.quantaflow.server.store;

import io.quantaflow.core.Admission;
import io.quantaflow.core.AdmissionState;
import io.quantaflow.core.Clock;
import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default store: states in a concurrent map, decisions by the engine's pure
 * {@link Admission#decide}. A call locks the stripes of its keys in index order (so two calls
 * never deadlock), reads the clock, decides, writes back and unlocks.
 *
 * <p>Memory: when the map holds more than {@code maxKeys} states, a sweep drops the states
 * that are full at the current reading (a full bank with no carry to lose beyond one token's
 * fraction, which a recreated key gets back as a full bank). Keys that are not full are kept,
 * so the map can exceed the cap under a flood of active keys; the cap bounds idle keys.
 */
public final class InMemoryStore implements RateLimitStore {

  private static final int STRIPES = 256;

  private record Entry(Limit limit, AdmissionState state) {}

  private final Clock clock;
  private final long maxKeys;
  private final ConcurrentHashMap<String, Entry> states = new ConcurrentHashMap<>();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final ReentrantLock sweepLock = new ReentrantLock();

  public InMemoryStore(Clock clock) {
    this(clock, 10_000_000L);
  }

  /** A store that sweeps full states once it holds more than {@code maxKeys} (>= 1). */
  public InMemoryStore(Clock clock, long maxKeys) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    if (maxKeys < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "maxKeys must be >= 1 (got %d)", maxKeys));
    }
    this.clock = clock;
    this.maxKeys = maxKeys;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Number of keys held. */
  public int size() {
    return states.size();
  }

  @Override
  public List<Decision> decideAll(List<StoreRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }

    // Sum hits per key; a key must keep one limit within a call.
    Map<String, long[]> hitsByKey = new LinkedHashMap<>();
    Map<String, Limit> limitByKey = new LinkedHashMap<>();
    for (StoreRequest r : requests) {
      Limit previous = limitByKey.putIfAbsent(r.stateKey(), r.limit());
      if (previous != null && !previous.equals(r.limit())) {
        throw new IllegalArgumentException("key " + r.stateKey() + " given two different limits");
      }
      long[] sum = hitsByKey.computeIfAbsent(r.stateKey(), k -> new long[1]);
      sum[0] = Math.addExact(sum[0], r.hits());
    }

    TreeSet<Integer> stripes = new TreeSet<>();
    for (String key : hitsByKey.keySet()) {
      stripes.add(stripeOf(key));
    }
    for (int s : stripes) {
      locks[s].lock();
    }
    Map<String, Decision> byKey;
    try {
      byKey = decideLocked(hitsByKey, limitByKey, clock.nowNanos());
    } finally {
      for (int s : stripes.descendingSet()) {
        locks[s].unlock();
      }
    }
    if (states.size() > maxKeys) {
      sweep();
    }

    List<Decision> out = new ArrayList<>(requests.size());
    for (StoreRequest r : requests) {
      out.add(byKey.get(r.stateKey()));
    }
    return out;
  }

  private Map<String, Decision> decideLocked(Map<String, long[]> hitsByKey,
      Map<String, Limit> limitByKey, long nowNanos) {
    Map<String, Admission.Result> trial = new LinkedHashMap<>();
    boolean allAllowed = true;
    for (Map.Entry<String, long[]> e : hitsByKey.entrySet()) {
      Limit limit = limitByKey.get(e.getKey());
      Admission.Result result =
          Admission.decide(limit, stateOf(e.getKey(), limit), nowNanos, e.getValue()[0]);
      trial.put(e.getKey(), result);
      allAllowed &= result.decision().allowed();
    }

    // All or nothing: when one key denies, the allowed ones are re-decided as checks.
    Map<String, Decision> out = new LinkedHashMap<>();
    for (Map.Entry<String, Admission.Result> e : trial.entrySet()) {
      String key = e.getKey();
      Limit limit = limitByKey.get(key);
      Admission.Result result = e.getValue();
      if (!allAllowed && result.decision().allowed()) {
        result = Admission.decide(limit, stateOf(key, limit), nowNanos, 0);
      }
      if (!limit.isUnlimited()) {
        // The advanced state is kept even when denied (the engine's rule).
        states.put(key, new Entry(limit, result.state()));
      }
      out.put(key, result.decision());
    }
    return out;
  }

  private AdmissionState stateOf(String key, Limit limit) {
    Entry entry = states.get(key);
    // A key whose limit changed (same key, new limit) starts afresh.
    return entry == null || !entry.limit().equals(limit) ? null : entry.state();
  }

  private void sweep() {
    if (!sweepLock.tryLock()) {
      return;
    }
    try {
      for (String key : states.keySet()) {
        int s = stripeOf(key);
        locks[s].lock();
        try {
          Entry entry = states.get(key);
          if (entry != null && isFull(entry, clock.nowNanos())) {
            states.remove(key);
          }
        } finally {
          locks[s].unlock();
        }
      }
    } finally {
      sweepLock.unlock();
    }
  }

  private static boolean isFull(Entry entry, long nowNanos) {
    if (entry.limit().admitsNothing()) {
      return true;
    }
    Decision probe = Admission.decide(entry.limit(), entry.state(), nowNanos, 0).decision();
    return probe.nanosUntilFull() == 0;
  }

  private static int stripeOf(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
