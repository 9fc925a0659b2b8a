package io.quantaflow.sim.mint;

/** See {@link MintAlgorithm#TOKEN_BUCKET_FLOAT}. */
final class TokenBucketFloat implements Minter {

  private final double q;
  private final double capacityTokens;
  private double levelTokens;

  TokenBucketFloat(long q, long capacityTokens) {
    this.q = q;
    this.capacityTokens = capacityTokens;
  }

  @Override
  public long mint(long planUnits) {
    levelTokens = Math.min(capacityTokens, levelTokens + planUnits / q);
    // The level stays below M + 1, so this takes at most M; the cap guards rounding.
    long taken = Math.min((long) capacityTokens - 1, (long) Math.floor(levelTokens));
    levelTokens -= taken;
    return taken;
  }
}
