package io.quantaflow.sim.mint;

import java.math.BigInteger;

/** Exact integer helpers of the minting models. */
final class Windows {

  private Windows() {}

  /** floor(a * b / c) for a, b >= 0 and c >= 1, exact even when a * b overflows a long. */
  static long mulDivFloor(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if (high == 0 && low >= 0) {
      return low / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b))
        .divide(BigInteger.valueOf(c)).longValueExact();
  }
}
