package io.quantaflow.sim.replay;

import io.quantaflow.core.GridPlan;
import java.util.Locale;

/**
 * The limit every admission algorithm enforces in one replay: a rate of planUnits/q tokens
 * per tick, a burst of B tokens, and the tick length.
 *
 * @param plan the rate on its grid
 * @param burstTokens B, in [1, 2^31 - 1]
 * @param tickNanos the tick length, in [1_000, 86_400_000_000_000]
 */
public record AdmitSettings(GridPlan plan, long burstTokens, long tickNanos) {

  public AdmitSettings {
    if (plan == null) {
      throw new IllegalArgumentException("plan must not be null");
    }
    if (burstTokens < 1 || burstTokens > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "burst must be in [1, 2147483647] tokens (got %d)", burstTokens));
    }
    if (tickNanos < 1_000 || tickNanos > 86_400_000_000_000L) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "tick must be in [1000, 86400000000000] ns (got %d)", tickNanos));
    }
  }

  public long q() {
    return plan.q();
  }

  public long planUnits() {
    return plan.planUnits();
  }

  /**
   * The window of the window-based algorithms, B/rate ticks, in units of 1/planUnits tick:
   * tick t lies in window floor(t * planUnits / (B * q)). A window holds exactly B tokens
   * of plan, so the window algorithms allow the same burst as the others.
   */
  long windowSpanUnits() {
    return Math.multiplyExact(burstTokens, plan.q());
  }
}
