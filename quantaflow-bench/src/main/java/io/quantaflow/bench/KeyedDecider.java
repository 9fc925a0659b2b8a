package io.quantaflow.bench;

/** Many tenants, each with its own limiter, behind the single call each benchmark measures. */
@FunctionalInterface
interface KeyedDecider {

  /** Asks for one token for {@code tenant} now; true when it was granted. */
  boolean tryAcquire(String tenant);
}
