package io.quantaflow.server.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * An exact rate placed on the carry rule's grid: {@code planUnits / q} tokens per tick of
 * {@code tickNanos}. Built from "tokens per period" with integer arithmetic only, so 0.5 per
 * second at 1 ms ticks is exactly 1/2000 per tick.
 */
public record GridPlan(long q, long planUnits, long tickNanos) {

  /** Largest grid the engine accepts (2^31 - 1). */
  public static final long MAX_Q = Integer.MAX_VALUE;
  /** Most tokens one tick may emit (2^20). */
  public static final long MAX_TOKENS_PER_TICK = 1L << 20;

  /** Tokens per tick as a reduced fraction {numerator, denominator}. */
  static BigInteger[] perTick(BigDecimal tokens, long periodNanos, long tickNanos) {
    BigDecimal stripped = tokens.stripTrailingZeros();
    BigInteger unscaled = stripped.unscaledValue();
    int scale = stripped.scale();
    BigInteger num = unscaled.multiply(BigInteger.valueOf(tickNanos));
    BigInteger den = BigInteger.valueOf(periodNanos);
    if (scale > 0) {
      den = den.multiply(BigInteger.TEN.pow(scale));
    } else if (scale < 0) {
      num = num.multiply(BigInteger.TEN.pow(-scale));
    }
    if (num.signum() == 0) {
      return new BigInteger[] {BigInteger.ZERO, BigInteger.ONE};
    }
    BigInteger g = num.gcd(den);
    return new BigInteger[] {num.divide(g), den.divide(g)};
  }

  /** Smallest grid that holds every fraction exactly: the least common multiple, at least 2. */
  static BigInteger commonGrid(BigInteger... denominators) {
    BigInteger lcm = BigInteger.ONE;
    for (BigInteger d : denominators) {
      lcm = lcm.divide(lcm.gcd(d)).multiply(d);
    }
    return lcm.max(BigInteger.TWO);
  }

  /**
   * Returns the plan units of {@code fraction} on grid {@code q}, or throws naming the rate
   * and the limits when the grid or the per-tick rate is out of the engine's range.
   */
  static long unitsOn(BigInteger[] fraction, BigInteger q, String what, long tickNanos) {
    if (q.compareTo(BigInteger.valueOf(MAX_Q)) > 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s at tick %s needs a grid of q = %s, above the largest allowed (%d); set a coarser"
              + " 'tick' (for example 1s) or a rate with fewer decimals",
          what, Durations.format(tickNanos), q, MAX_Q));
    }
    BigInteger units = fraction[0].multiply(q).divide(fraction[1]);
    if (units.compareTo(BigInteger.valueOf(MAX_TOKENS_PER_TICK).multiply(q)) > 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s at tick %s is more than %d tokens per tick; set a finer 'tick' (the fastest"
              + " rate the engine holds is %d per 1us tick, about 1.05e12 per second)",
          what, Durations.format(tickNanos), MAX_TOKENS_PER_TICK, MAX_TOKENS_PER_TICK));
    }
    return units.longValueExact();
  }

  /** Tokens per tick as text, for people: {@code 3/10000}. */
  public String perTickText() {
    BigInteger num = BigInteger.valueOf(planUnits);
    BigInteger den = BigInteger.valueOf(q);
    if (num.signum() == 0) {
      return "0";
    }
    BigInteger g = num.gcd(den);
    BigInteger n = num.divide(g);
    BigInteger d = den.divide(g);
    return d.equals(BigInteger.ONE) ? n.toString() : n + "/" + d;
  }
}
