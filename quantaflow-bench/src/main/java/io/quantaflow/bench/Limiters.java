package io.quantaflow.bench;

import io.quantaflow.core.ExactRate;
import io.quantaflow.core.Limit;
import io.quantaflow.core.Limiter;
import io.quantaflow.core.TenantTable;
import java.time.Duration;

/** Builds the limiter a benchmark parameter names: QuantaFlow's own, or a peer's. */
final class Limiters {

  static final String QUANTAFLOW = "quantaflow";

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration TICK = Duration.ofMillis(1);

  private Limiters() {}

  /**
   * QuantaFlow's limit for "R per second, burst R": R / 1000 tokens per 1 ms tick (the
   * default tick), exact, and a bank of R tokens, the same burst the peers get.
   */
  static Limit quantaflowLimit(long ratePerSecond) {
    return Limit.of(ExactRate.perPeriod(ratePerSecond, SECOND, TICK), ratePerSecond, TICK);
  }

  static Decider single(String implementation, long ratePerSecond) {
    if (QUANTAFLOW.equals(implementation)) {
      Limiter limiter = new Limiter(quantaflowLimit(ratePerSecond));
      return () -> limiter.tryAcquire().allowed();
    }
    return Peers.single(implementation, ratePerSecond);
  }

  static KeyedDecider keyed(String implementation, long ratePerSecond) {
    if (QUANTAFLOW.equals(implementation)) {
      TenantTable table = TenantTable.builder(quantaflowLimit(ratePerSecond)).build();
      return tenant -> table.tryAcquire(tenant).allowed();
    }
    return Peers.keyed(implementation, ratePerSecond);
  }
}
