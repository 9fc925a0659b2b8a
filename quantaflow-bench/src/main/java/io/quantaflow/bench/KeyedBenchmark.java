package io.quantaflow.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * A million tenants asked in random order: QuantaFlow's {@code TenantTable} against the usual
 * {@code ConcurrentHashMap} from tenant id to a peer's limiter ({@link LimiterMap}).
 *
 * <p>Every tenant has the same plan, 1000 tokens per second with a burst of 1000. Setup
 * creates every tenant once (so the measurement is of decisions, not of first-time
 * creation) and precomputes the ids and a 4 Mi-long uniformly random index stream with a
 * fixed seed ({@value #SEED}); each thread starts at its own offset in the stream. At these
 * rates a tenant is asked far less often than its plan allows, so nearly every decision
 * admits; the {@code ·allowed} and {@code ·denied} counters show it.
 *
 * <p>Run (from the repository root, after building the benchmarks jar):
 *
 * <pre>
 * java -jar quantaflow-bench/target/benchmarks.jar KeyedBenchmark \
 *     -f 1 -wi 2 -w 1s -i 4 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class KeyedBenchmark {

  static final long SEED = 20261203L;

  @Param({Limiters.QUANTAFLOW, Peers.BUCKET4J, Peers.GUAVA, Peers.RESILIENCE4J})
  public String implementation;

  @Param({"1000000"})
  public int tenantCount;

  @Param({"1000"})
  public long ratePerSecond;

  String[] tenants;
  int[] stream;
  KeyedDecider table;
  final AtomicInteger threadsStarted = new AtomicInteger();

  @Setup
  public void setUp() {
    System.out.printf("%nseed %d%n", SEED);
    tenants = Tenants.ids(tenantCount);
    stream = Tenants.randomStream(tenantCount, SEED);
    table = Limiters.keyed(implementation, ratePerSecond);
    for (String tenant : tenants) {
      table.tryAcquire(tenant);
    }
  }

  /** Where one thread is in the shared random stream. */
  @State(Scope.Thread)
  public static class Cursor {
    int position;

    @Setup
    public void setUp(KeyedBenchmark benchmark) {
      // Threads start a quarter of the stream apart so they do not ask the same tenants.
      position = benchmark.threadsStarted.getAndIncrement() * (Tenants.STREAM_LENGTH / 4);
    }

    String next(KeyedBenchmark benchmark) {
      int index = benchmark.stream[position & (Tenants.STREAM_LENGTH - 1)];
      position++;
      return benchmark.tenants[index];
    }
  }

  @Benchmark
  @Threads(1)
  public boolean tryAcquire_1thread(Cursor cursor, Outcomes outcomes) {
    return outcomes.record(table.tryAcquire(cursor.next(this)));
  }

  @Benchmark
  @Threads(2)
  public boolean tryAcquire_2threads(Cursor cursor, Outcomes outcomes) {
    return outcomes.record(table.tryAcquire(cursor.next(this)));
  }
}
