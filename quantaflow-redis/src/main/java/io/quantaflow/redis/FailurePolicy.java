package io.quantaflow.redis;

/**
 * What the Redis store answers when Redis cannot: it is down, slower than the timeout, or
 * the circuit breaker is open.
 */
public enum FailurePolicy {

  /** Admit the request: availability over the limit. */
  FAIL_OPEN,

  /** Deny the request: the limit over availability. */
  FAIL_CLOSED
}
