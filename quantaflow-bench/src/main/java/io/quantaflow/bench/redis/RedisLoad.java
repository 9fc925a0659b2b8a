package io.quantaflow.bench.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Limit;
import io.quantaflow.redis.FailurePolicy;
import io.quantaflow.redis.RedisStore;
import io.quantaflow.redis.RedisStoreConfig;
import io.quantaflow.server.store.StoreRequest;
import org.HdrHistogram.Histogram;

/**
 * Decisions per second and latency through Redis: QuantaFlow's RedisStore (one script per
 * decision) and Bucket4j's Lettuce-based distributed bucket (compare-and-swap), against the
 * same Redis in the same run, with the same limit (10,000 tokens per second, burst 10,000),
 * one key or keys drawn uniformly from 1M, and N concurrent callers each on its own thread
 * waiting for its answer.
 *
 * <pre>
 * scripts/redis-bench.sh            # starts its own redis-server, runs both, stops it
 * java -cp ... io.quantaflow.bench.redis.RedisLoad redis://127.0.0.1:PORT \
 *     --callers 64 --seconds 10 --warmup-seconds 3 --keys 1 --impl quantaflow,bucket4j
 * </pre>
 */
public final class RedisLoad {

  private interface Target extends AutoCloseable {
    boolean tryAcquire(String key);

    /** Calls not answered by Redis (errors, timeouts, failure policy). */
    long failures();

    @Override
    void close();
  }

  private RedisLoad() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int callers = 64;
    int seconds = 10;
    int warmupSeconds = 3;
    int keys = 1;
    String impls = "quantaflow,bucket4j";
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--callers" -> callers = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[i + 1]);
        case "--keys" -> keys = Integer.parseInt(args[i + 1]);
        case "--impl" -> impls = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "%-10s %8s %7s %12s %9s %9s %9s %9s %9s%n", "impl", "keys",
        "callers", "decisions/s", "allowed%", "p50 us", "p99 us", "p99.9 us", "failures");
    for (String impl : impls.split(",")) {
      try (Target target = open(impl, uri)) {
        run(target, impl, keys, callers, warmupSeconds, false);
        run(target, impl, keys, callers, seconds, true);
      }
    }
  }

  private static Target open(String impl, String uri) {
    return switch (impl) {
      case "quantaflow" -> quantaflow(uri);
      case "bucket4j" -> bucket4j(uri);
      default -> throw new IllegalArgumentException("impl must be quantaflow or bucket4j (got "
          + impl + ")");
    };
  }

  private static Target quantaflow(String uri) {
    // 10 tokens per 1 ms tick: 10,000 per second; burst 10,000.
    Limit limit = Limit.of(ConstantPlan.of(2, 20), 10_000, 1_000_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // A 1 s timeout: the benchmark measures Redis, not the failure policy.
    RedisStore store = RedisStore.open(RedisStoreConfig.of(uri)
            .withKeyPrefix("bench:qf:")
            .withTimeout(Duration.ofSeconds(1))
            .withFailurePolicy(FailurePolicy.FAIL_CLOSED),
        registry, Duration.ofSeconds(5));
    return new Target() {
      @Override
      public boolean tryAcquire(String key) {
        return store.decideAll(List.of(new StoreRequest(key, limit, 1))).get(0).allowed();
      }

      @Override
      public long failures() {
        return (long) registry.find("quantaflow.redis.policy.decisions").counters().stream()
            .mapToDouble(c -> c.count()).sum();
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  private static Target bucket4j(String uri) {
    RedisClient client = RedisClient.create(uri);
    StatefulRedisConnection<String, byte[]> connection =
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
        .expirationAfterWrite(ExpirationAfterWriteStrategy
            .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build();
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(10_000).refillGreedy(10_000, Duration.ofSeconds(1)))
        .build();
    return new Target() {
      @Override
      public boolean tryAcquire(String key) {
        return buckets.builder().build("bench:b4j:" + key, () -> configuration).tryConsume(1);
      }

      @Override
      public long failures() {
        return 0;
      }

      @Override
      public void close() {
        connection.close();
        client.shutdown();
      }
    };
  }

  private static void run(Target target, String impl, int keys, int callers, int seconds,
      boolean report) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(callers);
    List<Histogram> histograms = new ArrayList<>();
    long[] allowed = new long[callers];
    long[] calls = new long[callers];
    long failuresBefore = target.failures();
    for (int c = 0; c < callers; c++) {
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      histograms.add(histogram);
      int caller = c;
      Thread thread = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(caller);
        try {
          while (!stop.get()) {
            String key = keys == 1 ? "hot" : "k" + random.nextInt(keys);
            long start = System.nanoTime();
            boolean ok = target.tryAcquire(key);
            histogram.recordValue(Math.min(System.nanoTime() - start,
                TimeUnit.SECONDS.toNanos(10)));
            calls[caller]++;
            if (ok) {
              allowed[caller]++;
            }
          }
        } finally {
          done.countDown();
        }
      }, "caller-" + c);
      thread.setDaemon(true);
      thread.start();
    }
    long startNanos = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    stop.set(true);
    done.await();
    double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
    if (!report) {
      return;
    }
    Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    histograms.forEach(all::add);
    long total = 0;
    long admitted = 0;
    for (int c = 0; c < callers; c++) {
      total += calls[c];
      admitted += allowed[c];
    }
    System.out.printf(Locale.ROOT, "%-10s %8d %7d %12.0f %9.1f %9.0f %9.0f %9.0f %9d%n", impl,
        keys, callers, total / elapsedSeconds, 100.0 * admitted / Math.max(1, total),
        all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3,
        all.getValueAtPercentile(99.9) / 1e3, target.failures() - failuresBefore);
  }
}
