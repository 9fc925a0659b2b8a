package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What one key may do: a {@link Plan} on grid q, a burst B (the most tokens the key may
 * bank) and the tick length; or the explicit {@link #unlimited()} setting. Immutable.
 *
 * <p>A plan of zero admits nothing, ever. Unlimited is never what a zero or missing rate
 * means; it must be asked for by name.
 *
 * <p>The default burst is {@code max(1, ceil(maxUnitsPerTick / q))}: the most tokens a
 * single tick can mint. It is the smallest bank that never throws away a minted token for a
 * tenant that takes everything at every tick (so such a tenant receives its whole plan, to
 * within 1 - 1/q), and every extra token of burst loosens the window bound
 * {@code plan(W) + B + (1 - 1/q)} by one token. Ask for a larger burst explicitly when
 * callers are bursty by nature.
 */
public final class Limit {

  /** The largest burst: 2^31 - 1 tokens. */
  public static final long MAX_BURST_TOKENS = Integer.MAX_VALUE;

  private static final Limit UNLIMITED = new Limit(null, 0, Tick.DEFAULT_TICK_NANOS);

  private final Plan plan;
  private final long burstTokens;
  private final long tickNanos;

  private Limit(Plan plan, long burstTokens, long tickNanos) {
    this.plan = plan;
    this.burstTokens = burstTokens;
    this.tickNanos = tickNanos;
  }

  /**
   * Returns the limit earning {@code planUnits / q} tokens per 1 ms tick with the default
   * burst.
   */
  public static Limit of(long q, long planUnits) {
    return of(ConstantPlan.of(q, planUnits));
  }

  /** Returns the limit earning {@code planUnits / q} tokens per 1 ms tick, burst B. */
  public static Limit of(long q, long planUnits, long burstTokens) {
    return of(ConstantPlan.of(q, planUnits), burstTokens, Tick.DEFAULT_TICK_NANOS);
  }

  /** Returns the limit earning {@code plan} per 1 ms tick with the default burst. */
  public static Limit of(GridPlan plan) {
    return of(ConstantPlan.of(plan));
  }

  /** Returns the limit earning {@code plan} per tick of {@code tickNanos}, burst B. */
  public static Limit of(GridPlan plan, long burstTokens, long tickNanos) {
    return of(ConstantPlan.of(plan), burstTokens, tickNanos);
  }

  /**
   * Returns the limit earning {@code tokensPerTick} (exact) per tick of {@code tick}, on the
   * rate's smallest grid, with burst B.
   */
  public static Limit of(ExactRate tokensPerTick, long burstTokens, Duration tick) {
    Args.notNull("tokensPerTick", tokensPerTick);
    Args.notNull("tick", tick);
    return of(tokensPerTick.onGrid(), burstTokens, nanosOf(tick));
  }

  /** Returns the limit following {@code plan} at 1 ms ticks with the default burst. */
  public static Limit of(Plan plan) {
    Args.notNull("plan", plan);
    return of(plan, defaultBurstTokens(plan), Tick.DEFAULT_TICK_NANOS);
  }

  /**
   * Returns the limit following {@code plan}, banking at most {@code burstTokens}, with ticks
   * of {@code tickNanos}.
   *
   * @throws IllegalArgumentException unless 1 <= burstTokens <= 2^31 - 1 and tickNanos is
   *     within [1000, 86400000000000] (1 us to 1 day)
   */
  public static Limit of(Plan plan, long burstTokens, long tickNanos) {
    Args.notNull("plan", plan);
    Args.inRange("burstTokens", burstTokens, 1, MAX_BURST_TOKENS);
    Tick.checkTickNanos(tickNanos);
    return new Limit(plan, burstTokens, tickNanos);
  }

  /** Returns the limit that admits everything. It has no plan, burst or grid. */
  public static Limit unlimited() {
    return UNLIMITED;
  }

  /** Returns the default burst for {@code plan}: max(1, ceil(maxUnitsPerTick / q)). */
  public static long defaultBurstTokens(Plan plan) {
    long perTick = (plan.maxUnitsPerTick() + plan.q() - 1) / plan.q();
    return Math.max(1, perTick);
  }

  /** Returns this limit with burst {@code burstTokens}. */
  public Limit withBurstTokens(long burstTokens) {
    requireLimited("withBurstTokens");
    return of(plan, burstTokens, tickNanos);
  }

  /** Returns this limit with ticks of {@code tickNanos}. */
  public Limit withTickNanos(long tickNanos) {
    requireLimited("withTickNanos");
    return of(plan, burstTokens, tickNanos);
  }

  /** Returns this limit with ticks of {@code tick}. */
  public Limit withTick(Duration tick) {
    return withTickNanos(nanosOf(tick));
  }

  private static long nanosOf(Duration tick) {
    Args.notNull("tick", tick);
    boolean inRange = tick.compareTo(Duration.ofNanos(Tick.MIN_TICK_NANOS)) >= 0
        && tick.compareTo(Duration.ofNanos(Tick.MAX_TICK_NANOS)) <= 0;
    if (!inRange) {
      throw new IllegalArgumentException(
          "tick must be in [PT0.000001S, PT24H] (1 us to 1 day) (got " + tick + ")");
    }
    return tick.toNanos();
  }

  /** Returns true for {@link #unlimited()}. */
  public boolean isUnlimited() {
    return plan == null;
  }

  /** Returns true if this limit admits nothing, ever: a plan of zero. */
  public boolean admitsNothing() {
    return plan != null && plan.isZero();
  }

  /** Returns true if the plan earns the same units at every tick. */
  public boolean isConstant() {
    return plan instanceof ConstantPlan;
  }

  /** Returns the plan. */
  public Plan plan() {
    requireLimited("plan");
    return plan;
  }

  /** Returns q, the grid of the plan. */
  public long q() {
    requireLimited("q");
    return plan.q();
  }

  /**
   * Returns x_q, the plan units per tick of a constant plan.
   *
   * @throws IllegalStateException if the plan is a schedule or the limit is unlimited
   */
  public long planUnits() {
    if (plan instanceof ConstantPlan constant) {
      return constant.planUnits();
    }
    throw new IllegalStateException(
        "planUnits() needs a constant plan; this limit is " + this);
  }

  /** Returns B, the most tokens a key may bank (0 for unlimited). */
  public long burstTokens() {
    return burstTokens;
  }

  /** Returns the tick length in nanoseconds. */
  public long tickNanos() {
    return tickNanos;
  }

  private void requireLimited(String what) {
    if (plan == null) {
      throw new IllegalStateException(what + " is not defined for an unlimited limit");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Limit that
        && burstTokens == that.burstTokens
        && tickNanos == that.tickNanos
        && Objects.equals(plan, that.plan);
  }

  @Override
  public int hashCode() {
    return Objects.hash(plan, burstTokens, tickNanos);
  }

  @Override
  public String toString() {
    if (plan == null) {
      return "Limit[unlimited]";
    }
    return String.format(Locale.ROOT, "Limit[%s, burst %d, tick %d ns]",
        plan, burstTokens, tickNanos);
  }
}
