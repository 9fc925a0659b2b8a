package io.quantaflow.sim;

import java.util.Locale;

/**
 * The reference simulator's plan generators, reproduced exactly.
 *
 * <p>Every generator is stated on a <em>span</em> of units: the plan of a tick that is
 * allowed its most tokens. With one token per tick the span is q and the sequences are the
 * reference's, value for value ({@code ../shared/parity/seed-scenarios.csv} holds them);
 * with M tokens per tick the span is M*q and each generator scales with it.
 *
 * <ul>
 *   <li>{@link #DIURNAL}: {@code clamp(trunc(0.4*span) + trunc(trunc(amp*span) *
 *       sin(2*pi*i/100)), 0, span)}, trunc rounding toward zero: a day of 100 ticks.
 *   <li>{@link #SPIKY}: {@code span} for the first 5 ticks of every 40, else 0.
 *   <li>{@link #SAW}: 1 unit on odd ticks, 0 on even ones, whatever the span.
 *   <li>{@link #RAND}: each tick uniform in {@code [0, span]} from a SplitMix64 stream
 *       seeded with the seed: the same sequence for the same seed on every machine.
 * </ul>
 */
public enum Scenario {
  DIURNAL("diurnal"),
  SPIKY("spiky"),
  SAW("saw"),
  RAND("rand");

  /** Ticks in one diurnal period. */
  static final int DAY_TICKS = 100;
  /** Spiky: a spike of {@link #SPIKE_TICKS} full ticks every {@link #SPIKE_PERIOD_TICKS}. */
  static final int SPIKE_PERIOD_TICKS = 40;
  static final int SPIKE_TICKS = 5;

  private final String cliName;

  Scenario(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in reports. */
  public String cliName() {
    return cliName;
  }

  /** The accepted names, for help and error messages. */
  public static String names() {
    return "diurnal, spiky, saw (alias sawtooth), rand";
  }

  /**
   * Parses a scenario name, case-insensitively; {@code sawtooth} is another name for
   * {@code saw}.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static Scenario parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (name.equals("sawtooth")) {
      return SAW;
    }
    for (Scenario scenario : values()) {
      if (scenario.cliName.equals(name)) {
        return scenario;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "scenario must be one of %s (got \"%s\")", names(), text));
  }

  /**
   * Returns a stream of {@code ticks} plan values.
   *
   * @param spanUnits the plan of a full tick, M*q units ({@code >= 1})
   * @param ticks how many ticks to generate ({@code >= 0})
   * @param amp the diurnal amplitude as a fraction of the span, finite and in [0, 1]
   * @param seed the seed of {@link #RAND}; other scenarios ignore it
   */
  public PlanSource plan(long spanUnits, long ticks, double amp, long seed) {
    if (spanUnits < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "span must be >= 1 unit (got %d)", spanUnits));
    }
    if (ticks < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "ticks must be >= 0 (got %d)", ticks));
    }
    if (!(amp >= 0.0 && amp <= 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "amp must be in [0, 1] (got %s)", amp));
    }
    switch (this) {
      case DIURNAL:
        return new Generated(ticks, new Diurnal(spanUnits, amp));
      case SPIKY:
        return new Generated(ticks, i -> i % SPIKE_PERIOD_TICKS < SPIKE_TICKS ? spanUnits : 0);
      case SAW:
        return new Generated(ticks, i -> i % 2 == 1 ? 1 : 0);
      case RAND:
        Random64 random = new Random64(seed);
        return new Generated(ticks, i -> random.nextLong(spanUnits + 1));
      default:
        throw new AssertionError(this);
    }
  }

  /** The plan of tick i; called with i = 0, 1, 2, ... in order. */
  @FunctionalInterface
  private interface TickPlan {
    long planUnits(long tick);
  }

  static final class Diurnal implements TickPlan {
    /** Relative error of the reference's phase 2*pi*i/100 against the true angle. */
    private static final double PHASE_RELATIVE_ERROR = 6e-16;
    /** Absolute error of a sine as StrictMath computes it (1 ulp of 1) plus slack. */
    private static final double SINE_ERROR = 1e-14;

    private final long spanUnits;
    private final long baseUnits;
    private final long amplitudeUnits;
    /** trunc(a * sin(2*pi*r/100)) for each tick r of the first day. */
    private final long[] dayWaveUnits = new long[DAY_TICKS];
    /** How far a * sin(2*pi*r/100) lies from the nearest value where trunc changes. */
    private final double[] dayMarginUnits = new double[DAY_TICKS];

    Diurnal(long spanUnits, double amp) {
      this.spanUnits = spanUnits;
      // Java's (long) cast of a double truncates toward zero, as the reference's int() does.
      this.baseUnits = (long) (0.4 * spanUnits);
      this.amplitudeUnits = (long) (amp * spanUnits);
      for (int r = 0; r < DAY_TICKS; r++) {
        double wave = amplitudeUnits * StrictMath.sin(2 * Math.PI * r / DAY_TICKS);
        dayWaveUnits[r] = (long) wave;
        // trunc changes value at every integer except 0 (it sends (-1, 1) to 0).
        dayMarginUnits[r] = Math.abs(wave) < 1
            ? 1 - Math.abs(wave)
            : Math.min(wave - Math.floor(wave), Math.ceil(wave) - wave);
      }
    }

    @Override
    public long planUnits(long tick) {
      return Math.max(0, Math.min(spanUnits, baseUnits + waveUnits(tick)));
    }

    /**
     * trunc(a * sin(2*pi*i/100)) exactly as {@link #strictWaveUnits} computes it, faster.
     *
     * <p>The reference's phase for tick i differs from the true angle 2*pi*i/100 by a few
     * roundings, at most {@code 6e-16 * phase}, so a * sin(phase) lies within
     * {@code a * (6e-16 * phase + 1e-14)} of a * sin(2*pi*(i mod 100)/100). When the
     * first day's value is farther than that from any point where trunc changes, every
     * sine within the error truncates alike and the first day's answer is the answer;
     * otherwise StrictMath is asked. Measured: 10^8 diurnal ticks took 14 s with
     * StrictMath on every tick.
     */
    long waveUnits(long tick) {
      int dayTick = (int) (tick % DAY_TICKS);
      double phase = 2 * Math.PI * tick / DAY_TICKS;
      double errorUnits = amplitudeUnits * (PHASE_RELATIVE_ERROR * phase + SINE_ERROR);
      if (dayMarginUnits[dayTick] > 2 * errorUnits) {
        return dayWaveUnits[dayTick];
      }
      return strictWaveUnits(tick);
    }

    /**
     * trunc(a * sin(2*pi*i/100)) with the reference's operation order, so the phase is the
     * same double, and StrictMath's sine, so the result is the same on every JVM.
     */
    long strictWaveUnits(long tick) {
      double phase = 2 * Math.PI * tick / DAY_TICKS;
      return (long) (amplitudeUnits * StrictMath.sin(phase));
    }
  }

  private static final class Generated implements PlanSource {
    private final long ticks;
    private final TickPlan tickPlan;
    private long next;

    Generated(long ticks, TickPlan tickPlan) {
      this.ticks = ticks;
      this.tickPlan = tickPlan;
    }

    @Override
    public boolean hasNext() {
      return next < ticks;
    }

    @Override
    public long nextPlanUnits() {
      if (next >= ticks) {
        throw new java.util.NoSuchElementException("the plan has only " + ticks + " ticks");
      }
      return tickPlan.planUnits(next++);
    }
  }
}
