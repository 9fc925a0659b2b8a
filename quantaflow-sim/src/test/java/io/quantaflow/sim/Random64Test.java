package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

final class Random64Test {

  /** Our stream is the published SplitMix64, which the JDK's unsplit stream also is. */
  @Property(tries = 50)
  void nextLong_anySeed_matchesJdkSplittableRandom(@ForAll long seed) {
    Random64 ours = new Random64(seed);
    SplittableRandom jdk = new SplittableRandom(seed);

    for (int i = 0; i < 100; i++) {
      assertThat(ours.nextLong()).as("draw %d of seed %d", i, seed).isEqualTo(jdk.nextLong());
    }
  }

  @Property(tries = 200)
  void nextLongBounded_anyBound_staysInRange(
      @ForAll long seed, @ForAll @LongRange(min = 1) long bound) {
    Random64 random = new Random64(seed);

    for (int i = 0; i < 20; i++) {
      assertThat(random.nextLong(bound)).isBetween(0L, bound - 1);
    }
  }
}
