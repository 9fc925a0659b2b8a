package io.quantaflow.server;

import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Limit;
import io.quantaflow.core.Schedule;
import io.quantaflow.server.config.ConfigError;
import io.quantaflow.server.config.PoolSpec;
import io.quantaflow.server.config.RateLimitConfig;
import io.quantaflow.server.config.RateLimitRule;
import io.quantaflow.server.config.ScheduleSpec;
import io.quantaflow.server.store.RateLimitStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** A configuration with an engine {@link Limit} built for every rule and pool. Immutable. */
public final class CompiledConfig {

  private final RateLimitConfig config;
  private final Map<RateLimitRule, Limit> limits = new IdentityHashMap<>();
  private final Map<String, Limit> poolLimits = new HashMap<>();
  private final Map<String, String> poolFingerprints = new HashMap<>();

  public CompiledConfig(RateLimitConfig config) {
    this.config = config;
    for (RateLimitRule rule : config.rules()) {
      limits.put(rule, limitOf(rule));
    }
    for (PoolSpec pool : config.pools().values()) {
      poolLimits.put(pool.name(), Limit.of(
          ConstantPlan.of(pool.plan().q(), pool.plan().planUnits()), pool.burstTokens(),
          pool.plan().tickNanos()));
      poolFingerprints.put(pool.name(), pool.plan().q() + "." + pool.plan().planUnits() + "."
          + pool.burstTokens() + "." + pool.plan().tickNanos());
    }
  }

  static Limit limitOf(RateLimitRule rule) {
    if (rule.unlimited()) {
      return Limit.unlimited();
    }
    long q = rule.plan().q();
    long tickNanos = rule.plan().tickNanos();
    ScheduleSpec s = rule.schedule();
    if (s == null) {
      return Limit.of(ConstantPlan.of(q, rule.plan().planUnits()), rule.burstTokens(), tickNanos);
    }
    List<ScheduleSpec.Segment> segs = s.segments();
    long[] ticks = new long[segs.size()];
    long[] units = new long[segs.size()];
    for (int i = 0; i < segs.size(); i++) {
      long end = i + 1 < segs.size() ? segs.get(i + 1).startNanos() : s.periodNanos();
      ticks[i] = (end - segs.get(i).startNanos()) / tickNanos;
      units[i] = segs.get(i).planUnits();
    }
    // Origin 0: the period starts at the clock's origin (the Unix epoch for the system clock).
    return Limit.of(Schedule.of(q, ticks, units), rule.burstTokens(), tickNanos);
  }

  /**
   * The rules {@code store} cannot run, one error per rule at the rule's file and line; a rule
   * drawing from a pool the store cannot run is reported the same way. Empty when all fit.
   */
  public List<ConfigError> unsupportedBy(RateLimitStore store) {
    List<ConfigError> errors = new ArrayList<>();
    for (RateLimitRule rule : config.rules()) {
      String problem = problem(store, limits.get(rule));
      if (problem == null && rule.pool() != null) {
        problem = problem(store, poolLimits.get(rule.pool().name()));
        if (problem != null) {
          problem = "its pool '" + rule.pool().name() + "': " + problem;
        }
      }
      if (problem != null) {
        errors.add(new ConfigError(rule.file(), rule.line(),
            "rule " + rule.id() + " cannot run on this store: " + problem));
      }
    }
    return errors;
  }

  private static String problem(RateLimitStore store, Limit limit) {
    if (limit == null) {
      return null;
    }
    try {
      store.checkLimit(limit);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  public RateLimitConfig config() {
    return config;
  }

  Limit limit(RateLimitRule rule) {
    return limits.get(rule);
  }

  Limit poolLimit(String name) {
    return poolLimits.get(name);
  }

  String poolFingerprint(String name) {
    return poolFingerprints.get(name);
  }
}
