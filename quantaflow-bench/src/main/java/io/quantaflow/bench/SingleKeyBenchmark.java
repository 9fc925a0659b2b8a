package io.quantaflow.bench;

import java.util.concurrent.TimeUnit;
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
 * One key, one limiter, every thread asking it for one token: QuantaFlow's
 * {@code Limiter.tryAcquire} against Bucket4j's lock-free local bucket, Guava's
 * {@code RateLimiter.tryAcquire} and Resilience4j's {@code AtomicRateLimiter}, all with the
 * same rate R per second and burst R (see {@link Peers} for why the burst is one second).
 *
 * <p>Two regimes, by {@code ratePerSecond}: at 10^9 per second no thread can outrun the
 * plan, so every decision admits and writes state; at 1000 per second the burst is gone in
 * the first microseconds and nearly every decision denies. The {@code ·allowed} and
 * {@code ·denied} counters show which regime each run was in.
 *
 * <p>Run (from the repository root, after building the benchmarks jar):
 *
 * <pre>
 * java -jar quantaflow-bench/target/benchmarks.jar SingleKeyBenchmark \
 *     -f 1 -wi 2 -w 1s -i 4 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SingleKeyBenchmark {

  @Param({Limiters.QUANTAFLOW, Peers.BUCKET4J, Peers.GUAVA, Peers.RESILIENCE4J})
  public String implementation;

  @Param({"1000000000", "1000"})
  public long ratePerSecond;

  private Decider limiter;

  @Setup
  public void setUp() {
    limiter = Limiters.single(implementation, ratePerSecond);
  }

  @Benchmark
  @Threads(1)
  public boolean tryAcquire_1thread(Outcomes outcomes) {
    return outcomes.record(limiter.tryAcquire());
  }

  @Benchmark
  @Threads(2)
  public boolean tryAcquire_2threads(Outcomes outcomes) {
    return outcomes.record(limiter.tryAcquire());
  }
}
