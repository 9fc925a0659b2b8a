package io.quantaflow.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's metrics, through Micrometer, scraped in Prometheus text format. Per rule
 * (tags {@code domain}, {@code rule}), in hits as Envoy's service counts them:
 * {@code quantaflow_rule_hits_total}, {@code quantaflow_rule_allowed_total},
 * {@code quantaflow_rule_over_limit_total}, {@code quantaflow_rule_near_limit_total} (allowed
 * with less than 20% of the burst left), {@code quantaflow_rule_shadow_mode_total} (over the
 * limit but answered OK). Per API: {@code quantaflow_request_seconds} (histogram) and
 * {@code quantaflow_request_errors_total}. Reloads: {@code quantaflow_config_reloads_total}
 * with {@code result=success|failure}.
 */
public final class ServerMetrics {

  private record RuleCounters(Counter hits, Counter allowed, Counter over, Counter near,
      Counter shadow) {}

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, RuleCounters> rules = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter reloadSuccess;
  private final Counter reloadFailure;

  public ServerMetrics() {
    reloadSuccess = Counter.builder("quantaflow.config.reloads").tag("result", "success")
        .description("Configuration reloads").register(registry);
    reloadFailure = Counter.builder("quantaflow.config.reloads").tag("result", "failure")
        .description("Configuration reloads").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts {@code hits} for a rule's decision. */
  public void countRule(String domain, String rule, long hits, boolean over, boolean near,
      boolean shadow) {
    RuleCounters c = rules.computeIfAbsent(domain + "\u0000" + rule, k -> create(domain, rule));
    c.hits().increment(hits);
    if (over) {
      c.over().increment(hits);
    } else {
      c.allowed().increment(hits);
    }
    if (near) {
      c.near().increment(hits);
    }
    if (shadow) {
      c.shadow().increment(hits);
    }
  }

  private RuleCounters create(String domain, String rule) {
    return new RuleCounters(
        counter("quantaflow.rule.hits", "Hits asked of the rule", domain, rule),
        counter("quantaflow.rule.allowed", "Hits admitted", domain, rule),
        counter("quantaflow.rule.over.limit", "Hits over the limit", domain, rule),
        counter("quantaflow.rule.near.limit", "Hits admitted with under 20% of the burst left",
            domain, rule),
        counter("quantaflow.rule.shadow.mode", "Over-limit hits answered OK (shadow mode)",
            domain, rule));
  }

  private Counter counter(String name, String help, String domain, String rule) {
    return Counter.builder(name).description(help).tag("domain", domain).tag("rule", rule)
        .register(registry);
  }

  /** Records one request's latency for {@code api} (grpc, http_json, http_proxy). */
  public void recordLatency(String api, long nanos) {
    timers.computeIfAbsent(api, a -> Timer.builder("quantaflow.request")
        .tag("api", a)
        .description("Time to answer a rate-limit request")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry)).record(Duration.ofNanos(nanos));
  }

  /** Counts a request that was rejected as invalid or failed. */
  public void countError(String api, String kind) {
    Counter.builder("quantaflow.request.errors").tag("api", api).tag("kind", kind)
        .description("Requests answered with an error, by API and kind (invalid, too_large,"
            + " unavailable)")
        .register(registry).increment();
  }

  public void reloadSucceeded() {
    reloadSuccess.increment();
  }

  public void reloadFailed() {
    reloadFailure.increment();
  }

  /** Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
