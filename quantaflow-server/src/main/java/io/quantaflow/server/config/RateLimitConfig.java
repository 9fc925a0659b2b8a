package io.quantaflow.server.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A loaded, validated configuration: domains, their rules and pools. Immutable. */
public final class RateLimitConfig {

  private final String source;
  private final Map<String, DescriptorTree> trees;
  private final List<RateLimitRule> rules;
  private final Map<String, PoolSpec> pools;

  RateLimitConfig(String source, Map<String, DescriptorTree> trees, List<RateLimitRule> rules,
      Map<String, PoolSpec> pools) {
    this.source = source;
    this.trees = Map.copyOf(trees);
    this.rules = List.copyOf(rules);
    this.pools = Map.copyOf(pools);
  }

  public String source() {
    return source;
  }

  /** Domains in name order. */
  public List<String> domains() {
    return List.copyOf(new TreeMap<>(trees).keySet());
  }

  public boolean hasDomain(String domain) {
    return trees.containsKey(domain);
  }

  /** Every rule, in file order. */
  public List<RateLimitRule> rules() {
    return rules;
  }

  public Map<String, PoolSpec> pools() {
    return pools;
  }

  /**
   * Returns the rule that governs one request descriptor, or null when nothing matches (the
   * descriptor is then not limited). Each entry is {key, value}.
   */
  public RateLimitRule match(String domain, List<String[]> entries) {
    DescriptorTree tree = trees.get(domain);
    return tree == null || entries.isEmpty() ? null : tree.match(entries);
  }

  /** {@code "1 rule in 1 domain"}, {@code "3 rules in 2 domains"}. */
  public String summary() {
    return count(rules.size(), "rule") + " in " + count(domains().size(), "domain");
  }

  /** {@code n} and the noun, plural unless n is 1: {@code "1 rule"}, {@code "0 rules"}. */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The effective rules, one per line, as {@code quantaflow check-config} prints them. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (String domain : domains()) {
      sb.append("domain ").append(domain).append('\n');
      for (RateLimitRule r : rules) {
        if (!r.domain().equals(domain)) {
          continue;
        }
        sb.append("  ");
        for (int i = 0; i < r.path().size(); i++) {
          RateLimitRule.PathEntry e = r.path().get(i);
          sb.append(i == 0 ? "" : " / ").append(e.key()).append('=')
              .append(e.value() == null ? "<each value>" : e.value());
        }
        sb.append(": ").append(r.rateDescription());
        if (r.name() != null) {
          sb.append(" name=").append(r.name());
        }
        if (!r.replaces().isEmpty()) {
          sb.append(" replaces=").append(String.join(",", r.replaces()));
        }
        if (r.schedule() != null) {
          sb.append(" schedule period=").append(Durations.format(r.schedule().periodNanos()));
          for (ScheduleSpec.Segment s : r.schedule().segments()) {
            sb.append(" [").append(Durations.format(s.startNanos())).append(' ')
                .append(s.rateText())
                .append(']');
          }
        }
        if (r.pool() != null) {
          sb.append(" pool=").append(r.pool().name());
        }
        if (r.shadowMode()) {
          sb.append(" shadow_mode");
        }
        if (r.detailedMetric()) {
          sb.append(" detailed_metric");
        }
        sb.append("  (").append(r.file()).append(':').append(r.line()).append(")\n");
      }
    }
    for (PoolSpec pool : pools.values()) {
      sb.append("pool ").append(pool.name()).append(": ").append(pool.rateText())
          .append(String.format(java.util.Locale.ROOT, " (%s tokens per %s tick, q=%d, burst %d)",
              pool.plan().perTickText(), Durations.format(pool.plan().tickNanos()),
              pool.plan().q(), pool.burstTokens()))
          .append('\n');
    }
    return sb.toString();
  }
}
