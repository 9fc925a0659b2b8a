package io.quantaflow.core.pool;

import java.math.BigInteger;

/** An exact rational for test assertions; never a double in a bound. */
record Frac(BigInteger num, BigInteger den) implements Comparable<Frac> {

  static final Frac ZERO = of(0);

  Frac {
    if (den.signum() == 0) {
      throw new ArithmeticException("zero denominator");
    }
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
  }

  static Frac of(long value) {
    return new Frac(BigInteger.valueOf(value), BigInteger.ONE);
  }

  static Frac of(long num, long den) {
    return new Frac(BigInteger.valueOf(num), BigInteger.valueOf(den));
  }

  /** H_n = 1 + 1/2 + ... + 1/n. */
  static Frac harmonic(int n) {
    Frac sum = ZERO;
    for (int k = 1; k <= n; k++) {
      sum = sum.add(of(1, k));
    }
    return sum;
  }

  Frac add(Frac o) {
    return new Frac(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  Frac sub(Frac o) {
    return add(o.negate());
  }

  Frac negate() {
    return new Frac(num.negate(), den);
  }

  Frac times(long k) {
    return new Frac(num.multiply(BigInteger.valueOf(k)), den);
  }

  Frac times(Frac o) {
    return new Frac(num.multiply(o.num), den.multiply(o.den));
  }

  Frac div(long k) {
    return new Frac(num, den.multiply(BigInteger.valueOf(k)));
  }

  Frac div(Frac o) {
    return new Frac(num.multiply(o.den), den.multiply(o.num));
  }

  /** floor(this). */
  long floor() {
    BigInteger[] qr = num.divideAndRemainder(den);
    BigInteger f = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    return f.longValueExact();
  }

  Frac max(Frac o) {
    return compareTo(o) >= 0 ? this : o;
  }

  @Override
  public int compareTo(Frac o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public String toString() {
    return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
  }
}
