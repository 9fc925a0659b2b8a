package io.quantaflow.sim.replay;

/**
 * Tracks, for one tenant, the worst excess of a cumulative amount of tokens over the plan in
 * any window ending now, exactly, in O(1) memory.
 *
 * <p>A window runs from the start of tick s to the request at tick t, s <= t, and its plan
 * is r * (t - s) tokens: the plan earned over the time it spans. With A(t) the tokens
 * counted up to and including the request at t and A_(s) those counted before tick s, the
 * excess is A(t) - A_(s) - r*(t - s) = (q*A(t) - x*t) - (q*A_(s) - x*s), over q. The second
 * term's minimum over s is reached at a tick that holds a request (between two such ticks
 * A_ stays put while -x*s falls), so one running minimum, updated at the first request of
 * each tick, is enough.
 */
final class WindowCheck {

  private final long q;
  private final long planUnits;
  private long countedTokens;
  private long lastTick = Long.MIN_VALUE;
  private long minStartUnits = Long.MAX_VALUE;

  WindowCheck(long q, long planUnits) {
    this.q = q;
    this.planUnits = planUnits;
  }

  /** Call at each request, before {@link #count}: opens the windows that start at tick. */
  void at(long tick) {
    if (tick != lastTick) {
      lastTick = tick;
      long startUnits = Math.subtractExact(Math.multiplyExact(q, countedTokens),
          Math.multiplyExact(planUnits, tick));
      minStartUnits = Math.min(minStartUnits, startUnits);
    }
  }

  /** Counts {@code tokens} at the current tick. */
  void count(long tokens) {
    countedTokens = Math.addExact(countedTokens, tokens);
  }

  /**
   * The worst excess over the plan of the tokens counted, over every window ending at the
   * current tick, in units of 1/q token.
   */
  long worstExcessUnits() {
    long nowUnits = Math.subtractExact(Math.multiplyExact(q, countedTokens),
        Math.multiplyExact(planUnits, lastTick));
    return Math.subtractExact(nowUnits, minStartUnits);
  }
}
