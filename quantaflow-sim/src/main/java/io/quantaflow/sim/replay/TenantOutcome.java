package io.quantaflow.sim.replay;

/**
 * What one algorithm did to one tenant's requests, or, summed, to all tenants'.
 *
 * @param requests requests seen
 * @param admitted requests admitted
 * @param denied requests denied
 * @param falseThrottles denied requests whose tenant's demand, this request included, was
 *     within plan + B in every window ending at it: an exact limiter with the same rate and
 *     burst would have admitted them
 * @param overAdmissions admitted requests that took the tenant's admitted tokens past
 *     plan(W) + B + 1 in some window W ending at them
 * @param boundViolations admitted requests that took them past plan(W) + B + (1 - 1/q),
 *     the bound QuantaFlow proves
 */
public record TenantOutcome(long requests, long admitted, long denied, long falseThrottles,
    long overAdmissions, long boundViolations) {

  static final TenantOutcome ZERO = new TenantOutcome(0, 0, 0, 0, 0, 0);

  TenantOutcome plus(TenantOutcome other) {
    return new TenantOutcome(requests + other.requests, admitted + other.admitted,
        denied + other.denied, falseThrottles + other.falseThrottles,
        overAdmissions + other.overAdmissions, boundViolations + other.boundViolations);
  }
}
