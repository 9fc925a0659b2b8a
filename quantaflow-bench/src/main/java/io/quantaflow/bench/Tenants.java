package io.quantaflow.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Precomputed fixtures for keyed workloads: tenant ids and a random stream of indices into
 * them, so the measured loop does no string building and no random number generation.
 */
final class Tenants {

  /** Indices in the random stream: 4 Mi, so it does not fit in any cache either. */
  static final int STREAM_LENGTH = 1 << 22;

  private Tenants() {}

  /** Tenant ids {@code tenant-0000000} upwards, with their hash codes already cached. */
  static String[] ids(int tenantCount) {
    String[] ids = new String[tenantCount];
    for (int i = 0; i < tenantCount; i++) {
      ids[i] = String.format(Locale.ROOT, "tenant-%07d", i);
      ids[i].hashCode();
    }
    return ids;
  }

  /** Uniformly random indices in [0, tenantCount), reproducible from {@code seed}. */
  static int[] randomStream(int tenantCount, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] stream = new int[STREAM_LENGTH];
    for (int i = 0; i < stream.length; i++) {
      stream[i] = random.nextInt(tenantCount);
    }
    return stream;
  }
}
