package io.quantaflow.bench;

import com.google.common.util.concurrent.RateLimiter;
import io.github.bucket4j.Bucket;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Locale;

/**
 * The peers, each configured as its documentation recommends for "R tokens per second with
 * a burst of R": the burst is one second of rate because that is the only burst Guava's
 * {@code RateLimiter.create} offers and what Resilience4j's one-second refresh period means.
 *
 * <ul>
 *   <li>Bucket4j: the default local bucket (lock-free, millisecond clock), capacity R,
 *       greedy refill of R per second. It starts full.
 *   <li>Guava: {@code RateLimiter.create(R)}, {@code tryAcquire()} (no waiting).
 *   <li>Resilience4j: {@code AtomicRateLimiter}, R permits per 1 s period, timeout zero,
 *       {@code acquirePermission()}.
 * </ul>
 */
final class Peers {

  static final String BUCKET4J = "bucket4j";
  static final String GUAVA = "guava";
  static final String RESILIENCE4J = "resilience4j";

  private Peers() {}

  static Bucket bucket4j(long ratePerSecond) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(ratePerSecond)
            .refillGreedy(ratePerSecond, Duration.ofSeconds(1)))
        .build();
  }

  static RateLimiter guava(long ratePerSecond) {
    return RateLimiter.create(ratePerSecond);
  }

  static RateLimiterConfig resilience4jConfig(long ratePerSecond) {
    if (ratePerSecond > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "ratePerSecond must be <= %d for Resilience4j (got %d)",
          Integer.MAX_VALUE, ratePerSecond));
    }
    return RateLimiterConfig.custom()
        .limitForPeriod((int) ratePerSecond)
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  static AtomicRateLimiter resilience4j(String name, RateLimiterConfig config) {
    return new AtomicRateLimiter(name, config);
  }

  /** One peer limiter for one key. */
  static Decider single(String implementation, long ratePerSecond) {
    switch (implementation) {
      case BUCKET4J:
        Bucket bucket = bucket4j(ratePerSecond);
        return () -> bucket.tryConsume(1);
      case GUAVA:
        RateLimiter guava = guava(ratePerSecond);
        return guava::tryAcquire;
      case RESILIENCE4J:
        AtomicRateLimiter atomic =
            resilience4j("single", resilience4jConfig(ratePerSecond));
        return atomic::acquirePermission;
      default:
        throw unknown(implementation);
    }
  }

  /** The usual keyed form of a peer: a ConcurrentHashMap from tenant to its own limiter. */
  static KeyedDecider keyed(String implementation, long ratePerSecond) {
    switch (implementation) {
      case BUCKET4J:
        return new LimiterMap<Bucket>(
            tenant -> bucket4j(ratePerSecond), bucket -> bucket.tryConsume(1));
      case GUAVA:
        return new LimiterMap<RateLimiter>(
            tenant -> guava(ratePerSecond), RateLimiter::tryAcquire);
      case RESILIENCE4J:
        RateLimiterConfig config = resilience4jConfig(ratePerSecond);
        return new LimiterMap<AtomicRateLimiter>(
            tenant -> resilience4j(tenant, config), AtomicRateLimiter::acquirePermission);
      default:
        throw unknown(implementation);
    }
  }

  static IllegalArgumentException unknown(String implementation) {
    return new IllegalArgumentException(String.format(Locale.ROOT,
        "implementation must be one of quantaflow, %s, %s, %s (got %s)",
        BUCKET4J, GUAVA, RESILIENCE4J, implementation));
  }
}
