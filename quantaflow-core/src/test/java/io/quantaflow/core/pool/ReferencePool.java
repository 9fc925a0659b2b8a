package io.quantaflow.core.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A slow, obviously-correct model of a pool: carries are exact rationals (in units), the
 * scaling policies are computed on rationals, and tokens are handed out one at a time.
 * Also models the rules the real pool refuses to offer: one token per tenant per tick.
 */
final class ReferencePool {

  enum Order { LARGEST_FIRST, FIXED_ORDER, ONE_TOKEN_PER_TICK }

  private final int n;
  private final long q;
  private final OversubscriptionPolicy policy;
  private final Order order;
  final Frac[] carry;
  final Frac[] shed;
  final long[] weights;
  Frac[] lastShares;

  ReferencePool(int n, long q, OversubscriptionPolicy policy, Order order) {
    this.n = n;
    this.q = q;
    this.policy = policy;
    this.order = order;
    this.carry = new Frac[n];
    this.shed = new Frac[n];
    this.weights = new long[n];
    for (int i = 0; i < n; i++) {
      carry[i] = Frac.ZERO;
      shed[i] = Frac.ZERO;
      weights[i] = 1;
    }
  }

  /** Runs one tick; returns the tokens of each tenant. */
  long[] tick(long[] plans, long capacity) {
    Frac[] shares = shares(plans, capacity);
    lastShares = shares;
    for (int i = 0; i < n; i++) {
      carry[i] = carry[i].add(shares[i]);
      shed[i] = shed[i].add(Frac.of(plans[i]).sub(shares[i]));
    }
    long[] tokens = new long[n];
    Frac one = Frac.of(q);
    long left = capacity;
    if (order == Order.FIXED_ORDER) {
      for (int i = 0; i < n && left > 0; i++) {
        long take = Math.min(left, carry[i].div(q).floor());
        carry[i] = carry[i].sub(Frac.of(take * q));
        tokens[i] = take;
        left -= take;
      }
      return tokens;
    }
    while (left > 0) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        boolean eligible = carry[i].compareTo(one) >= 0
            && (order != Order.ONE_TOKEN_PER_TICK || tokens[i] == 0);
        if (eligible && (best < 0 || carry[i].compareTo(carry[best]) > 0)) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      carry[best] = carry[best].sub(one);
      tokens[best]++;
      left--;
    }
    return tokens;
  }

  private Frac[] shares(long[] plans, long capacity) {
    Frac[] shares = new Frac[n];
    long total = 0;
    for (long plan : plans) {
      total += plan;
    }
    long capacityUnits = capacity * q;
    if (total <= capacityUnits || policy == OversubscriptionPolicy.UNSCALED) {
      for (int i = 0; i < n; i++) {
        shares[i] = Frac.of(plans[i]);
      }
      return shares;
    }
    if (policy == OversubscriptionPolicy.PROPORTIONAL) {
      for (int i = 0; i < n; i++) {
        shares[i] = Frac.of(plans[i]).times(capacityUnits).div(total);
      }
      return shares;
    }
    long[] w = policy == OversubscriptionPolicy.WEIGHTED_MAX_MIN ? weights : ones();
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparing(i -> Frac.of(plans[i], w[i])));
    Frac rest = Frac.of(capacityUnits);
    long openWeight = 0;
    for (long wi : w) {
      openWeight += wi;
    }
    int k = 0;
    for (; k < n; k++) {
      int i = idx.get(k);
      Frac level = rest.div(openWeight);
      if (Frac.of(plans[i], w[i]).compareTo(level) > 0) {
        break;
      }
      rest = rest.sub(Frac.of(plans[i]));
      openWeight -= w[i];
      shares[i] = Frac.of(plans[i]);
    }
    Frac level = rest.div(openWeight);
    for (; k < n; k++) {
      int i = idx.get(k);
      shares[i] = level.times(w[i]);
    }
    return shares;
  }

  private long[] ones() {
    long[] w = new long[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }
}
