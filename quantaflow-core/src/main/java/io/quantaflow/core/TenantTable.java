package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission state for many tenants, keyed by tenant id. Thread-safe.
 *
 * <p>Every tenant follows the table's default {@link Limit} unless it has an override. A
 * limit changes at runtime without losing the tenant's bank or carry (see
 * {@link Admission#changeLimit}). {@link #decideAll} decides several keys at once, all or
 * nothing.
 *
 * <p>Bounded memory: with {@code maxTenants} set, a new tenant that would exceed it evicts
 * an idle one. The table prefers a tenant whose bank is full right now: recreating it later
 * gives it a full bank and zero carry, which never admits more than keeping it would have,
 * so such an eviction costs the window guarantee nothing. When none of the tenants examined
 * is full, the one closest to full is evicted instead; if it held b of B tokens, its
 * recreation may admit up to B - b tokens more than the rule would have. {@link #stats()}
 * counts both kinds and the tokens so forgotten.
 *
 * <p>Maintainer's note. The table is split into segments, each an open-addressing hash
 * table with linear probing and backward-shift deletion, guarded by its own lock and read
 * with the clock inside the lock. Per slot it keeps, side by side in one long array, two
 * longs of packed key (ids of at most 17 ASCII characters need no String, see
 * {@link TenantKeys}), the anchor tick, and one long packing bank (high 32 bits) and carry
 * (low 32 bits, both below 2^31); and, in a parallel array, a reference to the limit the
 * state is expressed in: 36 bytes, plus 4 for a String reference once a segment holds a
 * longer id. A lookup thus reads one slot's 32 contiguous bytes and one reference, rather
 * than one entry in each of five arrays. Multi-key operations lock their segments in ascending
 * index order, so two of them can never wait on each other in a cycle.
 */
public final class TenantTable {

  /** Bounds on the table: counts of evictions and the tokens they forgot. */
  public record Stats(long evictedFull, long evictedNotFull, long forgottenTokens) {}

  private static final int DEFAULT_SEGMENTS = 64;
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_CAPACITY = 1 << 28;
  private static final int EVICTION_SCAN = 16;

  private final Clock clock;
  private final Segment[] segments;
  private final int segmentShift;
  private final long maxTenants;
  private final Map<String, Limit> overrides = new ConcurrentHashMap<>();
  private final LongAdder evictedFull = new LongAdder();
  private final LongAdder evictedNotFull = new LongAdder();
  private final LongAdder forgottenTokens = new LongAdder();
  private volatile Limit defaultLimit;

  private TenantTable(Builder builder) {
    this.clock = builder.clock;
    this.defaultLimit = builder.defaultLimit;
    this.maxTenants = builder.maxTenants;
    int count = Integer.highestOneBit((int) Math.min(builder.segments, maxTenants));
    this.segments = new Segment[count];
    this.segmentShift = 64 - Integer.numberOfTrailingZeros(count);
    for (int i = 0; i < count; i++) {
      long share = maxTenants / count + (i < maxTenants % count ? 1 : 0);
      segments[i] = new Segment((int) Math.min(share, (long) (MAX_CAPACITY * 0.75)));
    }
  }

  /** Returns a builder for a table whose tenants follow {@code defaultLimit}. */
  public static Builder builder(Limit defaultLimit) {
    return new Builder(Args.notNull("defaultLimit", defaultLimit));
  }

  /** Configures a {@link TenantTable}. */
  public static final class Builder {

    private final Limit defaultLimit;
    private Clock clock = SystemClock.instance();
    private long maxTenants = Long.MAX_VALUE;
    private int segments = DEFAULT_SEGMENTS;

    private Builder(Limit defaultLimit) {
      this.defaultLimit = defaultLimit;
    }

    /** Sets the clock (default: {@link SystemClock}). */
    public Builder clock(Clock clock) {
      this.clock = Args.notNull("clock", clock);
      return this;
    }

    /** Sets the most tenants the table holds before evicting (default: no bound). */
    public Builder maxTenants(long maxTenants) {
      this.maxTenants = Args.atLeast("maxTenants", maxTenants, 1);
      return this;
    }

    /**
     * Sets the number of independently locked segments, rounded down to a power of two and
     * at most maxTenants (default 64).
     */
    public Builder segments(int segments) {
      this.segments = (int) Args.inRange("segments", segments, 1, 1 << 16);
      return this;
    }

    public TenantTable build() {
      return new TenantTable(this);
    }
  }

  /** Asks for one token for {@code tenant}. */
  public Decision tryAcquire(String tenant) {
    return tryAcquire(tenant, 1);
  }

  /**
   * Asks for {@code n} tokens for {@code tenant} under its limit (override or default). A
   * tenant not seen before starts with a full bank.
   *
   * @throws IllegalArgumentException if the tenant is null or n is negative
   */
  public Decision tryAcquire(String tenant, long n) {
    Args.notNull("tenant", tenant);
    Bucket.checkTokens(n);
    Key key = new Key(tenant);
    Segment segment = segmentOf(key);
    segment.lock();
    try {
      long nowNanos = clock.nowNanos();
      Limit limit = limitOf(tenant);
      int slot = segment.findOrInsert(key, limit, nowNanos);
      Bucket bucket = segment.scratch;
      segment.load(slot, bucket, limit, nowNanos);
      Decision decision = bucket.decide(limit, nowNanos, n, true);
      segment.store(slot, bucket, limit);
      return decision;
    } finally {
      segment.unlock();
    }
  }

  /**
   * Decides {@code hits[i]} tokens for {@code keys[i]} under {@code limits[i]} (null means
   * the key's own limit), all or nothing, at one clock reading taken with every key locked.
   *
   * <p>Requests are decided in order; a key named twice sees what the earlier request
   * left. If every request with hits > 0 is allowed, all take their tokens. Otherwise none
   * does: each decision is then computed on the untouched state and requests with hits > 0
   * are reported denied, with {@link Decision#nanosUntilAvailable()} 0 for those whose own
   * tokens are there. An explicit limit that differs from the one a key's state is expressed
   * in moves the state to it, as {@link #setLimit} would, without recording an override.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a key is null or a hit
   *     count is negative
   */
  public Decision[] decideAll(String[] keys, Limit[] limits, long[] hits) {
    Args.notNull("keys", keys);
    Args.notNull("limits", limits);
    Args.notNull("hits", hits);
    if (limits.length != keys.length || hits.length != keys.length) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "keys, limits and hits must have the same length (got %d, %d and %d)",
          keys.length, limits.length, hits.length));
    }
    int count = keys.length;
    Key[] parsed = new Key[count];
    for (int i = 0; i < count; i++) {
      parsed[i] = new Key(Args.notNull("keys[" + i + "]", keys[i]));
      Args.atLeast("hits[" + i + "]", hits[i], 0);
    }
    int[] order = lockOrder(parsed);
    for (int index : order) {
      segments[index].lock();
    }
    try {
      return decideLocked(parsed, limits, hits, clock.nowNanos());
    } finally {
      for (int i = order.length - 1; i >= 0; i--) {
        segments[order[i]].unlock();
      }
    }
  }

  private Decision[] decideLocked(Key[] keys, Limit[] limits, long[] hits, long nowNanos) {
    int count = keys.length;
    Bucket[] buckets = new Bucket[count];
    Limit[] used = new Limit[count];
    int[] firstOf = new int[count];
    Decision[] decisions = new Decision[count];
    boolean allAllowed = true;

    // Load each distinct key once (in the limit of its first request) and decide in order.
    for (int i = 0; i < count; i++) {
      Limit limit = limits[i] != null ? limits[i] : limitOf(keys[i].id);
      firstOf[i] = firstIndexOf(keys, i);
      if (firstOf[i] == i) {
        buckets[i] = new Bucket();
        Segment segment = segmentOf(keys[i]);
        int slot = segment.find(keys[i]);
        if (slot >= 0) {
          segment.load(slot, buckets[i], limit, nowNanos);
        } else {
          buckets[i].reset(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
        }
      } else {
        Bucket shared = buckets[firstOf[i]];
        if (!limit.equals(used[firstOf[i]])) {
          shared.changeLimit(used[firstOf[i]], limit, nowNanos);
        }
      }
      used[firstOf[i]] = limit;
      decisions[i] = buckets[firstOf[i]].decide(limit, nowNanos, hits[i], true);
      allAllowed &= decisions[i].allowed() || hits[i] == 0;
    }
    if (allAllowed) {
      for (int i = 0; i < count; i++) {
        if (firstOf[i] == i) {
          Segment segment = segmentOf(keys[i]);
          int slot = segment.findOrInsert(keys[i], used[i], nowNanos);
          segment.store(slot, buckets[i], used[i]);
        }
      }
      return decisions;
    }

    // Denied: nothing is consumed. Re-decide every request on the untouched state; keep
    // only the catch-up (and any change of limit) of each key already in the table.
    for (int i = 0; i < count; i++) {
      Segment segment = segmentOf(keys[i]);
      int slot = segment.find(keys[i]);
      Limit limit = limits[i] != null ? limits[i] : limitOf(keys[i].id);
      Bucket bucket = new Bucket();
      if (slot >= 0) {
        segment.load(slot, bucket, limit, nowNanos);
      } else {
        bucket.reset(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
      }
      Decision decision = bucket.decide(limit, nowNanos, hits[i], false);
      decisions[i] = hits[i] == 0 ? decision : decision.asDenied();
      if (slot >= 0 && firstOf[i] == i) {
        segment.store(slot, bucket, limit);
      }
    }
    return decisions;
  }

  private static int firstIndexOf(Key[] keys, int i) {
    for (int j = 0; j < i; j++) {
      if (keys[j].sameAs(keys[i])) {
        return j;
      }
    }
    return i;
  }

  private int[] lockOrder(Key[] keys) {
    int[] indexes = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      indexes[i] = segmentIndex(keys[i]);
    }
    return Arrays.stream(indexes).sorted().distinct().toArray();
  }

  /**
   * Gives {@code tenant} its own limit, now and after any eviction. Its state moves to the
   * new limit at once, keeping bank (capped at the new burst) and carry.
   */
  public void setLimit(String tenant, Limit limit) {
    Args.notNull("tenant", tenant);
    Args.notNull("limit", limit);
    overrides.put(tenant, limit);
    moveTo(tenant, limit);
  }

  /** Removes {@code tenant}'s own limit; it follows the default again from now on. */
  public void clearLimit(String tenant) {
    Args.notNull("tenant", tenant);
    overrides.remove(tenant);
    moveTo(tenant, defaultLimit);
  }

  /** Returns the limit {@code tenant} follows: its own, or the default. */
  public Limit limitOf(String tenant) {
    if (overrides.isEmpty()) {
      return defaultLimit;
    }
    Limit own = overrides.get(tenant);
    return own != null ? own : defaultLimit;
  }

  /** Returns the default limit. */
  public Limit defaultLimit() {
    return defaultLimit;
  }

  /**
   * Changes the default limit. Every tenant without its own limit moves to it now, keeping
   * bank and carry (one pass over the table, one segment locked at a time).
   */
  public void setDefaultLimit(Limit limit) {
    Args.notNull("limit", limit);
    Limit previous = defaultLimit;
    defaultLimit = limit;
    for (Segment segment : segments) {
      segment.lock();
      try {
        segment.moveAll(previous, this);
      } finally {
        segment.unlock();
      }
    }
  }

  private void moveTo(String tenant, Limit limit) {
    Key key = new Key(tenant);
    Segment segment = segmentOf(key);
    segment.lock();
    try {
      int slot = segment.find(key);
      if (slot >= 0) {
        segment.load(slot, segment.scratch, limit, clock.nowNanos());
        segment.store(slot, segment.scratch, limit);
      }
    } finally {
      segment.unlock();
    }
  }

  /** Returns a snapshot of {@code tenant}'s state (not advanced), or null if absent. */
  public AdmissionState stateOf(String tenant) {
    Key key = new Key(Args.notNull("tenant", tenant));
    Segment segment = segmentOf(key);
    segment.lock();
    try {
      int slot = segment.find(key);
      return slot < 0 ? null : AdmissionState.of(segment.anchorAt(slot),
          segment.stateAt(slot) >>> 32, segment.stateAt(slot) & 0xFFFF_FFFFL);
    } finally {
      segment.unlock();
    }
  }

  /** Returns the number of tenants held (exact when no call is in flight). */
  public long size() {
    long size = 0;
    for (Segment segment : segments) {
      size += segment.size;
    }
    return size;
  }

  /** Returns the most tenants the table holds. */
  public long maxTenants() {
    return maxTenants;
  }

  /** Returns the eviction counters. */
  public Stats stats() {
    return new Stats(evictedFull.sum(), evictedNotFull.sum(), forgottenTokens.sum());
  }

  /** Returns the slots allocated over all segments (for memory tests). */
  long slotCapacity() {
    long capacity = 0;
    for (Segment segment : segments) {
      capacity += segment.capacity();
    }
    return capacity;
  }

  private Segment segmentOf(Key key) {
    return segments[segmentIndex(key)];
  }

  private int segmentIndex(Key key) {
    return segmentShift == 64 ? 0 : (int) (key.hash >>> segmentShift);
  }

  /** A tenant id with its packed words and hash, computed once per call. */
  private static final class Key {
    final String id;
    final boolean packed;
    final long low;
    final long high;
    final long hash;

    Key(String id) {
      this.id = id;
      this.packed = TenantKeys.packs(id);
      this.low = TenantKeys.low(id, packed);
      this.high = TenantKeys.high(id, packed);
      this.hash = TenantKeys.hash(low, high);
    }

    boolean sameAs(Key other) {
      return low == other.low && high == other.high && (packed || id.equals(other.id));
    }
  }

  /**
   * One lock's share of the table. Slot i lives in {@code slots[4i .. 4i+3]}: key low word
   * (0 marks an empty slot), key high word, anchor tick, and bank << 32 | carry; so a lookup
   * touches one cache line of it, plus the slot's entry in {@code limits}.
   */
  private final class Segment extends ReentrantLock {

    private static final long serialVersionUID = 1L;
    private static final int STRIDE = 4;
    private static final int HIGH = 1;
    private static final int ANCHOR = 2;
    private static final int STATE = 3;

    final int maxSize;
    final Bucket scratch = new Bucket();
    final Bucket probe = new Bucket();
    long[] slots;
    Limit[] limits;
    String[] longKeys;
    int size;
    int hand;

    Segment(int maxSize) {
      this.maxSize = maxSize;
      allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
      slots = new long[capacity * STRIDE];
      limits = new Limit[capacity];
      longKeys = null;
    }

    int capacity() {
      return limits.length;
    }

    private boolean occupied(int slot) {
      return slots[slot * STRIDE] != 0;
    }

    private int home(int slot, int mask) {
      int base = slot * STRIDE;
      return (int) TenantKeys.hash(slots[base], slots[base + HIGH]) & mask;
    }

    long anchorAt(int slot) {
      return slots[slot * STRIDE + ANCHOR];
    }

    long stateAt(int slot) {
      return slots[slot * STRIDE + STATE];
    }

    int find(Key key) {
      int mask = capacity() - 1;
      for (int slot = (int) key.hash & mask; ; slot = (slot + 1) & mask) {
        int base = slot * STRIDE;
        long low = slots[base];
        if (low == 0) {
          return -1 - slot;
        }
        if (low == key.low && slots[base + HIGH] == key.high
            && (key.packed || key.id.equals(longKeys[slot]))) {
          return slot;
        }
      }
    }

    /** Returns the slot of {@code key}, inserting it with a fresh state if absent. */
    int findOrInsert(Key key, Limit limit, long nowNanos) {
      int found = find(key);
      if (found >= 0) {
        return found;
      }
      if (size >= maxSize) {
        evictOne(nowNanos);
        found = find(key);
      } else if (size + 1 > capacity() * 3L / 4 && capacity() < MAX_CAPACITY) {
        grow();
        found = find(key);
      }
      int slot = -1 - found;
      slots[slot * STRIDE] = key.low;
      slots[slot * STRIDE + HIGH] = key.high;
      if (!key.packed) {
        if (longKeys == null) {
          longKeys = new String[capacity()];
        }
        longKeys[slot] = key.id;
      }
      scratch.reset(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
      store(slot, scratch, limit);
      size++;
      return slot;
    }

    /**
     * Loads the slot into {@code bucket}, expressed in {@code limit}: if the slot's state was
     * kept under another limit, the bucket holds it moved to this one at {@code nowNanos}.
     * The slot itself changes only through {@link #store(int, Bucket, Limit)}.
     */
    void load(int slot, Bucket bucket, Limit limit, long nowNanos) {
      int base = slot * STRIDE;
      bucket.anchorTick = slots[base + ANCHOR];
      long state = slots[base + STATE];
      bucket.bankTokens = state >>> 32;
      bucket.carryUnits = state & 0xFFFF_FFFFL;
      Limit kept = limits[slot];
      if (kept != limit && !kept.equals(limit)) {
        bucket.changeLimit(kept, limit, nowNanos);
      }
    }

    void store(int slot, Bucket bucket, Limit limit) {
      int base = slot * STRIDE;
      slots[base + ANCHOR] = bucket.anchorTick;
      slots[base + STATE] = bucket.bankTokens << 32 | bucket.carryUnits;
      if (limits[slot] != limit) {
        limits[slot] = limit;
      }
    }

    void moveAll(Limit previous, TenantTable table) {
      long nowNanos = table.clock.nowNanos();
      for (int slot = 0; slot < capacity(); slot++) {
        if (occupied(slot) && limits[slot].equals(previous)) {
          Limit current = table.overrides.isEmpty() ? table.defaultLimit
              : table.limitOf(idAt(slot));
          if (current != limits[slot]) {
            load(slot, scratch, current, nowNanos);
            store(slot, scratch, current);
          }
        }
      }
    }

    private String idAt(int slot) {
      long low = slots[slot * STRIDE];
      return (low & 0xFF) == TenantKeys.LONG_KEY ? longKeys[slot]
          : TenantKeys.unpack(low, slots[slot * STRIDE + HIGH]);
    }

    /**
     * Evicts one tenant: the first of up to {@value #EVICTION_SCAN} examined from the clock
     * hand whose bank is full now, else the one among them with the smallest deficit.
     */
    private void evictOne(long nowNanos) {
      int mask = capacity() - 1;
      int victim = -1;
      double victimDeficit = Double.POSITIVE_INFINITY;
      long victimTokens = 0;
      int slot = hand;
      for (int examined = 0; examined < EVICTION_SCAN && examined < size; ) {
        if (occupied(slot)) {
          examined++;
          long deficitUnits = deficitUnits(slot, nowNanos);
          if (deficitUnits <= 0) {
            victim = slot;
            victimDeficit = 0;
            break;
          }
          double tokens = (double) deficitUnits / limits[slot].q();
          if (tokens < victimDeficit) {
            victim = slot;
            victimDeficit = tokens;
            victimTokens = limits[slot].burstTokens() - probe.bankTokens;
          }
        }
        slot = (slot + 1) & mask;
      }
      hand = (slot + 1) & mask;
      if (victimDeficit == 0) {
        evictedFull.increment();
      } else {
        evictedNotFull.increment();
        forgottenTokens.add(victimTokens);
      }
      removeAt(victim);
    }

    /** Returns how many plan units the slot's bank lacks at nowNanos; <= 0 when full. */
    private long deficitUnits(int slot, long nowNanos) {
      Limit limit = limits[slot];
      if (limit.isUnlimited() || limit.admitsNothing()) {
        return 0;
      }
      probe.anchorTick = anchorAt(slot);
      probe.bankTokens = stateAt(slot) >>> 32;
      probe.carryUnits = stateAt(slot) & 0xFFFF_FFFFL;
      probe.advance(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
      return (limit.burstTokens() - probe.bankTokens) * limit.q() - probe.carryUnits;
    }

    /** Removes the slot, shifting later entries of its probe run back (no tombstones). */
    private void removeAt(int slot) {
      int mask = capacity() - 1;
      int hole = slot;
      for (int next = (hole + 1) & mask; occupied(next); next = (next + 1) & mask) {
        int home = home(next, mask);
        // Move next into the hole unless its home lies cyclically in (hole, next].
        boolean homeBetween = hole <= next ? hole < home && home <= next
            : hole < home || home <= next;
        if (!homeBetween) {
          moveSlot(next, hole);
          hole = next;
        }
      }
      Arrays.fill(slots, hole * STRIDE, hole * STRIDE + STRIDE, 0L);
      limits[hole] = null;
      if (longKeys != null) {
        longKeys[hole] = null;
      }
      size--;
    }

    private void moveSlot(int from, int to) {
      System.arraycopy(slots, from * STRIDE, slots, to * STRIDE, STRIDE);
      limits[to] = limits[from];
      if (longKeys != null) {
        longKeys[to] = longKeys[from];
      }
    }

    private void grow() {
      long[] oldSlots = slots;
      Limit[] oldLimits = limits;
      String[] oldLong = longKeys;
      allocate(oldLimits.length * 2);
      if (oldLong != null) {
        longKeys = new String[capacity()];
      }
      int mask = capacity() - 1;
      for (int from = 0; from < oldLimits.length; from++) {
        int base = from * STRIDE;
        if (oldSlots[base] == 0) {
          continue;
        }
        int slot = (int) TenantKeys.hash(oldSlots[base], oldSlots[base + HIGH]) & mask;
        while (occupied(slot)) {
          slot = (slot + 1) & mask;
        }
        System.arraycopy(oldSlots, base, slots, slot * STRIDE, STRIDE);
        limits[slot] = oldLimits[from];
        if (oldLong != null) {
          longKeys[slot] = oldLong[from];
        }
      }
    }
  }
}
