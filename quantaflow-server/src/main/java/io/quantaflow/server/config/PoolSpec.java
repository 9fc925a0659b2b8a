package io.quantaflow.server.config;

/**
 * A shared capacity: every request that a rule naming this pool admits also takes tokens from
 * one bucket shared by all keys of all such rules, within the same all-or-nothing decision.
 *
 * <p>Warning: this is a shared bucket, not the engine's coupled mint with largest-deficit-first
 * fairness; under contention the pool admits whoever asks first.
 */
public record PoolSpec(String name, String rateText, GridPlan plan, long burstTokens, int line) {}
