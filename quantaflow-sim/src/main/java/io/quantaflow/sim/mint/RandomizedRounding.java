package io.quantaflow.sim.mint;

import io.quantaflow.sim.Random64;

/** See {@link MintAlgorithm#RANDOMIZED_ROUNDING}. */
final class RandomizedRounding implements Minter {

  private final long q;
  private final Random64 random;

  RandomizedRounding(long q, long seed) {
    this.q = q;
    // A stream of its own: the rand scenario draws from --seed itself, and sharing that
    // stream made each rounding draw the plan's own draw mod q, biased low.
    this.random = new Random64(new Random64(~seed).nextLong());
  }

  @Override
  public long mint(long planUnits) {
    long whole = planUnits / q;
    long fractionUnits = planUnits % q;
    // One more token with probability fractionUnits / q, decided in exact integers.
    return fractionUnits > 0 && random.nextLong(q) < fractionUnits ? whole + 1 : whole;
  }
}
