package io.quantaflow.sim;

import io.quantaflow.core.CarryRule;
import io.quantaflow.core.WindowError;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Runs a plan through the carry rule tick by tick and measures the worst sliding-window
 * error as it goes: O(1) memory whatever the number of ticks, so a run is limited by time
 * alone. This is what {@code quantaflow sim} prints.
 */
public final class CarrySimulation {

  /** Sees every tick of a run, in order; used to write the per-tick CSV. */
  @FunctionalInterface
  public interface TickListener {
    /**
     * Called after tick {@code tick} (0-based).
     *
     * @param planUnits the tick's plan x_q, units of 1/q
     * @param tokens the whole tokens the carry rule emitted in the tick
     * @param carryUnits the carry E after the tick, units of 1/q, in [0, q-1]
     * @param deviationUnits the prefix deviation D after the tick: plan so far minus q times
     *     tokens so far, units of 1/q
     */
    void onTick(long tick, long planUnits, long tokens, long carryUnits, long deviationUnits)
        throws IOException;
  }

  /**
   * What a run measured.
   *
   * @param q the grid
   * @param ticks how many ticks ran
   * @param maxWindowErrorUnits the worst window error, units of 1/q
   * @param theoryBoundUnits the proved bound on it, units of 1/q
   */
  public record Result(long q, long ticks, long maxWindowErrorUnits, long theoryBoundUnits) {

    /** The worst window error in tokens, printed with six decimals. */
    public String maxWindowError() {
      return WindowError.format(maxWindowErrorUnits, q);
    }

    /**
     * The proved bound in tokens, printed with six decimals rounded down: the bound
     * 1 - 1/q is below one token, and rounding it to nearest would print 1.000000 for
     * q above 2,000,000. The window error keeps the reference's rounding.
     */
    public String theoryBound() {
      return formatDown(theoryBoundUnits, q);
    }
  }

  private CarrySimulation() {}

  /** {@code units / q} with six decimals, rounded toward negative infinity. */
  public static String formatDown(long units, long q) {
    return BigDecimal.valueOf(units)
        .divide(BigDecimal.valueOf(q), 6, RoundingMode.FLOOR)
        .toPlainString();
  }

  /**
   * The bound the carry rule proves on the window error, in units of 1/q: {@code q - 1},
   * that is 1 - 1/q tokens, for any number of tokens per tick M. The carry is kept in
   * [0, q-1] after every tick, and the deviation of any window is a difference of two
   * carries (docs/math.md).
   */
  public static long theoryBoundUnits(long q) {
    return q - 1;
  }

  /**
   * Runs {@code plan} through a carry rule on grid q with at most {@code maxTokensPerTick}
   * tokens per tick, starting with carry 0.
   *
   * @param listener sees every tick, or null
   * @throws IllegalArgumentException when a plan value lies outside [0, M*q]
   */
  public static Result run(PlanSource plan, long q, long maxTokensPerTick,
      TickListener listener) throws IOException {
    CarryRule rule = new CarryRule(q, maxTokensPerTick);
    WindowError.Tracker tracker = new WindowError.Tracker(q);
    long maxPlanUnits = q * maxTokensPerTick;

    long tick = 0;
    while (plan.hasNext()) {
      long planUnits = plan.nextPlanUnits();
      if (planUnits < 0 || planUnits > maxPlanUnits) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "tick %d: x_q must be in [0, %d] (got %d)", tick, maxPlanUnits, planUnits));
      }

      long tokens = rule.step(planUnits);
      tracker.add(planUnits, tokens);

      if (listener != null) {
        listener.onTick(tick, planUnits, tokens, rule.carryUnits(), tracker.deviationUnits());
      }
      tick++;
    }
    return new Result(q, tick, tracker.maxUnits(), theoryBoundUnits(q));
  }
}
