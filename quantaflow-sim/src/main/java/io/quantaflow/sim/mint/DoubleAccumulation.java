package io.quantaflow.sim.mint;

/** See {@link MintAlgorithm#DOUBLE_ACCUMULATION}. */
final class DoubleAccumulation implements Minter {

  private final double q;
  private double totalTokens;
  private long mintedTokens;

  DoubleAccumulation(long q) {
    this.q = q;
  }

  @Override
  public long mint(long planUnits) {
    totalTokens += planUnits / q;
    long due = (long) Math.floor(totalTokens) - mintedTokens;
    if (due <= 0) {
      return 0;
    }
    mintedTokens += due;
    return due;
  }
}
