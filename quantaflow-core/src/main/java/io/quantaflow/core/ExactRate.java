package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * Maintainer's note: rates are fractions, never doubles.
 *
 * A rate is numerator/denominator tokens per tick, reduced, with denominator >= 1. Every
 * constructor goes through BigInteger and reduces before checking ranges, so "3 per second
 * at 100 ms ticks" (3 * 100_000_000 / 1_000_000_000) lands on 3/10 exactly whatever the
 * sizes of the intermediate products. A rate is accepted only when some grid can carry it
 * under the core's limits: reduced denominator <= 2^31 - 1 (the largest q) and value <= 2^20
 * tokens per tick (the largest M). So onGrid() never fails, and onGrid(q) fails only when q
 * is not a multiple of the denominator.
 */

/**
 * An exact rate in tokens per tick: a reduced fraction {@code numerator / denominator} with
 * {@code numerator >= 0} and {@code 1 <= denominator <= 2^31 - 1}, at most 2^20 tokens per
 * tick. Immutable.
 */
public final class ExactRate {

  private static final BigInteger MAX_DENOMINATOR = BigInteger.valueOf(CarryRule.MAX_Q);
  private static final BigInteger MAX_TOKENS = BigInteger.valueOf(CarryRule.MAX_TOKENS_PER_TICK);
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final int MAX_TEXT_CHARS = 200;

  private static final String NUMBER = "[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+";
  private static final Pattern DECIMAL = Pattern.compile(NUMBER);
  private static final Pattern FRACTION =
      Pattern.compile("(" + NUMBER + ")\\s*/\\s*(" + NUMBER + ")");
  private static final Pattern PER_PERIOD =
      Pattern.compile("(" + NUMBER + ")\\s*/\\s*([0-9]+)?\\s*(ms|s|min|m|h|d)");

  private final long numerator;
  private final long denominator;

  private ExactRate(long numerator, long denominator) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /** {@code tokens} tokens every {@code perTicks} ticks, reduced: {@code of(6, 20)} is 3/10. */
  public static ExactRate of(long tokens, long perTicks) {
    Args.atLeast("tokens", tokens, 0);
    Args.atLeast("perTicks", perTicks, 1);
    return reduce(BigInteger.valueOf(tokens), BigInteger.valueOf(perTicks),
        tokens + "/" + perTicks);
  }

  /**
   * Parses a rate per tick: a fraction {@code "3/10"}, a decimal {@code "0.3"} or a whole
   * number {@code "2"}. Both sides of a fraction may be decimals ({@code "1.5/2"}). A rate
   * with a time unit ({@code "3/10s"}) needs a tick length: see
   * {@link #parsePerPeriod(String, Duration)}.
   */
  public static ExactRate parse(String text) {
    String trimmed = checkText(text);

    Matcher fraction = FRACTION.matcher(trimmed);
    if (fraction.matches()) {
      BigDecimal tokens = new BigDecimal(fraction.group(1));
      BigDecimal perTicks = new BigDecimal(fraction.group(2));
      if (perTicks.signum() == 0) {
        throw Args.fail("rate \"%s\" has a zero denominator; it must be > 0", trimmed);
      }
      return ofQuotient(tokens, perTicks, "\"" + trimmed + "\"");
    }
    if (DECIMAL.matcher(trimmed).matches()) {
      return ofQuotient(new BigDecimal(trimmed), BigDecimal.ONE, "\"" + trimmed + "\"");
    }
    if (PER_PERIOD.matcher(trimmed).matches()) {
      throw Args.fail("rate \"%s\" has a time unit; give a tick length to convert it to"
          + " tokens per tick", trimmed);
    }
    throw Args.fail("rate \"%s\" must be a fraction like 3/10, a decimal like 0.3 or a"
        + " whole number like 2 (tokens per tick, >= 0)", trimmed);
  }

  /**
   * Parses a rate per period and converts it to tokens per tick of length {@code tick}:
   * {@code "3/10s"}, {@code "1/min"}, {@code "100/1h"}, {@code "0.5/250ms"}. Units are
   * {@code ms}, {@code s}, {@code m} or {@code min}, {@code h} and {@code d}; the period count
   * defaults to 1. A text without a unit is read as tokens per tick, as {@link #parse} does.
   */
  public static ExactRate parsePerPeriod(String text, Duration tick) {
    String trimmed = checkText(text);
    BigInteger tickNanos = positiveNanos("tick", tick);

    Matcher perPeriod = PER_PERIOD.matcher(trimmed);
    if (!perPeriod.matches()) {
      if (FRACTION.matcher(trimmed).matches() || DECIMAL.matcher(trimmed).matches()) {
        return parse(trimmed);
      }
      throw Args.fail("rate \"%s\" must look like 3/10s, 1/min or 100/1h (tokens per period;"
          + " units ms, s, m or min, h, d) or 3/10 (tokens per tick)", trimmed);
    }

    BigDecimal tokens = new BigDecimal(perPeriod.group(1));
    BigInteger count = perPeriod.group(2) == null
        ? BigInteger.ONE : new BigInteger(perPeriod.group(2));
    if (count.signum() == 0) {
      throw Args.fail("rate \"%s\" has a zero period; the period count must be >= 1", trimmed);
    }
    BigInteger periodNanos = count.multiply(unitNanos(perPeriod.group(3)));
    String what = "\"" + trimmed + "\" at " + tick + " ticks";
    return ofQuotient(tokens.multiply(new BigDecimal(tickNanos)), new BigDecimal(periodNanos),
        what);
  }

  /**
   * {@code tokens} per {@code period}, in tokens per tick of length {@code tick}, exact to the
   * nanosecond: 3 per second at 100 ms ticks is 3/10, 1 per minute at 1 ms ticks is 1/60000.
   */
  public static ExactRate perPeriod(long tokens, Duration period, Duration tick) {
    Args.atLeast("tokens", tokens, 0);
    BigInteger periodNanos = positiveNanos("period", period);
    BigInteger tickNanos = positiveNanos("tick", tick);
    return reduce(BigInteger.valueOf(tokens).multiply(tickNanos), periodNanos,
        tokens + " per " + period + " at " + tick + " ticks");
  }

  /**
   * The rate whose shortest decimal form is that of {@code tokensPerTick}
   * ({@code ofDecimal(0.3)} is 3/10, not the binary fraction nearest 0.3). Rejects NaN,
   * infinities, negatives and rates above 2^20 tokens per tick.
   */
  public static ExactRate ofDecimal(double tokensPerTick) {
    if (!(Double.isFinite(tokensPerTick) && tokensPerTick >= 0
        && tokensPerTick <= CarryRule.MAX_TOKENS_PER_TICK)) {
      throw Args.fail("tokensPerTick must be a finite number in [0, %d] (got %s)",
          CarryRule.MAX_TOKENS_PER_TICK, Double.toString(tokensPerTick));
    }
    return ofQuotient(BigDecimal.valueOf(tokensPerTick), BigDecimal.ONE,
        Double.toString(tokensPerTick));
  }

  public long numerator() {
    return numerator;
  }

  public long denominator() {
    return denominator;
  }

  /** The smallest grid that carries this rate exactly: {@code max(2, denominator)}. */
  public long smallestGrid() {
    return Math.max(2, denominator);
  }

  /** This rate on its smallest grid. */
  public GridPlan onGrid() {
    return onGrid(smallestGrid());
  }

  /**
   * This rate on the grid {@code 1/q}. Throws when q is not a multiple of the denominator,
   * naming the multiples that would work.
   */
  public GridPlan onGrid(long q) {
    CarryRule.checkQ(q);
    if (q % denominator != 0) {
      throw notOnGrid(q);
    }
    return new GridPlan(q, numerator * (q / denominator));
  }

  /** The rate as the nearest double, for display only. */
  public double toDouble() {
    return (double) numerator / denominator;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExactRate that
        && numerator == that.numerator && denominator == that.denominator;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(numerator) * 31 + Long.hashCode(denominator);
  }

  /** {@code "3/10"}, or {@code "2"} for a whole number of tokens per tick. */
  @Override
  public String toString() {
    return denominator == 1 ? Long.toString(numerator) : numerator + "/" + denominator;
  }

  private IllegalArgumentException notOnGrid(long q) {
    long smallest = smallestGrid();
    long below = q / denominator * denominator;
    long above = below + denominator;
    StringBuilder grids = new StringBuilder().append(smallest).append(" (the smallest)");
    if (below > smallest) {
      grids.append(", ").append(below);
    }
    if (above > smallest && above <= CarryRule.MAX_Q) {
      grids.append(below > smallest ? " or " : ", ").append(above);
    }
    return Args.fail("q = %d cannot represent the rate %s tokens per tick: q must be a"
        + " multiple of %d, such as %s", q, this, denominator, grids);
  }

  private static ExactRate ofQuotient(BigDecimal tokens, BigDecimal perTicks, String what) {
    BigInteger[] top = fraction(tokens);
    BigInteger[] bottom = fraction(perTicks);
    return reduce(top[0].multiply(bottom[1]), top[1].multiply(bottom[0]), what);
  }

  /** A nonnegative decimal as {numerator, denominator}. */
  private static BigInteger[] fraction(BigDecimal value) {
    if (value.scale() <= 0) {
      return new BigInteger[] {value.toBigIntegerExact(), BigInteger.ONE};
    }
    return new BigInteger[] {value.unscaledValue(), BigInteger.TEN.pow(value.scale())};
  }

  private static ExactRate reduce(BigInteger tokens, BigInteger perTicks, String what) {
    BigInteger gcd = tokens.gcd(perTicks);
    BigInteger num = tokens.signum() == 0 ? BigInteger.ZERO : tokens.divide(gcd);
    BigInteger den = tokens.signum() == 0 ? BigInteger.ONE : perTicks.divide(gcd);

    if (num.compareTo(MAX_TOKENS.multiply(den)) > 0) {
      throw Args.fail("rate %s is %s tokens per tick; it must be at most %d", what,
          approximately(num, den), CarryRule.MAX_TOKENS_PER_TICK);
    }
    if (den.compareTo(MAX_DENOMINATOR) > 0) {
      throw Args.fail("rate %s is %s/%s tokens per tick; no grid can carry it: its reduced"
          + " denominator must be <= %d (the largest q)", what, num, den, CarryRule.MAX_Q);
    }
    return new ExactRate(num.longValueExact(), den.longValueExact());
  }

  private static String approximately(BigInteger num, BigInteger den) {
    return new BigDecimal(num).divide(new BigDecimal(den), 6, RoundingMode.HALF_EVEN)
        .stripTrailingZeros().toPlainString();
  }

  private static String checkText(String text) {
    Args.notNull("rate", text);
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_TEXT_CHARS) {
      throw Args.fail("rate must be 1 to %d characters (got %d)", MAX_TEXT_CHARS,
          trimmed.length());
    }
    return trimmed;
  }

  private static BigInteger positiveNanos(String name, Duration duration) {
    Args.notNull(name, duration);
    if (duration.isNegative() || duration.isZero()) {
      throw Args.fail("%s must be a positive duration (got %s)", name, duration);
    }
    return BigInteger.valueOf(duration.getSeconds()).multiply(NANOS_PER_SECOND)
        .add(BigInteger.valueOf(duration.getNano()));
  }

  private static BigInteger unitNanos(String unit) {
    long nanos = switch (unit) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m", "min" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      default -> throw new IllegalStateException("unit " + unit + " passed the pattern");
    };
    return BigInteger.valueOf(nanos);
  }
}
