package io.quantaflow.server.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One configured limit: the descriptor path that leads to it (a null value means "each
 * distinct value separately"), the Envoy fields, and the effective carry-rule plan.
 *
 * @param unit the Envoy unit, or null when the rule is written as a {@code rate}
 * @param requestsPerUnit requests per unit (fractional allowed), or null for a {@code rate}
 * @param plan the effective plan; null when {@code unlimited}
 * @param burstTokens most tokens a key may bank (B)
 */
public record RateLimitRule(
    String domain,
    List<PathEntry> path,
    String file,
    int line,
    String name,
    List<String> replaces,
    boolean unlimited,
    TimeUnitName unit,
    BigDecimal requestsPerUnit,
    String rateText,
    GridPlan plan,
    long burstTokens,
    ScheduleSpec schedule,
    PoolSpec pool,
    boolean shadowMode,
    boolean detailedMetric) {

  /** One level of the path: a key and a value, a value prefix ending in '*', or no value. */
  public record PathEntry(String key, String value) {
    public String text() {
      return value == null ? key : key + "_" + value;
    }
  }

  public RateLimitRule {
    path = List.copyOf(path);
    replaces = List.copyOf(replaces);
  }

  /** Envoy-style metric id: {@code domain.key_value.key}. */
  public String id() {
    StringBuilder sb = new StringBuilder(domain);
    for (PathEntry entry : path) {
      sb.append('.').append(entry.text());
    }
    return sb.toString();
  }

  /**
   * A text that changes whenever the effective limit changes; part of every state key, so that
   * a reload keeps the state of unchanged rules and starts changed rules afresh.
   */
  public String fingerprint() {
    if (unlimited) {
      return "unlimited";
    }
    String base = String.format(Locale.ROOT, "%d.%d.%d.%d",
        plan.q(), plan.planUnits(), burstTokens, plan.tickNanos());
    if (schedule != null) {
      StringBuilder sb = new StringBuilder(base).append(".s").append(schedule.periodNanos());
      for (ScheduleSpec.Segment s : schedule.segments()) {
        sb.append('.').append(s.startNanos()).append('=').append(s.planUnits());
      }
      return sb.toString();
    }
    return base;
  }

  /** Requests per second as a decimal, for headers and logs. */
  public String rateDescription() {
    if (unlimited) {
      return "unlimited";
    }
    String rate = rateText != null
        ? rateText
        : requestsPerUnit.stripTrailingZeros().toPlainString() + "/" + unit.yamlName();
    return String.format(Locale.ROOT, "%s (%s tokens per %s tick, q=%d, burst %d)",
        rate, plan.perTickText(), Durations.format(plan.tickNanos()), plan.q(), burstTokens);
  }
}
