package io.quantaflow.core.pool;

/**
 * How a pool scales the plans of a tick whose plans sum to more than its capacity. The
 * scaled plans sum to exactly the capacity; the pool then mints on them as usual and
 * reports, per tenant, how much plan the policy shed.
 */
public enum OversubscriptionPolicy {

  /**
   * Max-min fair (water-filling), the default: a level L such that every tenant gets
   * min(plan, L) and the shares sum to the capacity. Small tenants keep their whole plan.
   */
  MAX_MIN_FAIR,

  /** Weighted max-min: every tenant gets min(plan, weight * L). Weights default to 1. */
  WEIGHTED_MAX_MIN,

  /** Every plan is multiplied by capacity / (sum of plans). */
  PROPORTIONAL,

  /**
   * No scaling: largest deficit first runs on the raw plans.
   *
   * <p>Warning: kept for comparison only. Small tenants are starved (they never hold the
   * largest carry) and the large tenants' carries grow without bound.
   */
  UNSCALED
}
