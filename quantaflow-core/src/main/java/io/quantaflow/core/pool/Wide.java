package io.quantaflow.core.pool;

import java.math.BigInteger;

/**
 * Exact products of two non-negative longs, the one place where the pool handles overflow.
 * The fast path stays in long arithmetic; only products above 2^63 go through BigInteger.
 */
final class Wide {

  private Wide() {}

  /** Returns floor(a * b / c) for a, b >= 0 and c >= 1, when the quotient fits in a long. */
  static long mulDiv(long a, long b, long c) {
    if (Math.multiplyHigh(a, b) == 0 && a * b >= 0) {
      return a * b / c;
    }
    return big(a).multiply(big(b)).divide(big(c)).longValueExact();
  }

  /** Returns (a * b) mod c for a, b >= 0 and c >= 1. */
  static long mulMod(long a, long b, long c) {
    if (Math.multiplyHigh(a, b) == 0 && a * b >= 0) {
      return a * b % c;
    }
    return big(a).multiply(big(b)).mod(big(c)).longValueExact();
  }

  /** Compares a * b with c * d for non-negative operands, exactly. */
  static int compareProducts(long a, long b, long c, long d) {
    long highLeft = Math.multiplyHigh(a, b);
    long highRight = Math.multiplyHigh(c, d);
    if (highLeft != highRight) {
      return Long.compare(highLeft, highRight);
    }
    return Long.compareUnsigned(a * b, c * d);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }

  /** Returns lcm(a, b) for a, b >= 1, or -1 when it would exceed {@code limit}. */
  static long lcmAtMost(long a, long b, long limit) {
    long factor = b / gcd(a, b);
    if (factor > limit / a) {
      return -1;
    }
    return a * factor;
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
