package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * table with linear probing and backward-shift deletion. Per slot it keeps, side by side in
 * one long array, two longs of packed key (ids of at most 17 ASCII characters need no
 * String, see {@link TenantKeys}), the anchor tick, and one long packing bank (high 32 bits)
 * and carry (low 32 bits, both below 2^31, so the word is never negative); and, in a
 * parallel array, a reference to the limit the state is expressed in: 36 bytes, plus 4 for
 * a String reference once a segment holds a longer id. A lookup thus reads one slot's 32
 * contiguous bytes and one reference, rather than one entry in each of five arrays.
 *
 * <p>A decision on a key already in the table writes nothing shared with other keys: it
 * locks the one slot by a compare-and-set of the state word to a negative value (the sign
 * bit and the caller's thread id), reads the clock, decides, and unlocks by writing the new
 * state. Everything else (inserting, evicting, growing, changing limits, multi-key
 * decisions, reading a state) runs exclusive: under the segment's lock, with the segment's
 * {@code version} odd, and waiting for a slot's lock to clear before touching the slot. A
 * decider finds its slot with no lock held, reading the version before and again after its
 * compare-and-set: if the version moved, the segment may have been rearranged under it, so
 * it puts back the word it locked (unless a writer already replaced it: the thread id in
 * the word makes that check exact) and decides exclusively instead. Either the decider's
 * second read sees the odd version or the writer sees the slot locked, never neither,
 * because both are volatile accesses in one order. With one lock per segment instead, two
 * threads on different keys of a segment moved that lock's cache line between their cores
 * on about every other call (docs/performance.md). Multi-key operations lock their segments
 * in ascending index order, so two of them can never wait on each other in a cycle.
 */
public final class TenantTable {

  /** Bounds on the table: counts of evictions and the tokens they forgot. */
  public record Stats(long evictedFull, long evictedNotFull, long forgottenTokens) {}

  private static final int DEFAULT_SEGMENTS = 64;
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_CAPACITY = 1 << 28;
  private static final int EVICTION_SCAN = 16;
  private static final int SHARED_ATTEMPTS = 64;
  private static final long SLOT_LOCKED = Long.MIN_VALUE;
  /** Bit 31 of a state word (carry < 2^31 leaves it free): expressed in the default. */
  private static final long DEFAULT_FLAG = 1L << 31;
  private static final VarHandle SLOT_WORD = MethodHandles.arrayElementVarHandle(long[].class);

  private final Clock clock;
  private final Segment[] segments;
  private final int segmentShift;
  private final long maxTenants;
  private final Map<String, Limit> overrides = new ConcurrentHashMap<>();
  private final LongAdder evictedFull = new LongAdder();
  private final LongAdder evictedNotFull = new LongAdder();
  private final LongAdder forgottenTokens = new LongAdder();
  /** Tenants held over all segments; moved only by inserts and evictions, never by decisions. */
  private final AtomicLong tenantCount = new AtomicLong();
  private volatile Limit defaultLimit;
  private final Object defaultLimitChange = new Object();

  private TenantTable(Builder builder) {
    this.clock = builder.clock;
    this.defaultLimit = builder.defaultLimit;
    this.maxTenants = builder.maxTenants;
    int count = Integer.highestOneBit((int) Math.min(builder.segments, maxTenants));
    this.segments = new Segment[count];
    this.segmentShift = 64 - Integer.numberOfTrailingZeros(count);
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment();
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

    /**
     * Sets the most tenants the table holds (default: no bound). The bound is the whole
     * table's: nothing is evicted while it holds fewer. A new tenant beyond it evicts one,
     * in its own segment or, if that holds none, in another; only when every other segment
     * is empty or busy at that moment (or held by the same multi-key decision) does the table
     * hold one more, which the next insert that finds a tenant to evict takes back.
     */
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
    boolean packed = TenantKeys.packs(tenant);
    long low = TenantKeys.low(tenant, packed);
    long high = TenantKeys.high(tenant, packed);
    long hash = TenantKeys.hash(low, high);
    Segment segment = segments[segmentIndex(hash)];

    Decision decision = segment.tryDecideShared(tenant, packed, low, high, hash, n);
    return decision != null ? decision
        : decideExclusive(segment, new Key(tenant, packed, low, high, hash), n);
  }

  /** Decides for one key with its segment exclusive, inserting the key if it is new. */
  private Decision decideExclusive(Segment segment, Key key, long n) {
    segment.beginExclusive();
    try {
      int slot = segment.find(key);
      if (slot >= 0) {
        segment.settledState(slot);
      }
      long nowNanos = clock.nowNanos();
      Limit limit = limitOf(key.id);
      if (slot < 0) {
        slot = segment.insert(key, limit, nowNanos);
      }
      Bucket bucket = segment.scratch;
      segment.load(slot, bucket, limit, nowNanos);
      Decision decision = bucket.decide(limit, nowNanos, n, true);
      segment.store(slot, bucket, limit);
      return decision;
    } finally {
      segment.endExclusive();
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
      parsed[i] = Key.of(Args.notNull("keys[" + i + "]", keys[i]));
      Args.atLeast("hits[" + i + "]", hits[i], 0);
    }
    int[] order = lockOrder(parsed);
    for (int index : order) {
      segments[index].beginExclusive();
    }
    try {
      // The clock is read once no decider holds any of the keys' slots.
      for (Key key : parsed) {
        Segment segment = segmentOf(key);
        int slot = segment.find(key);
        if (slot >= 0) {
          segment.settledState(slot);
        }
      }
      return decideLocked(parsed, limits, hits, clock.nowNanos());
    } finally {
      for (int i = order.length - 1; i >= 0; i--) {
        segments[order[i]].endExclusive();
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
          int slot = segment.find(keys[i]);
          if (slot < 0) {
            slot = segment.insert(keys[i], used[i], nowNanos);
          }
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
    // One change of default at a time, so each pass moves from the default before it.
    synchronized (defaultLimitChange) {
      Limit previous = defaultLimit;
      defaultLimit = limit;
      for (Segment segment : segments) {
        segment.beginExclusive();
        try {
          segment.moveAll(previous, this);
        } finally {
          segment.endExclusive();
        }
      }
    }
  }

  private void moveTo(String tenant, Limit limit) {
    Key key = Key.of(tenant);
    Segment segment = segmentOf(key);
    segment.beginExclusive();
    try {
      int slot = segment.find(key);
      if (slot >= 0) {
        segment.settledState(slot);
        segment.load(slot, segment.scratch, limit, clock.nowNanos());
        segment.store(slot, segment.scratch, limit);
      }
    } finally {
      segment.endExclusive();
    }
  }

  /** Returns a snapshot of {@code tenant}'s state (not advanced), or null if absent. */
  public AdmissionState stateOf(String tenant) {
    Key key = Key.of(Args.notNull("tenant", tenant));
    Segment segment = segmentOf(key);
    segment.beginExclusive();
    try {
      int slot = segment.find(key);
      if (slot < 0) {
        return null;
      }
      long state = segment.settledState(slot);
      return AdmissionState.of(segment.anchorAt(slot), bankOf(state), carryOf(state));
    } finally {
      segment.endExclusive();
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

  /** Returns the tenants counted against maxTenants (equal to size() when idle; for tests). */
  long countedTenants() {
    return tenantCount.get();
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
    return segmentIndex(key.hash);
  }

  private int segmentIndex(long hash) {
    return segmentShift == 64 ? 0 : (int) (hash >>> segmentShift);
  }

  private static long bankOf(long state) {
    return state >>> 32;
  }

  private static long carryOf(long state) {
    return state & (DEFAULT_FLAG - 1);
  }

  /** A tenant id with its packed words and hash, computed once per call. */
  private static final class Key {
    final String id;
    final boolean packed;
    final long low;
    final long high;
    final long hash;

    Key(String id, boolean packed, long low, long high, long hash) {
      this.id = id;
      this.packed = packed;
      this.low = low;
      this.high = high;
      this.hash = hash;
    }

    static Key of(String id) {
      boolean packed = TenantKeys.packs(id);
      long low = TenantKeys.low(id, packed);
      long high = TenantKeys.high(id, packed);
      return new Key(id, packed, low, high, TenantKeys.hash(low, high));
    }

    boolean sameAs(Key other) {
      return low == other.low && high == other.high && (packed || id.equals(other.id));
    }
  }

  /**
   * One segment's arrays, replaced whole when the segment grows, so that a decider reading
   * without the lock sees slots, limits and long ids of one capacity. Slot i lives in
   * {@code slots[4i .. 4i+3]}: key low word (0 marks an empty slot), key high word, anchor
   * tick, and the state word, bank << 32 | carry (negative while a decider holds the slot).
   */
  private static final class Storage {

    static final int STRIDE = 4;
    static final int HIGH = 1;
    static final int ANCHOR = 2;
    static final int STATE = 3;

    final long[] slots;
    final Limit[] limits;
    String[] longKeys;

    Storage(int capacity) {
      slots = new long[capacity * STRIDE];
      limits = new Limit[capacity];
    }

    int capacity() {
      return limits.length;
    }

    /** Returns the slot of the key, or -1 - (the empty slot where it would go). */
    int find(String id, boolean packed, long keyLow, long keyHigh, long hash) {
      int mask = capacity() - 1;
      for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
        int base = slot * STRIDE;
        long low = slots[base];
        if (low == 0) {
          return -1 - slot;
        }
        if (low == keyLow && slots[base + HIGH] == keyHigh && (packed || sameLongKey(id, slot))) {
          return slot;
        }
      }
    }

    private boolean sameLongKey(String id, int slot) {
      // Read once: a decider without the lock may see the array before an insert sets it.
      String[] keys = longKeys;
      return keys != null && id.equals(keys[slot]);
    }
  }

  /** One lock's share of the table; see the maintainer's note for how deciders share it. */
  private final class Segment extends ReentrantLock {

    private static final long serialVersionUID = 1L;
    private static final int STRIDE = Storage.STRIDE;
    private static final int HIGH = Storage.HIGH;
    private static final int ANCHOR = Storage.ANCHOR;
    private static final int STATE = Storage.STATE;

    /** The most tenants the arrays can hold at their largest capacity. */
    private static final int MAX_SIZE = MAX_CAPACITY / 4 * 3;

    final Bucket scratch = new Bucket();
    final Bucket probe = new Bucket();
    /** Odd while the segment is exclusive; deciders without the lock check it twice. */
    volatile long version;
    /** The limit of every slot whose state word has {@link #DEFAULT_FLAG}. */
    Limit defaultLimit = TenantTable.this.defaultLimit;
    Storage storage = new Storage(MIN_CAPACITY);
    int size;
    int hand;

    int capacity() {
      return storage.capacity();
    }

    /** Takes the lock and makes deciders without it go exclusive too. */
    void beginExclusive() {
      lock();
      version = version + 1;
    }

    void endExclusive() {
      version = version + 1;
      unlock();
    }

    /**
     * Like {@link #beginExclusive}, but only if the lock is free now. A segment this thread
     * already holds (a multi-key decision) is refused, as its version is already odd.
     */
    boolean tryBeginExclusive() {
      if (isHeldByCurrentThread() || !tryLock()) {
        return false;
      }
      version = version + 1;
      return true;
    }

    /**
     * Decides for a key already in the segment without its lock, or returns null when the
     * key is absent, the segment is (or becomes) exclusive, or the slot stays held by
     * other deciders: the caller then decides exclusively.
     */
    Decision tryDecideShared(String id, boolean packed, long low, long high, long hash,
        long n) {
      long lockedWord = SLOT_LOCKED | Thread.currentThread().getId();
      for (int attempt = 0; attempt < SHARED_ATTEMPTS; attempt++) {
        long seen = version;
        if ((seen & 1) != 0) {
          return null;
        }
        Storage current = storage;
        int slot = current.find(id, packed, low, high, hash);
        if (slot < 0) {
          return null;
        }
        int stateIndex = slot * STRIDE + STATE;
        long state = current.slots[stateIndex];
        if (state >= 0 && SLOT_WORD.compareAndSet(current.slots, stateIndex, state, lockedWord)) {
          if (version == seen) {
            return decideHolding(current, slot, state, id, n);
          }
          // Gone exclusive meanwhile: give the word back unless a writer replaced it.
          SLOT_WORD.compareAndSet(current.slots, stateIndex, lockedWord, state);
          return null;
        }
        Thread.onSpinWait();
      }
      return null;
    }

    /** Decides with the slot locked (its state word was {@code state}), then unlocks it. */
    private Decision decideHolding(Storage current, int slot, long state, String id, long n) {
      int base = slot * STRIDE;
      try {
        long nowNanos = clock.nowNanos();
        Limit limit = limitOf(id);
        Bucket bucket = new Bucket();
        read(current, slot, state, bucket, limit, nowNanos);
        Decision decision = bucket.decide(limit, nowNanos, n, true);
        write(current, slot, bucket, limit, true);
        return decision;
      } catch (Throwable e) {
        // Any throwable, checked ones from a clock written in another JVM language included.
        SLOT_WORD.setRelease(current.slots, base + STATE, state);
        throw e;
      }
    }

    /**
     * Exclusive only: waits until no decider holds the slot and returns its state word.
     * Deciders that lock it later give it back untouched, so the slot is then the caller's.
     */
    long settledState(int slot) {
      long[] slots = storage.slots;
      int stateIndex = slot * STRIDE + STATE;
      long state;
      for (int spins = 0; (state = (long) SLOT_WORD.getVolatile(slots, stateIndex)) < 0;
          spins++) {
        if (spins < 100) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      return state;
    }

    private boolean occupied(int slot) {
      return storage.slots[slot * STRIDE] != 0;
    }

    private int home(int slot, int mask) {
      int base = slot * STRIDE;
      long[] slots = storage.slots;
      return (int) TenantKeys.hash(slots[base], slots[base + HIGH]) & mask;
    }

    /** Exclusive only, after {@link #settledState}. */
    long anchorAt(int slot) {
      return storage.slots[slot * STRIDE + ANCHOR];
    }

    int find(Key key) {
      return storage.find(key.id, key.packed, key.low, key.high, key.hash);
    }

    /**
     * Exclusive only: inserts an absent key with a fresh state and returns its slot. A
     * table holding {@code maxTenants} first evicts one tenant, from this segment if it has
     * any, so the bound is the table's, not a share of it per segment.
     */
    int insert(Key key, Limit limit, long nowNanos) {
      if (!reserveTenant()) {
        makeRoom(nowNanos);
      } else if (size >= MAX_SIZE) {
        evictOne(nowNanos);
        tenantCount.decrementAndGet();
      }
      // The count now includes the new tenant; should placing it fail, it must not.
      try {
        return place(key, limit, nowNanos);
      } catch (Throwable e) {
        tenantCount.decrementAndGet();
        throw e;
      }
    }

    private int place(Key key, Limit limit, long nowNanos) {
      if (size + 1 > capacity() * 3L / 4 && capacity() < MAX_CAPACITY) {
        grow();
      }
      int slot = -1 - find(key);
      long[] slots = storage.slots;
      slots[slot * STRIDE] = key.low;
      slots[slot * STRIDE + HIGH] = key.high;
      if (!key.packed) {
        if (storage.longKeys == null) {
          storage.longKeys = new String[capacity()];
        }
        storage.longKeys[slot] = key.id;
      }
      scratch.reset(limit, Tick.tickOf(nowNanos, limit.tickNanos()));
      store(slot, scratch, limit);
      size++;
      return slot;
    }

    /**
     * Exclusive only: loads the slot into {@code bucket}, expressed in {@code limit}: if the
     * slot's state was kept under another limit, the bucket holds it moved to this one at
     * {@code nowNanos}. The slot itself changes only through {@link #store}.
     */
    void load(int slot, Bucket bucket, Limit limit, long nowNanos) {
      read(storage, slot, settledState(slot), bucket, limit, nowNanos);
    }

    /** Exclusive only: writes the bucket into the slot. */
    void store(int slot, Bucket bucket, Limit limit) {
      write(storage, slot, bucket, limit, true);
    }

    /**
     * Loads the slot, whose state word is {@code state}, into {@code bucket} expressed in
     * {@code limit}. The caller holds the slot: by its lock, or exclusively and settled.
     */
    private void read(Storage current, int slot, long state, Bucket bucket, Limit limit,
        long nowNanos) {
      bucket.anchorTick = current.slots[slot * STRIDE + ANCHOR];
      bucket.bankTokens = bankOf(state);
      bucket.carryUnits = carryOf(state);
      Limit kept = keptLimit(current, slot, state);
      if (kept != limit && !kept.equals(limit)) {
        bucket.changeLimit(kept, limit, nowNanos);
      }
    }

    /**
     * Writes the bucket, expressed in {@code limit}, into the slot; the state word goes last,
     * which also unlocks a slot a decider holds. With {@code mayFlag}, the segment's default
     * needs no entry in {@code limits} (one memory access fewer per decision): a flag in the
     * word says it.
     */
    private void write(Storage current, int slot, Bucket bucket, Limit limit,
        boolean mayFlag) {
      int base = slot * STRIDE;
      long word = wordOf(bucket);
      current.slots[base + ANCHOR] = bucket.anchorTick;
      if (mayFlag && limit == defaultLimit) {
        word |= DEFAULT_FLAG;
      } else if (current.limits[slot] != limit) {
        current.limits[slot] = limit;
      }
      SLOT_WORD.setRelease(current.slots, base + STATE, word);
    }

    private static long wordOf(Bucket bucket) {
      return bucket.bankTokens << 32 | bucket.carryUnits;
    }

    /** The limit the slot's state word {@code state} is expressed in. */
    private Limit keptLimit(Storage current, int slot, long state) {
      return (state & DEFAULT_FLAG) != 0 ? defaultLimit : current.limits[slot];
    }

    /** Exclusive only: moves every tenant expressed in {@code previous} to its limit now. */
    void moveAll(Limit previous, TenantTable table) {
      Limit next = table.defaultLimit;
      for (int slot = 0; slot < capacity(); slot++) {
        if (!occupied(slot)) {
          continue;
        }
        long state = settledState(slot);
        Limit kept = keptLimit(storage, slot, state);
        Limit target = !kept.equals(previous) ? kept
            : table.overrides.isEmpty() ? next : table.limitOf(idAt(slot));

        // Every slot leaves unflagged: a flag would be read in the next default, including
        // for a tenant whose own limit is the old default's very object.
        if (target != kept || (state & DEFAULT_FLAG) != 0) {
          read(storage, slot, state, scratch, target, table.clock.nowNanos());
          write(storage, slot, scratch, target, false);
        }
      }
      defaultLimit = next;
    }

    private String idAt(int slot) {
      long low = storage.slots[slot * STRIDE];
      return (low & 0xFF) == TenantKeys.LONG_KEY ? storage.longKeys[slot]
          : TenantKeys.unpack(low, storage.slots[slot * STRIDE + HIGH]);
    }

    /** Counts one more tenant if the table has room for it. */
    private boolean reserveTenant() {
      // Counted only below the bound, so that no other insert sees a count it must undo.
      for (long count = tenantCount.get(); count < maxTenants; count = tenantCount.get()) {
        if (tenantCount.compareAndSet(count, count + 1)) {
          return true;
        }
      }
      return false;
    }

    /** Takes back one tenant counted over the bound, if there is one. */
    private boolean releaseExcess() {
      for (long count = tenantCount.get(); count > maxTenants; count = tenantCount.get()) {
        if (tenantCount.compareAndSet(count, count - 1)) {
          return true;
        }
      }
      return false;
    }

    /**
     * The table is full: evicts one tenant for the one being inserted, then one more if an
     * earlier insert left the table over its bound.
     */
    private void makeRoom(long nowNanos) {
      evictForOne(nowNanos);
      if (releaseExcess()) {
        evictForOne(nowNanos);
      }
    }

    /**
     * Evicts one tenant, here or, if this segment holds none, in another segment that is
     * free to lock (never waiting, so no order of locks is needed). If every other segment
     * is empty or busy (or held by this thread, in a multi-key decision), counts one tenant
     * over the bound instead, for a later insert to take back.
     */
    private void evictForOne(long nowNanos) {
      if (size > 0) {
        evictOne(nowNanos);
      } else if (!evictElsewhere(nowNanos)) {
        tenantCount.incrementAndGet();
      }
    }

    private boolean evictElsewhere(long nowNanos) {
      for (Segment other : segments) {
        if (other == this || !other.tryBeginExclusive()) {
          continue;
        }
        try {
          if (other.size > 0) {
            other.evictOne(nowNanos);
            return true;
          }
        } finally {
          other.endExclusive();
        }
      }
      return false;
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
          long state = settledState(slot);
          Limit limit = keptLimit(storage, slot, state);
          long deficitUnits = deficitUnits(slot, state, limit, nowNanos);
          if (deficitUnits <= 0) {
            victim = slot;
            victimDeficit = 0;
            break;
          }
          double tokens = (double) deficitUnits / limit.q();
          if (tokens < victimDeficit) {
            victim = slot;
            victimDeficit = tokens;
            victimTokens = limit.burstTokens() - probe.bankTokens;
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
    private long deficitUnits(int slot, long state, Limit limit, long nowNanos) {
      if (limit.isUnlimited() || limit.admitsNothing()) {
        return 0;
      }
      probe.anchorTick = anchorAt(slot);
      probe.bankTokens = bankOf(state);
      probe.carryUnits = carryOf(state);
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
      long[] slots = storage.slots;
      Arrays.fill(slots, hole * STRIDE, hole * STRIDE + STRIDE, 0L);
      storage.limits[hole] = null;
      if (storage.longKeys != null) {
        storage.longKeys[hole] = null;
      }
      size--;
    }

    private void moveSlot(int from, int to) {
      long state = settledState(from);
      long[] slots = storage.slots;
      System.arraycopy(slots, from * STRIDE, slots, to * STRIDE, STATE);
      SLOT_WORD.setVolatile(slots, to * STRIDE + STATE, state);
      storage.limits[to] = storage.limits[from];
      if (storage.longKeys != null) {
        storage.longKeys[to] = storage.longKeys[from];
      }
    }

    private void grow() {
      Storage old = storage;
      Storage grown = new Storage(old.capacity() * 2);
      if (old.longKeys != null) {
        grown.longKeys = new String[grown.capacity()];
      }
      int mask = grown.capacity() - 1;
      for (int from = 0; from < old.capacity(); from++) {
        int base = from * STRIDE;
        if (old.slots[base] == 0) {
          continue;
        }
        long state = settledState(from);
        int slot = (int) TenantKeys.hash(old.slots[base], old.slots[base + HIGH]) & mask;
        while (grown.slots[slot * STRIDE] != 0) {
          slot = (slot + 1) & mask;
        }
        System.arraycopy(old.slots, base, grown.slots, slot * STRIDE, STATE);
        grown.slots[slot * STRIDE + STATE] = state;
        grown.limits[slot] = old.limits[from];
        if (old.longKeys != null) {
          grown.longKeys[slot] = old.longKeys[from];
        }
      }
      storage = grown;
    }
  }
}
