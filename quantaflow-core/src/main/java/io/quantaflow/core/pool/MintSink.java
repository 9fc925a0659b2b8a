package io.quantaflow.core.pool;

/**
 * Receives the tokens a pool minted in one tick: once per tenant that got any, by index.
 * Called inside {@link CapacityPool#tick(long, MintSink)} after the carries are updated; it
 * must not call back into the pool or throw.
 */
@FunctionalInterface
public interface MintSink {

  /** A sink that drops the report, for callers that only want the total. */
  MintSink NONE = (tenant, tokens) -> { };

  /** Called with {@code tokens >= 1} for {@code tenant}; tenants arrive in ascending order. */
  void minted(int tenant, long tokens);
}
