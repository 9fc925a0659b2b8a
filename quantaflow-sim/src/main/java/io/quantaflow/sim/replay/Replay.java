package io.quantaflow.sim.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays timed requests through every admission algorithm, each tenant with its own state,
 * and counts per algorithm and tenant: admitted, denied, false throttles, over-admissions
 * and violations of QuantaFlow's window bound (see {@link TenantOutcome} for the exact
 * definitions). Memory grows with the number of tenants, never with the number of requests.
 *
 * <p>Times that go backwards in the trace are taken as the latest time seen so far (the
 * request is replayed at that time) and counted in {@link #reorderedRequests()}.
 *
 * <p>Ticks count from midnight (UTC, for Unix times) of the first request's day, so fixed
 * windows line up with the wall clock as deployed ones do, and products like tick * x_q
 * stay small.
 */
public final class Replay {

  private final List<AdmitAlgorithm> algorithms;
  private final TenantPlans plans;
  private final Map<String, Tenant> tenants = new LinkedHashMap<>();
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private long originNanos;
  private long firstNanos;
  private long latestNanos;
  private long requests;
  private long reorderedRequests;

  /** A replay in which every tenant has the limit {@code settings}. */
  public Replay(List<AdmitAlgorithm> algorithms, AdmitSettings settings) {
    this(algorithms, TenantPlans.uniform(settings));
  }

  /** A replay in which each tenant has the limit {@code plans} gives it. */
  public Replay(List<AdmitAlgorithm> algorithms, TenantPlans plans) {
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("algorithms must name at least one (got none)");
    }
    this.algorithms = List.copyOf(algorithms);
    this.plans = plans;
  }

  /** Replays every request of {@code trace}. */
  public void run(TraceReader trace) {
    while (trace.hasNext()) {
      accept(trace.next());
    }
  }

  /** Replays one request; requests must come in trace order. */
  public void accept(TraceRequest request) {
    long timeNanos = request.timeNanos();
    if (requests == 0) {
      originNanos = Math.floorDiv(timeNanos, NANOS_PER_DAY) * NANOS_PER_DAY;
      firstNanos = timeNanos;
      latestNanos = timeNanos;
    } else if (timeNanos < latestNanos) {
      reorderedRequests++;
      timeNanos = latestNanos;
    }
    latestNanos = timeNanos;
    requests++;

    long nowNanos = Math.subtractExact(timeNanos, originNanos);
    tenants.computeIfAbsent(request.tenant(), name -> new Tenant(plans.forTenant(name)))
        .accept(nowNanos, request.cost());
  }

  public long requests() {
    return requests;
  }

  public long reorderedRequests() {
    return reorderedRequests;
  }

  public int tenantCount() {
    return tenants.size();
  }

  /** Time from the first request to the last, in nanoseconds. */
  public long spanNanos() {
    return latestNanos - firstNanos;
  }

  public List<AdmitAlgorithm> algorithms() {
    return algorithms;
  }

  /** Sums over all tenants, per algorithm, in the order the algorithms were given. */
  public Map<AdmitAlgorithm, TenantOutcome> totals() {
    Map<AdmitAlgorithm, TenantOutcome> totals = new EnumMap<>(AdmitAlgorithm.class);
    for (AdmitAlgorithm algorithm : algorithms) {
      totals.put(algorithm, TenantOutcome.ZERO);
    }
    for (Tenant tenant : tenants.values()) {
      for (int i = 0; i < algorithms.size(); i++) {
        totals.merge(algorithms.get(i), tenant.lanes[i].outcome(), TenantOutcome::plus);
      }
    }
    return totals;
  }

  /** How many tenants had at least one false throttle / over-admission, per algorithm. */
  public Map<AdmitAlgorithm, long[]> tenantsAffected() {
    Map<AdmitAlgorithm, long[]> affected = new EnumMap<>(AdmitAlgorithm.class);
    for (int i = 0; i < algorithms.size(); i++) {
      long falselyThrottled = 0;
      long overAdmitted = 0;
      for (Tenant tenant : tenants.values()) {
        TenantOutcome outcome = tenant.lanes[i].outcome();
        falselyThrottled += outcome.falseThrottles() > 0 ? 1 : 0;
        overAdmitted += outcome.overAdmissions() > 0 ? 1 : 0;
      }
      affected.put(algorithms.get(i), new long[] {falselyThrottled, overAdmitted});
    }
    return affected;
  }

  /** Per tenant, in order of first appearance: each algorithm's outcome. */
  public Map<String, Map<AdmitAlgorithm, TenantOutcome>> perTenant() {
    Map<String, Map<AdmitAlgorithm, TenantOutcome>> result = new LinkedHashMap<>();
    for (Map.Entry<String, Tenant> entry : tenants.entrySet()) {
      Map<AdmitAlgorithm, TenantOutcome> row = new EnumMap<>(AdmitAlgorithm.class);
      for (int i = 0; i < algorithms.size(); i++) {
        row.put(algorithms.get(i), entry.getValue().lanes[i].outcome());
      }
      result.put(entry.getKey(), Collections.unmodifiableMap(row));
    }
    return Collections.unmodifiableMap(result);
  }

  private final class Tenant {
    private final AdmitSettings settings;
    private final WindowCheck demand;
    private final Lane[] lanes = new Lane[algorithms.size()];

    Tenant(AdmitSettings settings) {
      this.settings = settings;
      this.demand = new WindowCheck(settings.q(), settings.planUnits());
      for (int i = 0; i < lanes.length; i++) {
        lanes[i] = new Lane(algorithms.get(i).admitter(settings), settings);
      }
    }

    void accept(long nowNanos, long cost) {
      long tick = Math.floorDiv(nowNanos, settings.tickNanos());
      demand.at(tick);
      demand.count(cost);
      // A zero plan grants nothing, burst included (the bank of a zero plan never fills),
      // so no denial of it is false.
      boolean demandWithinPlan = settings.planUnits() > 0
          && demand.worstExcessUnits() <= Math.multiplyExact(settings.burstTokens(), settings.q());
      for (Lane lane : lanes) {
        lane.accept(tick, nowNanos, cost, demandWithinPlan);
      }
    }
  }

  private static final class Lane {
    private final Admitter admitter;
    private final AdmitSettings settings;
    private final WindowCheck admittedCheck;
    private long requestCount;
    private long admitted;
    private long falseThrottles;
    private long overAdmissions;
    private long boundViolations;

    Lane(Admitter admitter, AdmitSettings settings) {
      this.admitter = admitter;
      this.settings = settings;
      this.admittedCheck = new WindowCheck(settings.q(), settings.planUnits());
    }

    void accept(long tick, long nowNanos, long cost, boolean demandWithinPlan) {
      requestCount++;
      admittedCheck.at(tick);
      if (!admitter.admit(tick, nowNanos, cost)) {
        falseThrottles += demandWithinPlan ? 1 : 0;
        return;
      }
      admitted++;
      admittedCheck.count(cost);

      if (settings.planUnits() == 0) {
        // A zero plan's envelope is zero: every admitted request is beyond it.
        overAdmissions++;
        boundViolations++;
        return;
      }
      long q = settings.q();
      long excessUnits = admittedCheck.worstExcessUnits();
      long burstUnits = Math.multiplyExact(settings.burstTokens(), q);
      if (excessUnits > burstUnits + q) {
        overAdmissions++;
      }
      if (excessUnits > burstUnits + q - 1) {
        boundViolations++;
      }
    }

    TenantOutcome outcome() {
      return new TenantOutcome(requestCount, admitted, requestCount - admitted,
          falseThrottles, overAdmissions, boundViolations);
    }
  }
}
