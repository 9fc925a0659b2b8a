package io.quantaflow.redis;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Redis store's meters: Redis errors by kind, requests answered by the failure policy
 * (and why), script reloads after NOSCRIPT, and the circuit breaker's state
 * (0 closed, 1 open, 2 half-open).
 */
final class RedisStoreMetrics {

  enum ErrorKind { TIMEOUT, CONNECTION, REDIS, OTHER }

  enum PolicyCause { REDIS_ERROR, BREAKER_OPEN }

  private final Counter[] errors = new Counter[ErrorKind.values().length];
  private final Counter[][] policyDecisions =
      new Counter[FailurePolicy.values().length][PolicyCause.values().length];
  private final Counter scriptReloads;

  RedisStoreMetrics(MeterRegistry registry, CircuitBreaker breaker) {
    for (ErrorKind kind : ErrorKind.values()) {
      errors[kind.ordinal()] = Counter.builder("quantaflow.redis.errors")
          .description("Redis calls that failed or timed out")
          .tag("kind", lower(kind))
          .register(registry);
    }
    for (FailurePolicy policy : FailurePolicy.values()) {
      for (PolicyCause cause : PolicyCause.values()) {
        policyDecisions[policy.ordinal()][cause.ordinal()] =
            Counter.builder("quantaflow.redis.policy.decisions")
                .description("Requests answered by the failure policy instead of Redis")
                .tag("policy", lower(policy))
                .tag("cause", lower(cause))
                .register(registry);
      }
    }
    scriptReloads = Counter.builder("quantaflow.redis.script.reloads")
        .description("EVALSHA answered NOSCRIPT and the script was sent again")
        .register(registry);
    Gauge.builder("quantaflow.redis.breaker.state", breaker, b -> b.state().ordinal())
        .description("Circuit breaker: 0 closed, 1 open, 2 half-open")
        .register(registry);
  }

  void error(ErrorKind kind) {
    errors[kind.ordinal()].increment();
  }

  void policyDecision(FailurePolicy policy, PolicyCause cause) {
    policyDecisions[policy.ordinal()][cause.ordinal()].increment();
  }

  void scriptReload() {
    scriptReloads.increment();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
