package io.quantaflow.bench;

import io.quantaflow.core.pool.CapacityPool;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The capacity pool's mint loop: one operation is one tick over every tenant of the pool,
 * so the {@code ·tenantSteps} counter (ticks times tenants, per second) is the figure to
 * compare across pool sizes, and {@code ·mintedTokens} shows the tokens handed out.
 *
 * <p>Every tenant gets a random plan of 0 to 1/10 token per tick on grid q = 1000 (seed
 * {@value #SEED}, printed in the log), so a tick mints about n/20 tokens. Setup runs the
 * pool until its carries are in steady state (see {@link #warmUpCarries}). The capacity per
 * tick, by {@code capacity}:
 *
 * <ul>
 *   <li>{@code loose}: twice the plans' sum. It never binds: the independent carry rule.
 *   <li>{@code fitting}: the plans' sum rounded up. The plans fit, but the carries that fire
 *       in one tick often want more than C, so largest-deficit-first service runs.
 *   <li>{@code oversubscribed}: half the plans' sum. Water-filling scales the plans to
 *       rational shares first (cached while plans and capacity stay put), then mints.
 * </ul>
 *
 * <p>Run (from the repository root, after building the benchmarks jar):
 *
 * <pre>
 * java -jar quantaflow-bench/target/benchmarks.jar PoolMintBenchmark \
 *     -f 1 -wi 2 -w 1s -i 4 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Threads(1)
public class PoolMintBenchmark {

  static final long SEED = 20261203L;
  static final long Q = 1000;
  static final long MAX_PLAN_UNITS = Q / 10;
  static final int STEADY_TICKS = 3;
  static final int MAX_WARM_UP_TICKS = 200;

  @Param({"1000000", "10000000"})
  public int tenantCount;

  @Param({"loose", "fitting", "oversubscribed"})
  public String capacity;

  private CapacityPool pool;
  private long capacityTokens;

  @Setup
  public void setUp() {
    System.out.printf("%nseed %d%n", SEED);
    pool = CapacityPool.builder(tenantCount, Q).maxTokensPerTick(1).build();
    SplittableRandom random = new SplittableRandom(SEED);
    long totalUnits = 0;
    for (int tenant = 0; tenant < tenantCount; tenant++) {
      long planUnits = random.nextLong(MAX_PLAN_UNITS + 1);
      pool.setPlanUnits(tenant, planUnits);
      totalUnits += planUnits;
    }
    long fitTokens = (totalUnits + Q - 1) / Q;
    capacityTokens = capacityTokens(capacity, fitTokens);
    warmUpCarries();
  }

  /**
   * Ticks until {@value #STEADY_TICKS} ticks in a row have minted, so the measurement sees
   * carries in steady state rather than the first ticks, where every carry is still below
   * one token and a tick is a bare pass over the plans.
   */
  private void warmUpCarries() {
    int mintingInARow = 0;
    int ticks = 0;
    while (mintingInARow < STEADY_TICKS && ticks < MAX_WARM_UP_TICKS) {
      mintingInARow = pool.tick(capacityTokens) > 0 ? mintingInARow + 1 : 0;
      ticks++;
    }
    System.out.printf("carries warmed up over %d ticks%n", ticks);
  }

  static long capacityTokens(String capacity, long fitTokens) {
    switch (capacity) {
      case "loose":
        return 2 * fitTokens;
      case "fitting":
        return fitTokens;
      case "oversubscribed":
        return fitTokens / 2;
      default:
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "capacity must be one of loose, fitting, oversubscribed (got %s)", capacity));
    }
  }

  /**
   * Tenant-steps and tokens minted per second, next to the ticks per second, and the CPU
   * nanoseconds the thread got per second (see {@link Outcomes}).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Work {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long tenantSteps;
    public long mintedTokens;
    public long cpuNanos;
    private long cpuStartNanos;

    @Setup(Level.Iteration)
    public void reset() {
      tenantSteps = 0;
      mintedTokens = 0;
      cpuNanos = 0;
      cpuStartNanos = THREADS.getCurrentThreadCpuTime();
    }

    void record(int tenants, long minted) {
      tenantSteps += tenants;
      mintedTokens += minted;
      cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStartNanos;
    }
  }

  @Benchmark
  public long tick(Work work) {
    long minted = pool.tick(capacityTokens);
    work.record(tenantCount, minted);
    return minted;
  }
}
