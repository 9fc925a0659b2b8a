package io.quantaflow.sim;

import io.quantaflow.core.WindowError;
import io.quantaflow.sim.mint.MintAlgorithm;
import io.quantaflow.sim.mint.MintSettings;
import io.quantaflow.sim.mint.Minter;
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
 */
public final class Comparison {

  /**
   * What one algorithm did.
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
  public record Outcome(MintAlgorithm algorithm, long q, long ticks, long plannedUnits,
      long mintedTokens, long maxWindowErrorUnits, long firstWindowBreakTick,
      long firstDriftBreakTick) {

    /** Minted minus planned, units of 1/q: positive when the algorithm minted too much. */
    public long driftUnits() {
      return Math.subtractExact(Math.multiplyExact(mintedTokens, q), plannedUnits);
    }

    public String maxWindowError() {
      return WindowError.format(maxWindowErrorUnits, q);
    }

    public String drift() {
      return WindowError.format(driftUnits(), q);
    }

    public String planned() {
      return WindowError.format(plannedUnits, q);
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
  private long tick;
  private long plannedUnits;

  /**
   * @param keepTraces whether to keep the series plots need
   */
  public Comparison(List<MintAlgorithm> algorithms, MintSettings settings, boolean keepTraces) {
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("algorithms must name at least one (got none)");
    }
    this.q = settings.q();
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
    plannedUnits = Math.addExact(plannedUnits, planUnits);
    for (Lane lane : lanes) {
      lane.step(tick, planUnits);
    }
    if (plannedTokens != null) {
      plannedTokens.add(tick, (double) plannedUnits / q);
    }
    tick++;
  }

  public long ticks() {
    return tick;
  }

  public List<Outcome> outcomes() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Lane lane : lanes) {
      outcomes.add(lane.outcome(tick, plannedUnits));
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

  private static final class Lane {
    private final MintAlgorithm algorithm;
    private final Minter minter;
    private final long q;
    private final WindowError.Tracker tracker;
    private final Trace trace;
    private long mintedTokens;
    private long firstWindowBreakTick = -1;
    private long firstDriftBreakTick = -1;

    Lane(MintAlgorithm algorithm, Minter minter, long q, boolean keepTrace) {
      this.algorithm = algorithm;
      this.minter = minter;
      this.q = q;
      this.tracker = new WindowError.Tracker(q);
      this.trace = keepTrace
          ? new Trace(algorithm, new Series(), new Series(), new Series())
          : null;
    }

    void step(long tick, long planUnits) {
      long tokens = minter.mint(planUnits);
      mintedTokens = Math.addExact(mintedTokens, tokens);
      tracker.add(planUnits, tokens);

      if (firstWindowBreakTick < 0 && tracker.maxUnits() > q - 1) {
        firstWindowBreakTick = tick;
      }
      long deviationUnits = tracker.deviationUnits();
      if (firstDriftBreakTick < 0 && (deviationUnits >= q || deviationUnits <= -q)) {
        firstDriftBreakTick = tick;
      }
      if (trace != null) {
        trace.driftTokens().add(tick, -(double) deviationUnits / q);
        trace.maxWindowErrorTokens().add(tick, (double) tracker.maxUnits() / q);
        trace.mintedTokens().add(tick, mintedTokens);
      }
    }

    Outcome outcome(long ticks, long plannedUnits) {
      return new Outcome(algorithm, q, ticks, plannedUnits, mintedTokens, tracker.maxUnits(),
          firstWindowBreakTick, firstDriftBreakTick);
    }
  }
}
