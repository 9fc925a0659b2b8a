package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.util.Arrays;
import java.util.Locale;

/**
 * A periodic, piecewise-constant plan: segment i lasts {@code segmentTicks[i]} ticks and earns
 * {@code planUnits[i]} units at each of them; after the last segment the first starts again.
 *
 * <p>Maintainer's note. Let L be the period in ticks, P the units earned over one period and
 * C(r) the units earned over the first r ticks of a period (0 <= r <= L; C(0) = 0, C(L) = P).
 * Extend it to every m >= 0 as C(m) = floor(m / L) * P + C(m mod L). A tick t sits at
 * position pos(t) = (t - originTick) mod L, and the units earned over k ticks from t are
 * C(pos(t) + k) - C(pos(t)). Because the carry rule's output over an interval depends only
 * on the units earned in it (bank = min(B, bank + floor((E + dS) / q)), E = (E + dS) mod q),
 * catch-up across any number of segments and periods is exact and costs one binary search
 * over the segment starts: O(log segments). The inverse question (the first tick at which a
 * deficit is covered) is a binary search over the prefix sums. docs/math.md, "Schedules",
 * proves the identity and the window bound against the scheduled plan.
 *
 * <p>Field names: {@code starts[i]} is the first position of segment i ({@code starts[n] =
 * L}); {@code prefix[i]} is C(starts[i]) ({@code prefix[n] = P}); {@code rates[i]} is the
 * segment's units per tick. L may be at most 2^62 ticks and P at most 2^61 units so that
 * every intermediate sum fits a {@code long}.
 */
public final class Schedule extends Plan {

  static final long MAX_PERIOD_TICKS = 1L << 62;
  static final long MAX_PERIOD_UNITS = 1L << 61;

  private final long q;
  private final long originTick;
  private final long[] starts;
  private final long[] prefix;
  private final long[] rates;
  private final long maxRate;

  private Schedule(long q, long originTick, long[] starts, long[] prefix, long[] rates) {
    this.q = q;
    this.starts = starts;
    this.prefix = prefix;
    this.rates = rates;
    this.originTick = Math.floorMod(originTick, periodTicks());
    this.maxRate = Arrays.stream(rates).max().orElse(0);
  }

  /**
   * Returns the schedule whose segment i lasts {@code segmentTicks[i]} ticks at
   * {@code planUnits[i]} units per tick, with the first segment starting at tick 0 (with
   * {@link SystemClock}, the Unix epoch: midnight UTC).
   */
  public static Schedule of(long q, long[] segmentTicks, long[] planUnits) {
    return of(q, segmentTicks, planUnits, 0);
  }

  /**
   * Returns the schedule as {@link #of(long, long[], long[])} with its first segment starting
   * at {@code originTick} (and at every whole period before and after it).
   *
   * @throws IllegalArgumentException if q is outside [2, 2^31 - 1], the arrays are empty or of
   *     different lengths, a segment is shorter than one tick, a rate is outside
   *     [0, 2^20 * q], the period exceeds 2^62 ticks or a period earns more than 2^61 units
   */
  public static Schedule of(long q, long[] segmentTicks, long[] planUnits, long originTick) {
    checkQ(q);
    Args.notNull("segmentTicks", segmentTicks);
    Args.notNull("planUnits", planUnits);
    Args.inRange("number of segments", segmentTicks.length, 1, Integer.MAX_VALUE - 1);
    if (planUnits.length != segmentTicks.length) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "planUnits must have one entry per segment (%d segments, got %d)",
          segmentTicks.length, planUnits.length));
    }
    int n = segmentTicks.length;
    long[] starts = new long[n + 1];
    long[] prefix = new long[n + 1];
    long[] rates = planUnits.clone();
    for (int i = 0; i < n; i++) {
      Args.inRange("segmentTicks[" + i + "]", segmentTicks[i], 1, MAX_PERIOD_TICKS);
      checkPlanUnits("planUnits[" + i + "]", rates[i], q);
      starts[i + 1] = Args.inRange("period in ticks (sum of segmentTicks)",
          saturatedAdd(starts[i], segmentTicks[i]), 1, MAX_PERIOD_TICKS);
      long segmentUnits = saturatedMultiply(segmentTicks[i], rates[i]);
      prefix[i + 1] = Args.inRange("plan units per period",
          saturatedAdd(prefix[i], segmentUnits), 0, MAX_PERIOD_UNITS);
    }
    return new Schedule(q, originTick, starts, prefix, rates);
  }

  @Override
  public long q() {
    return q;
  }

  /** Returns L, the period in ticks. */
  public long periodTicks() {
    return starts[starts.length - 1];
  }

  /** Returns P, the plan units earned over one period. */
  public long periodUnits() {
    return prefix[prefix.length - 1];
  }

  /** Returns the number of segments. */
  public int segments() {
    return rates.length;
  }

  /** Returns the tick in [0, L) at which a period starts. */
  public long originTick() {
    return originTick;
  }

  @Override
  public long maxUnitsPerTick() {
    return maxRate;
  }

  @Override
  public long unitsAt(long tick) {
    return rates[segmentOf(position(tick))];
  }

  @Override
  long unitsSaturated(long fromTick, long ticks) {
    long p = position(fromTick);
    long periodTicks = periodTicks();
    // Split p + ticks into whole periods and a remainder without forming the sum.
    long periods = ticks / periodTicks + (p + ticks % periodTicks) / periodTicks;
    long endPosition = (p + ticks % periodTicks) % periodTicks;
    long whole = saturatedMultiply(periods, periodUnits());
    if (whole == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return saturatedAdd(whole - unitsBefore(p), unitsBefore(endPosition));
  }

  @Override
  long unitsModQ(long fromTick, long ticks) {
    long p = position(fromTick);
    long periodTicks = periodTicks();
    long periods = ticks / periodTicks + (p + ticks % periodTicks) / periodTicks;
    long endPosition = (p + ticks % periodTicks) % periodTicks;
    // (periods mod q) * (P mod q) < 2^62 and C(r) <= 2^61: the sum stays below 2^63.
    long whole = (periods % q) * (periodUnits() % q);
    return Math.floorMod(whole + unitsBefore(endPosition) - unitsBefore(p), q);
  }

  @Override
  long ticksUntilUnits(long fromTick, long units) {
    if (units <= 0) {
      return 0;
    }
    long periodUnits = periodUnits();
    if (periodUnits == 0) {
      return Long.MAX_VALUE;
    }
    long p = position(fromTick);

    // Find the smallest m with C(m) >= C(p) + units; the answer is m - p.
    long target = units + unitsBefore(p);
    long periods = target / periodUnits;
    long rest = target % periodUnits;
    if (rest == 0) {
      periods--;
      rest = periodUnits;
    }
    long whole = saturatedMultiply(periods, periodTicks());
    long m = saturatedAdd(whole, firstPositionReaching(rest));
    return m == Long.MAX_VALUE ? Long.MAX_VALUE : m - p;
  }

  /** Returns the position of {@code tick} within its period, in [0, L). */
  long position(long tick) {
    return Math.floorMod(tick - originTick, periodTicks());
  }

  /** Returns C(r): the units earned over the first r ticks of a period, 0 <= r <= L. */
  long unitsBefore(long r) {
    int found = Arrays.binarySearch(starts, r);
    if (found >= 0) {
      return prefix[found];
    }
    int segment = -found - 2;
    return prefix[segment] + (r - starts[segment]) * rates[segment];
  }

  /** Returns the smallest r in [1, L] with C(r) >= units, for 0 < units <= P. */
  private long firstPositionReaching(long units) {
    // Smallest segment i whose end prefix[i + 1] reaches units; then prefix[i] < units.
    int low = 0;
    int high = rates.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (prefix[mid + 1] >= units) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    long missing = units - prefix[low];
    return starts[low] + (missing + rates[low] - 1) / rates[low];
  }

  private int segmentOf(long r) {
    int found = Arrays.binarySearch(starts, r);
    return found >= 0 ? found : -found - 2;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Schedule that
        && q == that.q
        && originTick == that.originTick
        && Arrays.equals(starts, that.starts)
        && Arrays.equals(rates, that.rates);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(rates) * 31 + Arrays.hashCode(starts) + Long.hashCode(originTick);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Schedule[q=").append(q).append(", origin=")
        .append(originTick).append(", segments=");
    for (int i = 0; i < rates.length; i++) {
      text.append(i == 0 ? "" : ",").append(starts[i + 1] - starts[i]).append('x')
          .append(rates[i]);
    }
    return text.append(']').toString();
  }
}
