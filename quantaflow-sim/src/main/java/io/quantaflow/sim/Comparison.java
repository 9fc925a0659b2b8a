package io.quantaflow.sim;

import io.quantaflow.sim.mint.MintAlgorithm;
import io.quantaflow.sim.mint.MintSettings;
import io.quantaflow.sim.mint.Minter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A minting comparison: one plan, fed tick by tick to every algorithm at once, and for each
 * the worst sliding-window error, the long-run drift and the first tick at which each
 * bound broke. Memory does not grow with the number of ticks.
 *
 * <p>The two bounds are the carry rule's: a window error of at most 1 - 1/q token, and a
 * total minted that never strays a whole token from the total planned. For a run of
 * prefix deviation D_t (plan so far minus q times tokens so far, units of 1/q), the first
 * breaks when max D - min D exceeds q - 1 and the second when |D_t| reaches q.
 *
 * <p>Sums are exact for any legal run: with q up to 2^31 - 1 and M up to 2^20 a tick may
 * plan 2^51 units, so a sum of units overflows a long within 4,096 ticks. Every running
 * quantity is therefore held as whole tokens plus units in [0, q) ({@link Units}); tokens
 * grow by at most M = 2^20 a tick and would need 2^43 ticks to overflow. Results are
 * reported as BigInteger units.
 */
public final class Comparison {

  /**
   * What one algorithm did. Unit amounts are BigIntegers: they may pass 2^63.
   *
   * @param ticks how many ticks ran
   * @param plannedUnits the plan summed over the run, units of 1/q
   * @param mintedTokens the tokens minted over the run
   * @param maxWindowErrorUnits the worst window error, units of 1/q
   * @param firstWindowBreakTick the first tick after which the worst window error exceeded
   *     1 - 1/q, or -1 if it never did
   * @param firstDriftBreakTick the first tick after which the total minted was a whole
   *     token or more away from the total planned, or -1
   */
  public record Outcome(MintAlgorithm algorithm, long q, long ticks, BigInteger plannedUnits,
      long mintedTokens, BigInteger maxWindowErrorUnits, long firstWindowBreakTick,
      long firstDriftBreakTick) {

    /** Minted minus planned, units of 1/q: positive when the algorithm minted too much. */
    public BigInteger driftUnits() {
      return BigInteger.valueOf(mintedTokens).multiply(BigInteger.valueOf(q))
          .subtract(plannedUnits);
    }

    public String maxWindowError() {
      return format(maxWindowErrorUnits, q);
    }

    public String drift() {
      return format(driftUnits(), q);
    }

    public String planned() {
      return format(plannedUnits, q);
    }

    public boolean windowBoundHeld() {
      return firstWindowBreakTick < 0;
    }
  }

  /** Per-algorithm series kept for plots: drift and worst window error so far, in tokens. */
  public record Trace(MintAlgorithm algorithm, Series driftTokens, Series maxWindowErrorTokens,
      Series mintedTokens) {}

  private final long q;
  private final List<Lane> lanes = new ArrayList<>();
  private final Series plannedTokens;
  private final Units planned;
  private long tick;

  /**
   * @param keepTraces whether to keep the series plots need
   */
  public Comparison(List<MintAlgorithm> algorithms, MintSettings settings, boolean keepTraces) {
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("algorithms must name at least one (got none)");
    }
    this.q = settings.q();
    this.planned = new Units(q);
    for (MintAlgorithm algorithm : algorithms) {
      lanes.add(new Lane(algorithm, algorithm.create(settings), q, keepTraces));
    }
    this.plannedTokens = keepTraces ? new Series() : null;
  }

  /** Runs every tick of {@code plan}; x_q outside [0, M*q] is rejected by tick. */
  public void run(PlanSource plan, long maxPlanUnits) {
    run(plan, maxPlanUnits, ticksDone -> { });
  }

  /** As {@link #run(PlanSource, long)}, telling {@code progress} the ticks done so far. */
  public void run(PlanSource plan, long maxPlanUnits, LongConsumer progress) {
    while (plan.hasNext()) {
      long planUnits = plan.nextPlanUnits();
      if (planUnits < 0 || planUnits > maxPlanUnits) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "tick %d: x_q must be in [0, %d] (got %d)", tick, maxPlanUnits, planUnits));
      }
      step(planUnits);
      progress.accept(tick);
    }
  }

  /** Feeds one tick's plan to every algorithm. */
  public void step(long planUnits) {
    planned.add(planUnits);
    for (Lane lane : lanes) {
      lane.step(tick, planUnits);
    }
    if (plannedTokens != null) {
      plannedTokens.add(tick, planned.toDouble());
    }
    tick++;
  }

  public long ticks() {
    return tick;
  }

  public List<Outcome> outcomes() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Lane lane : lanes) {
      outcomes.add(lane.outcome(tick, planned.toUnits()));
    }
    return outcomes;
  }

  /** The plan summed so far, in tokens, sampled; null unless traces are kept. */
  public Series plannedTokens() {
    return plannedTokens;
  }

  /** The series of every algorithm; empty unless traces are kept. */
  public List<Trace> traces() {
    List<Trace> traces = new ArrayList<>();
    for (Lane lane : lanes) {
      if (lane.trace != null) {
        traces.add(lane.trace);
      }
    }
    return traces;
  }

  /** {@code units / q} with exactly six decimals, rounded half to even, as sim prints. */
  static String format(BigInteger units, long q) {
    return new BigDecimal(units).divide(BigDecimal.valueOf(q), 6, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  /**
   * An amount in units of 1/q held as whole tokens plus units in [0, q), so that it never
   * overflows: the value is {@code tokens * q + units}. Mutable.
   */
  static final class Units {
    private final long q;
    private long tokens;
    private long units;

    Units(long q) {
      this.q = q;
    }

    Units copy() {
      Units copy = new Units(q);
      copy.set(this);
      return copy;
    }

    void set(Units other) {
      tokens = other.tokens;
      units = other.units;
    }

    /** Adds {@code planUnits} >= 0 units. */
    void add(long planUnits) {
      tokens = Math.addExact(tokens, planUnits / q);
      units += planUnits % q;
      if (units >= q) {
        units -= q;
        tokens++;
      }
    }

    /** Subtracts {@code count} whole tokens. */
    void subtractTokens(long count) {
      tokens = Math.subtractExact(tokens, count);
    }

    int compareTo(Units other) {
      int byTokens = Long.compare(tokens, other.tokens);
      return byTokens != 0 ? byTokens : Long.compare(units, other.units);
    }

    /** Whether this minus {@code other} is more than q - 1 units, that is a token or more. */
    boolean exceedsByAToken(Units other) {
      // units differ by less than q, so the difference is >= q iff the tokens show it.
      long tokenGap = tokens - other.tokens;
      return tokenGap >= 2 || (tokenGap == 1 && units >= other.units);
    }

    /** Whether |value| >= q units, a whole token. */
    boolean atLeastATokenFromZero() {
      return tokens >= 1 || tokens <= -2 || (tokens == -1 && units == 0);
    }

    BigInteger toUnits() {
      return BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(q))
          .add(BigInteger.valueOf(units));
    }

    double toDouble() {
      return tokens + (double) units / q;
    }
  }

  private static final class Lane {
    private final MintAlgorithm algorithm;
    private final Minter minter;
    private final long q;
    private final Trace trace;
    /** The prefix deviation D_t, with its largest and smallest values so far (D_0 = 0). */
    private final Units deviation;
    private final Units maxDeviation;
    private final Units minDeviation;
    private long mintedTokens;
    private long firstWindowBreakTick = -1;
    private long firstDriftBreakTick = -1;

    Lane(MintAlgorithm algorithm, Minter minter, long q, boolean keepTrace) {
      this.algorithm = algorithm;
      this.minter = minter;
      this.q = q;
      this.deviation = new Units(q);
      this.maxDeviation = deviation.copy();
      this.minDeviation = deviation.copy();
      this.trace = keepTrace
          ? new Trace(algorithm, new Series(), new Series(), new Series())
          : null;
    }

    void step(long tick, long planUnits) {
      long tokens = minter.mint(planUnits);
      mintedTokens = Math.addExact(mintedTokens, tokens);
      deviation.add(planUnits);
      deviation.subtractTokens(tokens);
      if (deviation.compareTo(maxDeviation) > 0) {
        maxDeviation.set(deviation);
      }
      if (deviation.compareTo(minDeviation) < 0) {
        minDeviation.set(deviation);
      }

      if (firstWindowBreakTick < 0 && maxDeviation.exceedsByAToken(minDeviation)) {
        firstWindowBreakTick = tick;
      }
      if (firstDriftBreakTick < 0 && deviation.atLeastATokenFromZero()) {
        firstDriftBreakTick = tick;
      }
      if (trace != null) {
        trace.driftTokens().add(tick, -deviation.toDouble());
        trace.maxWindowErrorTokens().add(tick,
            maxDeviation.toDouble() - minDeviation.toDouble());
        trace.mintedTokens().add(tick, mintedTokens);
      }
    }

    Outcome outcome(long ticks, BigInteger plannedUnits) {
      return new Outcome(algorithm, q, ticks, plannedUnits, mintedTokens,
          maxDeviation.toUnits().subtract(minDeviation.toUnits()), firstWindowBreakTick,
          firstDriftBreakTick);
    }
  }
}
