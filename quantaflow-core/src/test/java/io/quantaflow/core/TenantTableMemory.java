package io.quantaflow.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures the heap a {@link TenantTable} needs per tenant, key included, from heap usage
 * after full collections. Not a test: run it by hand, for example
 *
 * <pre>
 * mvn -B -o -q -pl quantaflow-core -am test-compile
 * java -Xmx8g -XX:+UseParallelGC \
 *     -cp quantaflow-core/target/classes:quantaflow-core/target/test-classes \
 *     io.quantaflow.core.TenantTableMemory 1000000 10000000
 * </pre>
 *
 * <p>For each count it fills a table with ids like {@code tenant-0001234}, each having taken
 * one token (so every state is live and distinct), then prints bytes per tenant. It also
 * measures a flood of that many distinct ids into a table capped at a tenth of them, and, as
 * a baseline, a {@code ConcurrentHashMap<String, Limiter>} at the first count.
 */
final class TenantTableMemory {

  private TenantTableMemory() {}

  public static void main(String[] args) {
    long[] counts = args.length == 0 ? new long[] {1_000_000, 10_000_000}
        : Arrays.stream(args).mapToLong(Long::parseLong).toArray();
    System.out.printf(Locale.ROOT, "java %s, %s, max heap %d MiB%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() >> 20);
    for (long count : counts) {
      measureTable(count);
    }
    for (long count : counts) {
      measureFlood(count, count / 10);
    }
    measureBaseline(counts[0]);
  }

  private static String id(long i) {
    return String.format(Locale.ROOT, "tenant-%07d", i);
  }

  private static void measureTable(long count) {
    ManualClock clock = new ManualClock();
    long before = usedAfterGc();
    TenantTable table = TenantTable.builder(Limit.of(1_000, 250, 5)).clock(clock).build();
    for (long i = 0; i < count; i++) {
      table.tryAcquire(id(i));
    }
    long after = usedAfterGc();
    report("TenantTable", count, table.size(), after - before,
        String.format(Locale.ROOT, "slots %d", table.slotCapacity()));
    keep(table);
  }

  private static void measureFlood(long ids, long maxTenants) {
    ManualClock clock = new ManualClock();
    long before = usedAfterGc();
    TenantTable table = TenantTable.builder(Limit.of(1_000, 250, 5)).clock(clock)
        .maxTenants(maxTenants).build();
    for (long i = 0; i < ids; i++) {
      table.tryAcquire("flood-" + i);
      if (i % 1_000 == 0) {
        clock.advance(1_000_000);
      }
    }
    long after = usedAfterGc();
    report("TenantTable flood of " + ids + " ids, maxTenants " + maxTenants, maxTenants,
        table.size(), after - before, "stats " + table.stats());
    keep(table);
  }

  private static void measureBaseline(long count) {
    ManualClock clock = new ManualClock();
    Limit limit = Limit.of(1_000, 250, 5);
    long before = usedAfterGc();
    Map<String, Limiter> map = new ConcurrentHashMap<>();
    for (long i = 0; i < count; i++) {
      map.computeIfAbsent(id(i), key -> new Limiter(limit, clock)).tryAcquire();
    }
    long after = usedAfterGc();
    report("ConcurrentHashMap<String, Limiter> (baseline)", count, map.size(), after - before,
        "");
    keep(map);
  }

  private static void report(String what, long count, long size, long bytes, String extra) {
    System.out.printf(Locale.ROOT, "%s: %d tenants held, %.1f MiB, %.1f bytes per tenant %s%n",
        what, size, bytes / 1048576.0, bytes / (double) count, extra);
  }

  private static volatile Object sink;

  private static void keep(Object object) {
    sink = object;
    sink = null;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
