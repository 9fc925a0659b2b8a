package io.quantaflow.core.pool;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A rough timing of the pool mint loop in tenant-steps per second (tenants * ticks / time),
 * until the JMH version lands in quantaflow-bench. Not a test: run it by hand, e.g.
 *
 * <pre>
 * mvn -B -o -q -pl quantaflow-core -am test-compile
 * java -Xmx3g -cp quantaflow-core/target/classes:quantaflow-core/target/test-classes \
 *     io.quantaflow.core.pool.PoolMintLoopMain 1000000 10000000
 * </pre>
 *
 * <p>Scenarios, all at q = 1000 with seeded random plans and carries starting spread over
 * [0, q):
 * sparse (plans 0..20 units, about 1% of a token a tick; capacity = the plans' sum rounded
 * up, so it binds now and then), dense (plans 0..1999 units, about one token a tick each;
 * capacity = the plans' sum rounded down, so it binds almost every tick and the heap
 * works), oversubscribed (dense plans, capacity 90% of their sum; water-filling shares are
 * computed once and reused while plans and capacity stay put), and dense-heap (dense, with
 * the heap forced instead of the threshold count, at 1M tenants only).
 */
public final class PoolMintLoopMain {

  private PoolMintLoopMain() {}

  public static void main(String[] args) {
    String[] sizes = args.length == 0 ? new String[] {"1000000", "10000000"} : args;
    System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MiB%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    for (String size : sizes) {
      int n = Integer.parseInt(size);
      run("sparse", n, 21, 1.0, 0);
      run("dense", n, 2000, 1.0, 0);
      run("oversubscribed", n, 2000, 0.9, 0);
      if (n <= 1_000_000) {
        run("dense-heap", n, 2000, 1.0, 1);
      }
    }
  }

  private static void run(String name, int n, long planBound, double capacityShare,
      int selection) {
    long q = 1000;
    CapacityPool pool = CapacityPool.builder(n, q).maxTokensPerTick(2).build();
    pool.forceSelection(selection);
    SplittableRandom random = new SplittableRandom(42);
    long total = 0;
    for (int i = 0; i < n; i++) {
      long plan = random.nextLong(planBound);
      pool.setPlanUnits(i, plan);
      total += plan;
      // Start from a steady state: carries spread over [0, q).
      pool.restoreCarryUnits(i, random.nextLong(q));
    }
    long capacity = capacityShare < 1.0
        ? (long) (total * capacityShare / q)
        : (planBound > 100 ? total / q : (total + q - 1) / q);
    long[] minted = new long[1];
    MintSink sink = (tenant, tokens) -> minted[0] += tokens;

    int warmup = selection == 1 ? 1 : 5;
    for (int t = 0; t < warmup; t++) {
      pool.tick(capacity, sink);
    }
    int ticks = selection == 1 ? 3 : n >= 5_000_000 ? 20 : 100;
    minted[0] = 0;
    long start = System.nanoTime();
    for (int t = 0; t < ticks; t++) {
      pool.tick(capacity, sink);
    }
    long nanos = System.nanoTime() - start;

    double stepsPerSecond = (double) n * ticks / (nanos / 1e9);
    System.out.printf(Locale.ROOT,
        "%-15s tenants=%,d ticks=%d capacity=%,d tokens/tick minted=%,d/tick"
            + "  %.1f ms/tick  %.0f M tenant-steps/s%n",
        name, n, ticks, capacity, minted[0] / ticks, nanos / 1e6 / ticks,
        stepsPerSecond / 1e6);
  }
}
