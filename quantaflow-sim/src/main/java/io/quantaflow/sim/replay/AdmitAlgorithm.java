package io.quantaflow.sim.replay;

import io.quantaflow.core.Admission;
import io.quantaflow.core.AdmissionState;
import io.quantaflow.core.Limit;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The admission algorithms a replay runs side by side, each with the same rate r and burst
 * B. A request of cost c asks for c tokens. Each constant says where its model comes from.
 *
 * <p>The window-based algorithms use a window of B/r ticks with a limit of B: the window
 * holds exactly the burst's worth of plan, the usual way to give them "rate r, burst B".
 *
 * <p>A zero plan admits nothing in every model ({@link #admitter}), as in QuantaFlow, where
 * a zero plan never fills the bank: a tenant planned zero is blocked. Left to themselves
 * the models would disagree (a bucket that starts full hands out B once; GCRA's interval
 * and the windows' span B/r are infinite), and a comparison at rate zero would measure
 * those accidents rather than the algorithms.
 */
public enum AdmitAlgorithm {

  /** QuantaFlow: the core engine's admission functions. */
  QUANTAFLOW("quantaflow",
      "QuantaFlow admission (io.quantaflow.core.Admission.decide): a bank of at most B "
          + "tokens fed by the carry rule, exact integers.") {
    @Override
    Admitter create(AdmitSettings settings) {
      Limit limit = Limit.of(settings.plan(), settings.burstTokens(), settings.tickNanos());
      return new Admitter() {
        private AdmissionState state;

        @Override
        public boolean admit(long tick, long nowNanos, long cost) {
          Admission.Result result = Admission.decide(limit, state, nowNanos, cost);
          state = result.state();
          return result.decision().allowed();
        }
      };
    }
  },

  /** A token bucket whose level is a double, refilled by elapsed time times the rate. */
  TOKEN_BUCKET_FLOAT("token-bucket-float",
      "Token bucket with floating-point refill, the textbook form (and Guava's stored "
          + "permits): level = min(B, level + elapsed ticks * r) in double; a request "
          + "passes when level >= cost. Starts full.") {
    @Override
    Admitter create(AdmitSettings settings) {
      double rate = (double) settings.planUnits() / settings.q();
      double capacity = settings.burstTokens();
      return new Admitter() {
        private double level = capacity;
        private long lastTick = Long.MIN_VALUE;

        @Override
        public boolean admit(long tick, long nowNanos, long cost) {
          if (lastTick != Long.MIN_VALUE) {
            level = Math.min(capacity, level + (tick - lastTick) * rate);
          }
          lastTick = tick;
          if (level >= cost) {
            level -= cost;
            return true;
          }
          return false;
        }
      };
    }
  },

  /** GCRA with emission interval T and tolerance (B - 1) * T, in whole nanoseconds. */
  GCRA("gcra",
      "Generic cell rate algorithm, virtual scheduling form (ITU-T I.371), as Redis-based "
          + "limiters implement it: T = tick/r truncated to whole nanoseconds, tolerance "
          + "(B - 1) * T; a request of cost c passes when max(TAT, now) + c*T - now <= B*T.") {
    @Override
    Admitter create(AdmitSettings settings) {
      long emissionNanos = settings.planUnits() == 0 ? Long.MAX_VALUE
          : Math.max(1, saturatingMultiply(settings.tickNanos(), settings.q())
              / settings.planUnits());
      long limitNanos = saturatingMultiply(emissionNanos, settings.burstTokens());
      return new Admitter() {
        private long tatNanos = Long.MIN_VALUE;

        @Override
        public boolean admit(long tick, long nowNanos, long cost) {
          long base = Math.max(tatNanos, nowNanos);
          long newTat = saturatingAdd(base, saturatingMultiply(emissionNanos, cost));
          if (newTat - nowNanos <= limitNanos && newTat != Long.MAX_VALUE) {
            tatNanos = newTat;
            return true;
          }
          return false;
        }
      };
    }
  },

  /** One counter per window of B/r ticks, limit B. */
  FIXED_WINDOW("fixed-window",
      "Fixed window counter (a counter per window key, reset when the window changes): "
          + "windows of B/r ticks, at most B tokens in each.") {
    @Override
    Admitter create(AdmitSettings settings) {
      long span = settings.windowSpanUnits();
      return new Admitter() {
        private long window = Long.MIN_VALUE;
        private long used;

        @Override
        public boolean admit(long tick, long nowNanos, long cost) {
          long current = Math.floorDiv(Math.multiplyExact(tick, settings.planUnits()), span);
          if (current != window) {
            window = current;
            used = 0;
          }
          if (used + cost <= settings.burstTokens()) {
            used += cost;
            return true;
          }
          return false;
        }
      };
    }
  },

  /** A log of admitted requests over the last B/r ticks, limit B. */
  SLIDING_LOG("sliding-log",
      "Sliding window log (a sorted set of request times per key): a request passes when "
          + "the tokens admitted in the last B/r ticks plus its cost are at most B.") {
    @Override
    Admitter create(AdmitSettings settings) {
      long span = settings.windowSpanUnits();
      return new Admitter() {
        private final ArrayDeque<long[]> log = new ArrayDeque<>();
        private long logged;

        @Override
        public boolean admit(long tick, long nowNanos, long cost) {
          // An entry leaves once (tick - entry) * r >= B, that is a whole window later.
          while (!log.isEmpty()
              && Math.multiplyExact(tick - log.peekFirst()[0], settings.planUnits()) >= span) {
            logged -= log.pollFirst()[1];
          }
          if (logged + cost <= settings.burstTokens()) {
            log.addLast(new long[] {tick, cost});
            logged += cost;
            return true;
          }
          return false;
        }
      };
    }
  },

  /** Two counters, the previous window's weighted by its remaining overlap. */
  SLIDING_WINDOW("sliding-window",
      "Two-counter sliding window approximation (as Cloudflare described its rate limiting "
          + "in 2017): estimate = previous * (1 - elapsed/window) + current, windows of B/r "
          + "ticks; a request passes when estimate + cost <= B. Exact arithmetic here.") {
    @Override
    Admitter create(AdmitSettings settings) {
      long span = settings.windowSpanUnits();
      long burst = settings.burstTokens();
      return new Admitter() {
        private long window = Long.MIN_VALUE;
        private long previous;
        private long current;

        @Override
        public boolean admit(long tick, long nowNanos, long cost) {
          long position = Math.multiplyExact(tick, settings.planUnits());
          long index = Math.floorDiv(position, span);
          if (index != window) {
            previous = index == window + 1 ? current : 0;
            current = 0;
            window = index;
          }
          long elapsed = Math.floorMod(position, span);
          // previous * (span - elapsed) / span + current + cost <= B, times span.
          long weighted = Math.addExact(Math.multiplyExact(previous, span - elapsed),
              Math.multiplyExact(current + cost, span));
          if (weighted <= Math.multiplyExact(burst, span)) {
            current += cost;
            return true;
          }
          return false;
        }
      };
    }
  };

  private final String cliName;
  private final String source;

  AdmitAlgorithm(String cliName, String source) {
    this.cliName = cliName;
    this.source = source;
  }

  /** A new admitter for one tenant, with fresh state; a zero plan admits nothing. */
  Admitter admitter(AdmitSettings settings) {
    if (settings.planUnits() == 0) {
      return (tick, nowNanos, cost) -> false;
    }
    return create(settings);
  }

  /** The model itself, for a plan above zero. */
  abstract Admitter create(AdmitSettings settings);

  public String cliName() {
    return cliName;
  }

  /** What the model is and where it comes from. */
  public String source() {
    return source;
  }

  public static String names() {
    return Arrays.stream(values()).map(AdmitAlgorithm::cliName)
        .collect(Collectors.joining(", "));
  }

  /**
   * Parses a name as {@link #cliName()} gives it, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static AdmitAlgorithm parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (AdmitAlgorithm algorithm : values()) {
      if (algorithm.cliName.equals(name)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "algorithm must be one of %s (got \"%s\")", names(), text));
  }

  private static long saturatingMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return low;
    }
    return Long.MAX_VALUE;
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
