package io.quantaflow.core.pool;

/**
 * Drives a pool tick by tick and keeps, per tenant, the tokens of every tick and the exact
 * prefix deviation D = (plan so far) - q * (tokens so far), in units; D_0 = 0.
 */
final class PoolRun {

  final CapacityPool pool;
  final long[] totalTokens;
  final Frac[] deviation;
  final Frac[] maxDeviation;
  final Frac[] minDeviation;
  long maxMintedInTick;
  final StringBuilder transcript = new StringBuilder();

  PoolRun(CapacityPool pool) {
    this.pool = pool;
    int n = pool.tenants();
    totalTokens = new long[n];
    deviation = new Frac[n];
    maxDeviation = new Frac[n];
    minDeviation = new Frac[n];
    for (int i = 0; i < n; i++) {
      deviation[i] = Frac.ZERO;
      maxDeviation[i] = Frac.ZERO;
      minDeviation[i] = Frac.ZERO;
    }
  }

  /** Runs one tick against the plans given (raw plans count toward D). */
  long[] tick(long capacity, long... plans) {
    pool.setPlans(plans);
    return tickAgainst(capacity, rawPlans(plans));
  }

  /** Runs one tick with the pool's current plans; D counts against {@code planForD}. */
  long[] tickAgainst(long capacity, Frac[] planForD) {
    int n = pool.tenants();
    long[] tokens = new long[n];
    long minted = pool.tick(capacity, (tenant, count) -> tokens[tenant] += count);
    maxMintedInTick = Math.max(maxMintedInTick, minted);
    StringBuilder who = new StringBuilder();
    for (int i = 0; i < n; i++) {
      totalTokens[i] += tokens[i];
      deviation[i] = deviation[i].add(planForD[i]).sub(Frac.of(pool.q() * tokens[i]));
      maxDeviation[i] = maxDeviation[i].max(deviation[i]);
      minDeviation[i] = deviation[i].compareTo(minDeviation[i]) < 0
          ? deviation[i] : minDeviation[i];
      for (long t = 0; t < tokens[i]; t++) {
        who.append(i + 1);
      }
    }
    transcript.append(transcript.length() == 0 ? "" : ",").append(who.length() == 0 ? "-" : who);
    return tokens;
  }

  /** Worst window error of a tenant in tokens: max minus min of its prefix deviation. */
  Frac windowTokens(int tenant) {
    return maxDeviation[tenant].sub(minDeviation[tenant]).div(pool.q());
  }

  Frac worstWindowTokens() {
    Frac worst = Frac.ZERO;
    for (int i = 0; i < pool.tenants(); i++) {
      worst = worst.max(windowTokens(i));
    }
    return worst;
  }

  /** The exact carry of a tenant, in units. */
  static Frac carry(CapacityPool pool, int tenant) {
    return Frac.of(pool.carryUnits(tenant))
        .add(Frac.of(pool.carrySubUnits(tenant), pool.subUnitDenominator()));
  }

  static Frac[] rawPlans(long... plans) {
    Frac[] out = new Frac[plans.length];
    for (int i = 0; i < plans.length; i++) {
      out[i] = Frac.of(plans[i]);
    }
    return out;
  }
}
