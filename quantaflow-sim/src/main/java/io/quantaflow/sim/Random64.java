package io.quantaflow.sim;

/**
 * A seeded 64-bit generator whose sequence is fixed by its seed on every JVM and machine:
 * the SplitMix64 algorithm (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), the one {@link java.util.SplittableRandom} uses for a single
 * unsplit stream. It is written out here so that the simulator's {@code rand} scenario
 * does not depend on how a JDK version happens to reduce a draw to a bounded range.
 */
public final class Random64 {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  public Random64(long seed) {
    this.state = seed;
  }

  /** Returns the next 64 uniformly distributed bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    long z = state;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * Returns a value drawn uniformly from {@code [0, bound)}, {@code bound >= 1}, by
   * rejecting the top partial block of the 63-bit range so that no value is favoured.
   */
  public long nextLong(long bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1 (got " + bound + ")");
    }
    long blocks = Long.MAX_VALUE / bound;
    long limit = blocks * bound;
    while (true) {
      long draw = nextLong() >>> 1;
      if (draw < limit) {
        return draw % bound;
      }
    }
  }
}
