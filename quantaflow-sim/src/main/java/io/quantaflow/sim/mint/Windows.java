package io.quantaflow.sim.mint;

import java.math.BigInteger;

/** The allowance of a window-based limiter: floor(rate * window) tokens, exactly. */
final class Windows {

  private Windows() {}

  static long limitTokens(long planUnits, long windowTicks, long q) {
    long high = Math.multiplyHigh(planUnits, windowTicks);
    if (high == 0 && planUnits * windowTicks >= 0) {
      return planUnits * windowTicks / q;
    }
    return BigInteger.valueOf(planUnits).multiply(BigInteger.valueOf(windowTicks))
        .divide(BigInteger.valueOf(q)).longValueExact();
  }
}
