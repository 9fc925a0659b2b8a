package io.quantaflow.bench;

/** One limiter for one key, behind the single call each benchmark measures. */
@FunctionalInterface
interface Decider {

  /** Asks for one token now; true when it was granted. */
  boolean tryAcquire();
}
