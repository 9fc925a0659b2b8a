package io.quantaflow.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every state a small pool can reach, from all-zero carries, under every plan vector whose
 * sum fits the capacity: a closed set found by breadth-first search. Each transition is
 * also checked against the rule as written, one token at a time.
 */
final class CapacityPoolExhaustiveTest {

  @ParameterizedTest(name = "n={0} q={1} capacities={2} reaches {3} units, selection {4}")
  @CsvSource({
      "2, 2, 1;2;3, 2, 1",
      "2, 2, 1;2;3, 2, 2",
      "2, 3, 1;2, 3, 2",
      "3, 2, 1, 2, 1",
      "3, 3, 1;2, 4, 1",
      "3, 6, 1, 10, 2",
      "3, 6, 2, 10, 1",
      "4, 4, 1, 7, 2"
  })
  void tick_everyReachableState_staysWithinHarmonicBound(
      int n, long q, String capacityList, long expectedMaxUnits, int selection) {
    long[] capacities = Arrays.stream(capacityList.split(";")).mapToLong(Long::parseLong)
        .toArray();
    long maxCapacity = Arrays.stream(capacities).max().orElseThrow();
    CapacityPool pool = CapacityPool.builder(n, q).maxTokensPerTick(maxCapacity).build();
    pool.forceSelection(selection);
    Frac boundUnits = Frac.harmonic(n).times(q).sub(Frac.of(1));

    Set<List<Long>> seen = new HashSet<>();
    ArrayDeque<long[]> frontier = new ArrayDeque<>();
    frontier.add(new long[n]);
    seen.add(asList(new long[n]));
    long maxUnits = 0;
    while (!frontier.isEmpty()) {
      long[] state = frontier.poll();
      for (long capacity : capacities) {
        for (long[] plans : plansUpTo(n, capacity * q)) {
          long[] next = step(pool, state, plans, capacity, q);
          for (long units : next) {
            maxUnits = Math.max(maxUnits, units);
          }
          if (seen.add(asList(next))) {
            frontier.add(next);
          }
        }
      }
    }

    assertThat(Frac.of(maxUnits)).isLessThanOrEqualTo(boundUnits);
    // The largest carry actually reached; where q * H_n is whole this is the bound itself.
    assertThat(maxUnits).isEqualTo(expectedMaxUnits);
  }

  private static long[] step(CapacityPool pool, long[] state, long[] plans, long capacity,
      long q) {
    int n = state.length;
    for (int i = 0; i < n; i++) {
      pool.restoreCarryUnits(i, state[i]);
    }
    pool.setPlans(plans);
    long[] tokens = new long[n];

    long minted = pool.tick(capacity, (tenant, count) -> tokens[tenant] += count);

    // Plain comparisons here (hundreds of thousands of transitions); AssertJ on a mismatch.
    long[] next = new long[n];
    long[] expected = oneAtATime(state, plans, capacity, q, next);
    boolean same = minted <= capacity && Arrays.equals(tokens, expected);
    for (int i = 0; i < n; i++) {
      same &= pool.carryUnits(i) == next[i];
    }
    if (!same) {
      assertThat(tokens).as("from %s with plans %s and capacity %d",
          Arrays.toString(state), Arrays.toString(plans), capacity).containsExactly(expected);
      assertThat(minted).isLessThanOrEqualTo(capacity);
      for (int i = 0; i < n; i++) {
        assertThat(pool.carryUnits(i)).isEqualTo(next[i]);
      }
    }
    return next;
  }

  /** The rule as written: one token at a time to the largest carry, ties to the lowest. */
  private static long[] oneAtATime(long[] state, long[] plans, long capacity, long q,
      long[] next) {
    long[] tokens = new long[state.length];
    for (int i = 0; i < state.length; i++) {
      next[i] = state[i] + plans[i];
    }
    for (long left = capacity; left > 0; left--) {
      int best = -1;
      for (int i = 0; i < next.length; i++) {
        if (next[i] >= q && (best < 0 || next[i] > next[best])) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      next[best] -= q;
      tokens[best]++;
    }
    return tokens;
  }

  /** Every vector of n non-negative plans with sum at most totalUnits. */
  private static List<long[]> plansUpTo(int n, long totalUnits) {
    List<long[]> out = new ArrayList<>();
    fill(new long[n], 0, totalUnits, out);
    return out;
  }

  private static void fill(long[] plans, int i, long left, List<long[]> out) {
    if (i == plans.length) {
      out.add(plans.clone());
      return;
    }
    for (long units = 0; units <= left; units++) {
      plans[i] = units;
      fill(plans, i + 1, left - units, out);
    }
  }

  private static List<Long> asList(long[] state) {
    List<Long> list = new ArrayList<>();
    for (long units : state) {
      list.add(units);
    }
    return list;
  }
}
