package io.quantaflow.sim.mint;

/** See {@link MintAlgorithm#DOUBLE_ACCUMULATION}. */
final class DoubleAccumulation implements Minter {

  private final double q;
  private double totalTokens;
  private long mintedTokens;

  private final long maxTokensPerTick;

  DoubleAccumulation(long q, long maxTokensPerTick) {
    this.q = q;
    this.maxTokensPerTick = maxTokensPerTick;
  }

  @Override
  public long mint(long planUnits) {
    totalTokens += planUnits / q;
    // Rounding may make more than M due at once; a tick hands out at most M.
    long due = Math.min(maxTokensPerTick, (long) Math.floor(totalTokens) - mintedTokens);
    if (due <= 0) {
      return 0;
    }
    mintedTokens += due;
    return due;
  }
}
