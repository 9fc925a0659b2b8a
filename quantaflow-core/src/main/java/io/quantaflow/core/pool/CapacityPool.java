package io.quantaflow.core.pool;

import io.quantaflow.core.internal.Args;
import java.util.Arrays;
import java.util.Locale;

/**
 * A pool of n tenants that share a global mint capacity of C_t tokens per tick.
 *
 * <pre>{@code
 * CapacityPool pool = CapacityPool.builder(3, 20).maxTokensPerTick(1).build();
 * pool.setPlans(20, 20, 2);                 // 1, 1 and 1/10 token per tick
 * long minted = pool.tick(1, (tenant, tokens) -> grant(tenant, tokens));
 * }</pre>
 *
 * <p>What it promises: never more than C_t tokens in a tick, and never a token ahead of
 * plan. When every tick's plans fit the capacity, each tenant stays within H_n - 1/q tokens
 * of its plan over every window (H_n = 1 + 1/2 + ... + 1/n, about ln n + 0.58). That is
 * weaker than a lone tenant's 1 - 1/q, and necessarily so: no online rule can promise less
 * than H_n - 1. Plans above the capacity are first scaled down by the {@link
 * OversubscriptionPolicy}; the bound then holds against the scaled plans and {@link
 * #shedTokens(int)} reports what was cut.
 *
 * <pre>
 * Maintainer's note.
 *
 * Symbols (docs/math.md ("Shared capacity")): n = tenants, q = grid (units per token),
 * x_i = plan of tenant i in units per tick (planUnits[i]), C_t = capacity of tick t in
 * tokens, E_i = carry of tenant i in units (carryUnits[i] + carrySub[i] / subDen).
 *
 * One tick:
 *   1. If the plans sum to more than C_t * q, the policy scales them first (water-filling by
 *      default) to shares that sum to exactly C_t * q. Shares are rationals: whole units
 *      plus a numerator over subDen. subDen grows to the lcm of the share denominators seen
 *      (the carries are rescaled, exactly); only past 2^61 are shares rounded on that fine
 *      grid, with error below 1/subDen units per tick (counted by roundedTicks).
 *   2. Every tenant adds its plan (or share) to its carry: a dense O(n) loop over long[]
 *      that also lists the k tenants whose carry now holds a whole token.
 *   3. If those tenants want at most C_t tokens in all, each takes floor(E_i / q): this is
 *      exactly the independent carry rule. Otherwise the capacity binds and, by default,
 *      the tokens go as if one at a time to the largest carry, ties to the lowest index.
 *      Two equivalent ways (Lemma P2): a binary heap of the listed tenants, where a popped
 *      tenant takes in one step every token it wins before the next tenant's turn; or a
 *      threshold count, binary searches over (level, remainder, sub-units) then index.
 *
 * Invariants: 0 <= E_i. When every tick's (scaled) plans sum to at most C_t tokens,
 * E_i <= H_n - 1/q tokens (H_n - 1/(q * subDen) on off-grid shares); any k tenants' carries
 * sum to at most k (H_n - H_k) + k (1 - 1/q) tokens. Proved in
 * docs/math.md ("Shared capacity") (Theorem P3), tested by CapacityPoolPropertyTest and
 * CapacityPoolExhaustiveTest. No online rule can promise less than H_n - 1
 * (CapacityLowerBoundTest): the error grows like ln n.
 *
 * Cost per tick: O(n) for the plan addition, O(k) to list the k tenants holding a whole
 * token, O(k + C_t log k) for the heap or a few passes over the k for the count when the
 * capacity binds. Oversubscribed ticks also pay a sort, only when the plans or the
 * capacity changed since the last tick.
 * </pre>
 *
 * <p>Mutable and not thread-safe: one thread drives the mint loop.
 */
public final class CapacityPool {

  /** Most tokens a tenant's plan may ask per tick, as for the single-key carry rule. */
  public static final long MAX_TOKENS_PER_TICK = 1L << 20;

  /** Most tokens a pool may mint in one tick. */
  public static final long MAX_CAPACITY_TOKENS = Integer.MAX_VALUE;

  /** Largest weight of a tenant under {@link OversubscriptionPolicy#WEIGHTED_MAX_MIN}. */
  public static final long MAX_WEIGHT = 1L << 20;

  /** The pool's total plan, tenants * maxTokensPerTick * q units, must stay within this. */
  static final long MAX_TOTAL_PLAN_UNITS = 1L << 62;

  /** Largest sub-unit denominator; sub-unit numerators and their sums stay below 2^62. */
  static final long MAX_SUB_DENOMINATOR = 1L << 61;

  /** Above this an unscaled carry could overflow within one more tick. */
  private static final long MAX_CARRY_UNITS = 1L << 62;

  private final int tenants;
  private final long q;
  private final long maxTokensPerTick;
  private final long maxPlanUnits;
  private final OversubscriptionPolicy policy;
  private final ServiceOrder serviceOrder;

  // Hot path: dense primitive arrays, indexed by tenant.
  private final long[] planUnits;
  private final long[] carryUnits;
  private long planTotalUnits;

  // Scratch for the mint step, indexed by position in the list of tenants holding a token.
  private final int[] fired;
  private final long[] took;
  private final int[] heap;

  // Oversubscription state, allocated on the first oversubscribed tick.
  private long[] carrySub;
  private long subDen = 1;
  private long[] shedUnits;
  private long[] shedSub;
  private long[] weights;
  private long[] shareUnits;
  private long[] shareNum;
  private long[] shareSub;
  private long shareDen = 1;
  private long[] sortScratch;
  private long[] remainderScratch;
  private int selection;
  private long plansVersion;
  private long cachedVersion = -1;
  private long cachedCapacityUnits = -1;
  private long cachedSubDen = -1;
  private int roundingCursor;
  private long roundedTicks;

  private long ticks;

  private CapacityPool(Builder builder) {
    this.tenants = builder.tenants;
    this.q = builder.q;
    this.maxTokensPerTick = builder.maxTokensPerTick;
    this.maxPlanUnits = maxTokensPerTick * q;
    this.policy = builder.policy;
    this.serviceOrder = builder.serviceOrder;
    this.planUnits = new long[tenants];
    this.carryUnits = new long[tenants];
    this.fired = new int[tenants];
    this.took = new long[tenants];
    this.heap = new int[tenants];
  }

  /** Starts a pool of {@code tenants} tenants on grid {@code q}; every plan starts at zero. */
  public static Builder builder(int tenants, long q) {
    return new Builder(tenants, q);
  }

  /** Configures a pool. Defaults: 2^20 tokens per tick, max-min fair, largest deficit first. */
  public static final class Builder {
    private final int tenants;
    private final long q;
    private long maxTokensPerTick = MAX_TOKENS_PER_TICK;
    private OversubscriptionPolicy policy = OversubscriptionPolicy.MAX_MIN_FAIR;
    private ServiceOrder serviceOrder = ServiceOrder.LARGEST_DEFICIT_FIRST;

    private Builder(int tenants, long q) {
      this.tenants = tenants;
      this.q = q;
    }

    /** Most tokens one tenant's plan may ask per tick, in [1, 2^20]. */
    public Builder maxTokensPerTick(long maxTokensPerTick) {
      this.maxTokensPerTick = maxTokensPerTick;
      return this;
    }

    public Builder policy(OversubscriptionPolicy policy) {
      this.policy = Args.notNull("policy", policy);
      return this;
    }

    public Builder serviceOrder(ServiceOrder serviceOrder) {
      this.serviceOrder = Args.notNull("serviceOrder", serviceOrder);
      return this;
    }

    /** Validates the settings; tenants * maxTokensPerTick * q must be at most 2^62. */
    public CapacityPool build() {
      Args.inRange("q", q, 2, Integer.MAX_VALUE);
      Args.inRange("maxTokensPerTick", maxTokensPerTick, 1, MAX_TOKENS_PER_TICK);
      long maxTenants = Math.min(Integer.MAX_VALUE - 8,
          MAX_TOTAL_PLAN_UNITS / (maxTokensPerTick * q));
      Args.inRange("tenants", tenants, 1, maxTenants);
      return new CapacityPool(this);
    }
  }

  /** Sets tenant {@code tenant}'s plan, in units per tick (1/q token each). */
  public void setPlanUnits(int tenant, long planUnits) {
    checkTenant(tenant);
    Args.inRange("planUnits", planUnits, 0, maxPlanUnits);
    planTotalUnits += planUnits - this.planUnits[tenant];
    this.planUnits[tenant] = planUnits;
    plansVersion++;
  }

  /** Sets every tenant's plan at once, in units per tick; the array holds one per tenant. */
  public void setPlans(long... planUnits) {
    Args.notNull("planUnits", planUnits);
    if (planUnits.length != tenants) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "planUnits must hold one plan per tenant, %d (got %d)", tenants, planUnits.length));
    }
    for (int i = 0; i < tenants; i++) {
      setPlanUnits(i, planUnits[i]);
    }
  }

  /** Sets a tenant's weight for {@link OversubscriptionPolicy#WEIGHTED_MAX_MIN}, in [1, 2^20]. */
  public void setWeight(int tenant, long weight) {
    checkTenant(tenant);
    Args.inRange("weight", weight, 1, MAX_WEIGHT);
    if (weights == null) {
      weights = new long[tenants];
      Arrays.fill(weights, 1);
    }
    weights[tenant] = weight;
    plansVersion++;
  }

  /** Runs one tick with no report; returns the tokens minted. */
  public long tick(long capacityTokens) {
    return tick(capacityTokens, MintSink.NONE);
  }

  /**
   * Runs one tick: scales the plans if they exceed the capacity, adds them to the carries
   * and mints at most {@code capacityTokens} tokens, reporting each tenant's tokens to
   * {@code sink}. Returns the tokens minted.
   */
  public long tick(long capacityTokens, MintSink sink) {
    Args.inRange("capacityTokens", capacityTokens, 0, MAX_CAPACITY_TOKENS);
    Args.notNull("sink", sink);
    long capacityUnits = capacityTokens * q;

    int firedCount;
    if (planTotalUnits > capacityUnits && policy != OversubscriptionPolicy.UNSCALED) {
      prepareShares(capacityUnits);
      firedCount = addShares();
    } else {
      firedCount = addPlans();
    }

    ticks++;
    return mint(firedCount, capacityTokens, sink);
  }

  private int addPlans() {
    long[] plan = planUnits;
    long[] carry = carryUnits;
    int[] list = fired;
    long grid = q;
    int count = 0;
    for (int i = 0; i < plan.length; i++) {
      long units = carry[i] + plan[i];
      carry[i] = units;
      if (units >= grid) {
        list[count++] = i;
      }
    }
    if (policy == OversubscriptionPolicy.UNSCALED) {
      checkUnscaledCarries(count);
    }
    return count;
  }

  private void checkUnscaledCarries(int count) {
    for (int p = 0; p < count; p++) {
      int i = fired[p];
      if (carryUnits[i] > MAX_CARRY_UNITS) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "tenant %d carry must stay <= 2^62 units (got %d): the UNSCALED policy lets"
                + " deficits grow without bound; use a scaling policy", i, carryUnits[i]));
      }
    }
  }

  private int addShares() {
    long[] plan = planUnits;
    long[] carry = carryUnits;
    long[] sub = carrySub;
    long[] whole = shareUnits;
    long[] part = shareSub;
    long den = subDen;
    int count = 0;
    for (int i = 0; i < plan.length; i++) {
      long units = carry[i] + whole[i];
      long subUnits = sub[i] + part[i];
      if (subUnits >= den) {
        subUnits -= den;
        units++;
      }
      carry[i] = units;
      sub[i] = subUnits;
      addShed(i, plan[i] - whole[i], part[i]);
      if (units >= q) {
        fired[count++] = i;
      }
    }
    return count;
  }

  /** Adds plan - share to the shed of tenant i, where the share is whole + part / subDen. */
  private void addShed(int i, long planMinusWhole, long part) {
    long whole = planMinusWhole;
    long sub = shedSub[i];
    if (part > 0) {
      whole--;
      sub += subDen - part;
    }
    if (sub >= subDen) {
      sub -= subDen;
      whole++;
    }
    shedSub[i] = sub;
    shedUnits[i] += whole;
  }

  private long mint(int firedCount, long capacityTokens, MintSink sink) {
    // Whole tokens each listed tenant holds, kept in took[] for the steps below: one
    // division per tenant (a third of the binding tick's time at 1M tenants when repeated).
    long wanted = 0;
    for (int p = 0; p < firedCount; p++) {
      long tokens = carryUnits[fired[p]] / q;
      took[p] = tokens;
      if (wanted <= capacityTokens) {
        wanted += tokens;
      }
    }

    if (wanted > capacityTokens) {
      if (serviceOrder == ServiceOrder.FIXED_ORDER) {
        return mintFixedOrder(firedCount, capacityTokens, sink);
      }
      return useHeap(firedCount, capacityTokens)
          ? mintLargestFirst(firedCount, capacityTokens, sink)
          : mintByThreshold(firedCount, capacityTokens, sink);
    }

    // The capacity does not bind: the independent carry rule, tenant by tenant.
    for (int p = 0; p < firedCount; p++) {
      int i = fired[p];
      long tokens = took[p];
      carryUnits[i] -= tokens * q;
      sink.minted(i, tokens);
    }
    return wanted;
  }

  private long mintFixedOrder(int firedCount, long capacityTokens, MintSink sink) {
    long left = capacityTokens;
    for (int p = 0; p < firedCount && left > 0; p++) {
      int i = fired[p];
      long tokens = Math.min(left, carryUnits[i] / q);
      carryUnits[i] -= tokens * q;
      left -= tokens;
      sink.minted(i, tokens);
    }
    return capacityTokens - left;
  }

  private long mintLargestFirst(int firedCount, long capacityTokens, MintSink sink) {
    for (int p = 0; p < firedCount; p++) {
      heap[p] = p;
      took[p] = 0;
    }
    int size = firedCount;
    for (int k = size / 2 - 1; k >= 0; k--) {
      siftDown(k, size);
    }

    long left = capacityTokens;
    while (left > 0 && size > 0) {
      int p = heap[0];
      size--;
      if (size > 0) {
        heap[0] = heap[size];
        siftDown(0, size);
      }

      // Take every token this tenant wins before the next tenant's turn, in one step.
      int i = fired[p];
      long units = carryUnits[i];
      long tokens = Math.min(left, units / q);
      if (size > 0) {
        int j = fired[heap[0]];
        long gap = units - carryUnits[j];
        long ahead = winsTie(i, j) ? gap / q : (gap - 1) / q;
        tokens = Math.min(tokens, ahead + 1);
      }
      carryUnits[i] = units - tokens * q;
      took[p] += tokens;
      left -= tokens;

      if (carryUnits[i] >= q && left > 0) {
        heap[size] = p;
        siftUp(size);
        size++;
      }
    }

    for (int p = 0; p < firedCount; p++) {
      if (took[p] > 0) {
        sink.minted(fired[p], took[p]);
      }
    }
    return capacityTokens - left;
  }

  /**
   * The heap pays about log2(k) scattered reads per token, the threshold a few sequential
   * passes over the k listed tenants. Measured at 1M listed tenants holding one token each
   * and C near 1M: heap 2.9 to 5.5 s a tick, threshold 0.06 to 0.08 s
   * (docs/performance.md).
   */
  private boolean useHeap(int firedCount, long capacityTokens) {
    if (selection != 0) {
      return selection == 1;
    }
    int log2 = 32 - Integer.numberOfLeadingZeros(firedCount);
    return capacityTokens * log2 <= firedCount;
  }

  /** Tests only: 0 chooses by cost, 1 forces the heap, 2 forces the threshold. */
  void forceSelection(int mode) {
    selection = mode;
  }

  /**
   * The same tokens as handing them out one at a time, found by counting instead. Tenant p
   * with carry t_p * q + r_p offers t_p candidate tokens; the one at level l (1 <= l <= t_p)
   * ranks by (l, r_p, sub-units, lower index first). The greedy takes the C best: every
   * candidate above level L, and at level L the best few by remainder, sub-units, index.
   */
  private long mintByThreshold(int firedCount, long capacityTokens, MintSink sink) {
    if (capacityTokens == 0) {
      return 0;
    }
    long maxTokens = 0;
    for (int p = 0; p < firedCount; p++) {
      maxTokens = Math.max(maxTokens, took[p]);
    }

    // Level L: the highest with at least C candidates at or above it.
    long low = 1;
    long high = maxTokens + 1;
    while (high - low > 1) {
      long mid = (low + high) >>> 1;
      if (candidatesFrom(mid, firedCount) >= capacityTokens) {
        low = mid;
      } else {
        high = mid;
      }
    }
    long level = low;
    long atLevel = capacityTokens - candidatesFrom(level + 1, firedCount);

    // The tenants with a candidate at level L, in ascending index, with their remainders.
    if (remainderScratch == null) {
      remainderScratch = new long[tenants];
    }
    int tied = 0;
    for (int p = 0; p < firedCount; p++) {
      if (took[p] >= level) {
        heap[tied] = p;
        remainderScratch[tied] = carryUnits[fired[p]] - took[p] * q;
        tied++;
      } else {
        took[p] = 0;
      }
    }
    long remainderCut = highestCut(remainderScratch, tied, q, atLevel);
    long aboveCut = 0;
    for (int k = 0; k < tied; k++) {
      if (remainderScratch[k] > remainderCut) {
        aboveCut++;
      }
    }
    long atCut = atLevel - aboveCut;

    // Among remainders equal to the cut, more sub-units first, then the lower index.
    long subCut = 0;
    if (carrySub != null) {
      int equal = 0;
      for (int k = 0; k < tied; k++) {
        if (remainderScratch[k] == remainderCut) {
          remainderScratch[equal++] = carrySub[fired[heap[k]]];
          heap[equal - 1] = heap[k];
        } else if (remainderScratch[k] > remainderCut) {
          took[heap[k]] = took[heap[k]] - level + 1;
        } else {
          took[heap[k]] = took[heap[k]] - level;
        }
      }
      subCut = highestCut(remainderScratch, equal, subDen, atCut);
      long aboveSub = 0;
      for (int k = 0; k < equal; k++) {
        if (remainderScratch[k] > subCut) {
          aboveSub++;
        }
      }
      long byIndex = atCut - aboveSub;
      for (int k = 0; k < equal; k++) {
        boolean wins = remainderScratch[k] > subCut
            || (remainderScratch[k] == subCut && byIndex-- > 0);
        took[heap[k]] = took[heap[k]] - level + (wins ? 1 : 0);
      }
    } else {
      long byIndex = atCut;
      for (int k = 0; k < tied; k++) {
        long remainder = remainderScratch[k];
        boolean wins = remainder > remainderCut || (remainder == remainderCut && byIndex-- > 0);
        took[heap[k]] = took[heap[k]] - level + (wins ? 1 : 0);
      }
    }

    // Tenants below level L take nothing; the others took their tokens above.
    for (int p = 0; p < firedCount; p++) {
      int i = fired[p];
      long tokens = took[p];
      if (tokens > 0) {
        carryUnits[i] -= tokens * q;
        sink.minted(i, tokens);
      }
    }
    return capacityTokens;
  }

  /** Candidates at level >= l: the sum over listed tenants of max(0, t_p - l + 1). */
  private long candidatesFrom(long l, int firedCount) {
    long count = 0;
    for (int p = 0; p < firedCount; p++) {
      long t = took[p];
      if (t >= l) {
        count += t - l + 1;
      }
    }
    return count;
  }

  /** The largest v in [0, bound) with at least {@code want} of values[0..size) >= v. */
  private static long highestCut(long[] values, int size, long bound, long want) {
    long low = 0;
    long high = bound;
    while (high - low > 1) {
      long mid = (low + high) >>> 1;
      long count = 0;
      for (int k = 0; k < size; k++) {
        if (values[k] >= mid) {
          count++;
        }
      }
      if (count >= want) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** True if tenant i, at equal whole units, goes before tenant j. */
  private boolean winsTie(int i, int j) {
    if (carrySub != null && carrySub[i] != carrySub[j]) {
      return carrySub[i] > carrySub[j];
    }
    return i < j;
  }

  /** True if the tenant at list position a goes before the one at position b. */
  private boolean before(int a, int b) {
    int i = fired[a];
    int j = fired[b];
    if (carryUnits[i] != carryUnits[j]) {
      return carryUnits[i] > carryUnits[j];
    }
    return winsTie(i, j);
  }

  private void siftDown(int k, int size) {
    int item = heap[k];
    while (true) {
      int child = 2 * k + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(heap[child + 1], heap[child])) {
        child++;
      }
      if (!before(heap[child], item)) {
        break;
      }
      heap[k] = heap[child];
      k = child;
    }
    heap[k] = item;
  }

  private void siftUp(int k) {
    int item = heap[k];
    while (k > 0) {
      int parent = (k - 1) / 2;
      if (!before(item, heap[parent])) {
        break;
      }
      heap[k] = heap[parent];
      k = parent;
    }
    heap[k] = item;
  }

  // ---- Oversubscription: scale first, then mint ----

  private void prepareShares(long capacityUnits) {
    if (shareUnits == null) {
      carrySub = new long[tenants];
      shedUnits = new long[tenants];
      shedSub = new long[tenants];
      shareUnits = new long[tenants];
      shareNum = new long[tenants];
      shareSub = new long[tenants];
    }
    boolean sameShares = cachedVersion == plansVersion && cachedCapacityUnits == capacityUnits;
    if (sameShares && cachedSubDen == subDen) {
      return;
    }
    if (!sameShares) {
      switch (policy) {
        case WEIGHTED_MAX_MIN:
          shareWeighted(capacityUnits);
          break;
        case PROPORTIONAL:
          shareProportional(capacityUnits);
          break;
        default:
          shareMaxMin(capacityUnits);
          break;
      }
    }
    toSubGrid();
    cachedVersion = plansVersion;
    cachedCapacityUnits = capacityUnits;
    cachedSubDen = subDen;
  }

  /** Water-filling: every tenant gets min(plan, L), the shares summing to the capacity. */
  private void shareMaxMin(long capacityUnits) {
    if (sortScratch == null) {
      sortScratch = new long[tenants];
    }
    System.arraycopy(planUnits, 0, sortScratch, 0, tenants);
    Arrays.sort(sortScratch);

    // Fill the smallest plans whole while they fit under the level; the rest share what is
    // left equally. Capping a plan at or below the level never lowers the level.
    long rest = capacityUnits;
    long open = tenants;
    for (long plan : sortScratch) {
      if (plan > rest / open) {
        break;
      }
      rest -= plan;
      open--;
    }

    long level = rest / open;
    long num = rest % open;
    long den = num == 0 ? 1 : open / Wide.gcd(num, open);
    num = num == 0 ? 0 : num / (open / den);
    for (int i = 0; i < tenants; i++) {
      boolean whole = planUnits[i] <= level;
      shareUnits[i] = whole ? planUnits[i] : level;
      shareNum[i] = whole ? 0 : num;
    }
    shareDen = den;
  }

  /** Weighted water-filling: every tenant gets min(plan, weight * L). */
  private void shareWeighted(long capacityUnits) {
    long[] w = weights;
    Integer[] order = new Integer[tenants];
    long weightTotal = 0;
    for (int i = 0; i < tenants; i++) {
      order[i] = i;
      weightTotal += weightOf(i);
    }
    // Ascending plan / weight, compared exactly as plan_a * w_b against plan_b * w_a.
    Arrays.sort(order, (a, b) ->
        Wide.compareProducts(planUnits[a], weightOf(b), planUnits[b], weightOf(a)));

    long rest = capacityUnits;
    long openWeight = weightTotal;
    for (Integer i : order) {
      if (Wide.compareProducts(planUnits[i], openWeight, weightOf(i), rest) > 0) {
        break;
      }
      rest -= planUnits[i];
      openWeight -= weightOf(i);
    }

    long g = Wide.gcd(rest, openWeight);
    long numerator = rest / g;
    long den = openWeight / g;
    for (int i = 0; i < tenants; i++) {
      long wi = w == null ? 1 : w[i];
      if (Wide.compareProducts(planUnits[i], openWeight, wi, rest) <= 0) {
        shareUnits[i] = planUnits[i];
        shareNum[i] = 0;
      } else {
        shareUnits[i] = Wide.mulDiv(wi, numerator, den);
        shareNum[i] = Wide.mulMod(wi, numerator, den);
      }
    }
    shareDen = den;
  }

  /** Every plan times capacity / (sum of plans). */
  private void shareProportional(long capacityUnits) {
    long g = Wide.gcd(capacityUnits, planTotalUnits);
    long numerator = capacityUnits / g;
    long den = planTotalUnits / g;
    long common = den;
    for (int i = 0; i < tenants && common > 1; i++) {
      common = Wide.gcd(common, planUnits[i]);
    }
    den /= common;
    for (int i = 0; i < tenants; i++) {
      long plan = planUnits[i] / common;
      shareUnits[i] = Wide.mulDiv(plan, numerator, den);
      shareNum[i] = Wide.mulMod(plan, numerator, den);
    }
    shareDen = den;
  }

  /** Expresses the share fractions over subDen, growing subDen to the lcm when it can. */
  private void toSubGrid() {
    long den = shareDen;
    if (subDen % den != 0) {
      long grown = Wide.lcmAtMost(subDen, den, MAX_SUB_DENOMINATOR);
      if (grown > 0) {
        rescaleSub(grown / subDen);
      }
    }
    if (subDen % den == 0) {
      long factor = subDen / den;
      for (int i = 0; i < tenants; i++) {
        shareSub[i] = shareNum[i] * factor;
      }
      return;
    }
    roundToSubGrid(den);
  }

  /**
   * The lcm would pass 2^61: widen subDen as far as it goes, floor each fraction onto it and
   * hand the whole sub-units the floors dropped to tenants in rotating order, so the shares
   * still sum to the capacity exactly and each is off by less than one sub-unit.
   */
  private void roundToSubGrid(long den) {
    roundedTicks++;
    long factor = MAX_SUB_DENOMINATOR / subDen;
    if (factor > 1) {
      rescaleSub(factor);
    }
    long dropped = 0;
    long extra = 0;
    for (int i = 0; i < tenants; i++) {
      shareSub[i] = Wide.mulDiv(shareNum[i], subDen, den);
      dropped += Wide.mulMod(shareNum[i], subDen, den);
      if (dropped >= den) {
        dropped -= den;
        extra++;
      }
    }
    for (int k = 0; k < tenants && extra > 0; k++) {
      int i = (roundingCursor + k) % tenants;
      if (Wide.mulMod(shareNum[i], subDen, den) != 0) {
        shareSub[i]++;
        extra--;
      }
    }
    roundingCursor = (roundingCursor + 1) % tenants;
  }

  private void rescaleSub(long factor) {
    for (int i = 0; i < tenants; i++) {
      carrySub[i] *= factor;
      shedSub[i] *= factor;
    }
    subDen *= factor;
  }

  private long weightOf(int tenant) {
    return weights == null ? 1 : weights[tenant];
  }

  private void checkTenant(int tenant) {
    Args.inRange("tenant", tenant, 0, tenants - 1L);
  }

  /** Restores a tenant's carry, in whole units; for tests that enumerate pool states. */
  void restoreCarryUnits(int tenant, long units) {
    checkTenant(tenant);
    carryUnits[tenant] = units;
  }

  // ---- Accessors ----

  public int tenants() {
    return tenants;
  }

  public long q() {
    return q;
  }

  public long maxTokensPerTick() {
    return maxTokensPerTick;
  }

  public OversubscriptionPolicy policy() {
    return policy;
  }

  public ServiceOrder serviceOrder() {
    return serviceOrder;
  }

  /** Ticks run so far. */
  public long ticks() {
    return ticks;
  }

  public long planUnits(int tenant) {
    checkTenant(tenant);
    return planUnits[tenant];
  }

  public long weight(int tenant) {
    checkTenant(tenant);
    return weightOf(tenant);
  }

  /** Whole units of the tenant's carry; the exact carry adds carrySubUnits / subDenominator. */
  public long carryUnits(int tenant) {
    checkTenant(tenant);
    return carryUnits[tenant];
  }

  /** The carry's part below one unit, over {@link #subUnitDenominator()}; 0 on the grid. */
  public long carrySubUnits(int tenant) {
    checkTenant(tenant);
    return carrySub == null ? 0 : carrySub[tenant];
  }

  /** Denominator of the sub-unit parts: 1 until an oversubscribed tick scales off the grid. */
  public long subUnitDenominator() {
    return subDen;
  }

  /**
   * Oversubscribed ticks whose shares had to be rounded on the sub-unit grid because the lcm
   * of their denominators passed 2^61; each such tick moves a share by less than one
   * sub-unit. Zero means every carry so far is exact.
   */
  public long roundedTicks() {
    return roundedTicks;
  }

  /** Whole units of plan the policy shed from this tenant so far; add shedSubUnits / den. */
  public long shedUnits(int tenant) {
    checkTenant(tenant);
    return shedUnits == null ? 0 : shedUnits[tenant];
  }

  /** The shed's part below one unit, over {@link #subUnitDenominator()}. */
  public long shedSubUnits(int tenant) {
    checkTenant(tenant);
    return shedSub == null ? 0 : shedSub[tenant];
  }

  /** The plan shed from this tenant so far, in tokens, for display. */
  public double shedTokens(int tenant) {
    return (shedUnits(tenant) + (double) shedSubUnits(tenant) / subDen) / q;
  }
}
