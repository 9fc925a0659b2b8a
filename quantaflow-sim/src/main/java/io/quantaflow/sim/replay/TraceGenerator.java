package io.quantaflow.sim.replay;

import io.quantaflow.sim.Random64;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Synthetic request traces of a {@link TraceShape}: each tenant an independent seeded
 * stream, merged in time order, from time 0 to the duration. Memory grows with the number of
 * tenants only. The same arguments give the same trace on every machine (StrictMath for
 * log, sin and pow; Random64 for the draws).
 */
public final class TraceGenerator implements Iterator<TraceRequest> {

  private static final double NANOS_PER_SECOND = 1e9;
  private static final double DAY_SECONDS = 86_400;
  private static final double ON_MEAN_SECONDS = 10;
  private static final double OFF_MEAN_SECONDS = 30;
  private static final double PARETO_SHAPE = 1.5;
  /** Mean of ceil(X) for X Pareto(1, 1.5), about 3.5; bursts come at r / this. */
  private static final double PARETO_MEAN_BURST = 3.5;
  private static final double NOISE = 0.3;

  private final TraceShape shape;
  private final double ratePerSecond;
  private final long durationNanos;
  private final PriorityQueue<Stream> streams = new PriorityQueue<>();
  private long emitted;

  /**
   * @param tenants how many tenants, in [1, 1_000_000]
   * @param ratePerSecond each tenant's mean requests per second, finite and > 0
   * @param durationNanos the length of the trace, > 0
   */
  public TraceGenerator(TraceShape shape, int tenants, double ratePerSecond,
      long durationNanos, long seed) {
    if (tenants < 1 || tenants > 1_000_000) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "tenants must be in [1, 1000000] (got %d)", tenants));
    }
    if (!(ratePerSecond > 0 && Double.isFinite(ratePerSecond))) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "rate must be a finite number of requests per second > 0 (got %s)", ratePerSecond));
    }
    if (durationNanos < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "duration must be > 0 ns (got %d)", durationNanos));
    }
    this.shape = shape;
    this.ratePerSecond = ratePerSecond;
    this.durationNanos = durationNanos;
    Random64 seeds = new Random64(seed);
    for (int i = 0; i < tenants; i++) {
      Stream stream = new Stream(String.format(Locale.ROOT, "tenant-%04d", i + 1), i,
          new Random64(seeds.nextLong()));
      stream.advance();
      if (stream.timeSeconds * NANOS_PER_SECOND < durationNanos) {
        streams.add(stream);
      }
    }
  }

  @Override
  public boolean hasNext() {
    return !streams.isEmpty();
  }

  @Override
  public TraceRequest next() {
    Stream stream = streams.poll();
    if (stream == null) {
      throw new NoSuchElementException("the trace has ended");
    }
    long timeNanos = (long) (stream.timeSeconds * NANOS_PER_SECOND);
    TraceRequest request = new TraceRequest(++emitted, timeNanos, stream.tenant, 1);
    stream.advance();
    if (stream.timeSeconds * NANOS_PER_SECOND < durationNanos) {
      streams.add(stream);
    }
    return request;
  }

  /** One tenant's arrivals. */
  private final class Stream implements Comparable<Stream> {
    private final String tenant;
    private final int index;
    private final Random64 random;
    private double timeSeconds;
    private boolean started;
    // ON_OFF: whether on, and when the current period ends.
    private boolean on;
    private double periodEndSeconds;
    // DIURNAL_NOISE: the noise factor of the current minute.
    private long noiseMinute = -1;
    private double noiseFactor;
    // PARETO_BURSTS: requests left in the current burst.
    private long burstLeft;

    Stream(String tenant, int index, Random64 random) {
      this.tenant = tenant;
      this.index = index;
      this.random = random;
    }

    void advance() {
      switch (shape) {
        case POISSON:
          timeSeconds += exponential(ratePerSecond);
          break;
        case ON_OFF:
          advanceOnOff();
          break;
        case DIURNAL_NOISE:
          advanceDiurnal();
          break;
        default:
          advancePareto();
      }
      started = true;
    }

    private void advanceOnOff() {
      if (!started) {
        on = uniform() < ON_MEAN_SECONDS / (ON_MEAN_SECONDS + OFF_MEAN_SECONDS);
        periodEndSeconds = exponential(1 / (on ? ON_MEAN_SECONDS : OFF_MEAN_SECONDS));
      }
      double peak = ratePerSecond * (ON_MEAN_SECONDS + OFF_MEAN_SECONDS) / ON_MEAN_SECONDS;
      while (true) {
        if (on) {
          double candidate = timeSeconds + exponential(peak);
          if (candidate < periodEndSeconds) {
            timeSeconds = candidate;
            return;
          }
        }
        // Arrivals are memoryless: skip to the end of this period and flip.
        timeSeconds = periodEndSeconds;
        on = !on;
        periodEndSeconds = timeSeconds
            + exponential(1 / (on ? ON_MEAN_SECONDS : OFF_MEAN_SECONDS));
      }
    }

    private void advanceDiurnal() {
      double maxRate = ratePerSecond * 1.5 * (1 + NOISE);
      while (true) {
        timeSeconds += exponential(maxRate);
        long minute = (long) (timeSeconds / 60);
        if (minute != noiseMinute) {
          noiseMinute = minute;
          noiseFactor = 1 + NOISE * (2 * uniform() - 1);
        }
        double wave = 1 + 0.5 * StrictMath.sin(2 * Math.PI * timeSeconds / DAY_SECONDS);
        double rate = ratePerSecond * wave * noiseFactor;
        if (uniform() * maxRate < rate) {
          return;
        }
      }
    }

    private void advancePareto() {
      if (burstLeft > 0) {
        burstLeft--;
        return;
      }
      timeSeconds += exponential(ratePerSecond / PARETO_MEAN_BURST);
      double size = StrictMath.pow(1 - uniform(), -1 / PARETO_SHAPE);
      burstLeft = (long) Math.min(1_000_000, Math.ceil(size)) - 1;
    }

    private double exponential(double rate) {
      return -StrictMath.log(1 - uniform()) / rate;
    }

    /** Uniform in [0, 1), 53 random bits. */
    private double uniform() {
      return (random.nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public int compareTo(Stream other) {
      int byTime = Double.compare(timeSeconds, other.timeSeconds);
      return byTime != 0 ? byTime : Integer.compare(index, other.index);
    }
  }
}
