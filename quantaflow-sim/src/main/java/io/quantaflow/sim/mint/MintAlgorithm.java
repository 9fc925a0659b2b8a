package io.quantaflow.sim.mint;

import io.quantaflow.core.CarryRule;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The minting algorithms a comparison runs side by side. Each takes the same per-tick plan
 * x_q (a rate of x_q/q tokens per tick) and hands whole tokens to a client that takes every
 * token the moment it may, never more than M in one tick. Each constant says where its
 * model comes from.
 */
public enum MintAlgorithm {

  /** QuantaFlow: exact integer carry on the 1/q grid. */
  CARRY_RULE("carry-rule",
      "QuantaFlow's carry rule (io.quantaflow.core.CarryRule): E += x_q, emit floor(E/q), "
          + "keep E mod q.") {
    @Override
    public Minter create(MintSettings settings) {
      CarryRule rule = new CarryRule(settings.q(), settings.maxTokensPerTick());
      return rule::step;
    }
  },

  /** Round each tick's rate to the nearest whole number of tokens. */
  NAIVE_ROUNDING("naive-rounding",
      "Per-tick rounding: a limiter configured with whole tokens per tick rounds the rate "
          + "once, Math.round(x_q/q), half up. A rate below 0.5 mints nothing, ever.") {
    @Override
    public Minter create(MintSettings settings) {
      double q = settings.q();
      return planUnits -> Math.round(planUnits / q);
    }
  },

  /** A running double total of the plan; tokens so far = floor(total). */
  DOUBLE_ACCUMULATION("double-accumulation",
      "Floating-point accumulation: total += x_q/q as a double every tick and tokens so far "
          + "= floor(total), as code that adds rate * elapsed to a double counter does. "
          + "Rounding errors add up as the total grows.") {
    @Override
    public Minter create(MintSettings settings) {
      return new DoubleAccumulation(settings.q(), settings.maxTokensPerTick());
    }
  },

  /** Stochastic rounding of each tick's rate, seeded. */
  RANDOMIZED_ROUNDING("randomized-rounding",
      "Randomized (stochastic) rounding, after Raghavan and Thompson (1987): floor(x_q/q) "
          + "plus one more token with probability (x_q mod q)/q, from a SplitMix64 stream "
          + "derived from --seed (not the rand scenario's own stream). Right on average; its "
          + "error is a random walk.") {
    @Override
    public Minter create(MintSettings settings) {
      return new RandomizedRounding(settings.q(), settings.seed());
    }
  },

  /** A token bucket whose level is a double, refilled by the rate each tick. */
  TOKEN_BUCKET_FLOAT("token-bucket-float",
      "Token bucket with floating-point refill (the textbook bucket; Guava's RateLimiter "
          + "keeps its stored permits as a double likewise): level = min(capacity, level + "
          + "x_q/q) in double, the client takes floor(level). Capacity M + 1 tokens, so the "
          + "cap never binds for a greedy client.") {
    @Override
    public Minter create(MintSettings settings) {
      return new TokenBucketFloat(settings.q(), settings.maxTokensPerTick() + 1);
    }
  },

  /** GCRA virtual scheduling with an emission interval in whole nanoseconds. */
  GCRA("gcra",
      "Generic cell rate algorithm, virtual scheduling form (ITU-T I.371), tolerance 0: a "
          + "cell is due every T = tick*q/x_q, held in whole nanoseconds (truncated) as "
          + "implementations that keep durations in integer nanoseconds do; the client "
          + "takes each cell when due. Idle time earns no credit.") {
    @Override
    public Minter create(MintSettings settings) {
      return new Gcra(settings.q(), settings.maxTokensPerTick(), settings.tickNanos());
    }
  },

  /** A counter per fixed window; the whole window's allowance at its first tick. */
  FIXED_WINDOW("fixed-window",
      "Fixed window counter (one counter per window of --window ticks, as with a Redis "
          + "INCR plus EXPIRE per window key); its limit is the plan of the last --window "
          + "ticks, floor(plan(W)), and the client takes what the limit leaves, at most M "
          + "a tick, as soon as it may.") {
    @Override
    public Minter create(MintSettings settings) {
      return new FixedWindow(settings.q(), settings.maxTokensPerTick(), settings.windowTicks());
    }
  },

  /** A log of grant times; at most the limit in any window. */
  SLIDING_LOG("sliding-log",
      "Sliding window log: the grants of the last --window ticks are kept and a grant is "
          + "allowed while fewer than floor(plan(W)) are logged, plan(W) the plan of the "
          + "last --window ticks; at most M a tick.") {
    @Override
    public Minter create(MintSettings settings) {
      return new SlidingLog(settings.q(), settings.maxTokensPerTick(), settings.windowTicks());
    }
  },

  /** Two counters, the previous window's weighted by how much of it still overlaps. */
  SLIDING_WINDOW("sliding-window",
      "Two-counter sliding window approximation (as Cloudflare described its rate limiting "
          + "in 2017): estimate = previous * (1 - elapsed/window) + current, a grant allowed "
          + "while estimate < floor(plan(W)), plan(W) the plan of the last --window ticks; "
          + "at most M a tick; computed exactly here.") {
    @Override
    public Minter create(MintSettings settings) {
      return new SlidingWindow(settings.q(), settings.maxTokensPerTick(), settings.windowTicks());
    }
  };

  private final String cliName;
  private final String source;

  MintAlgorithm(String cliName, String source) {
    this.cliName = cliName;
    this.source = source;
  }

  /** A new instance with fresh state. */
  public abstract Minter create(MintSettings settings);

  /** The name used on the command line and in reports. */
  public String cliName() {
    return cliName;
  }

  /** What the model is and where it comes from. */
  public String source() {
    return source;
  }

  /** All names, comma separated, for help and errors. */
  public static String names() {
    return Arrays.stream(values()).map(MintAlgorithm::cliName)
        .collect(Collectors.joining(", "));
  }

  /**
   * Parses a name as {@link #cliName()} gives it, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static MintAlgorithm parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (MintAlgorithm algorithm : values()) {
      if (algorithm.cliName.equals(name)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "algorithm must be one of %s (got \"%s\")", names(), text));
  }
}
