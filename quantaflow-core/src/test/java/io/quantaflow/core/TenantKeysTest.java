package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

final class TenantKeysTest {

  @Property(tries = 500)
  void unpack_anyShortAsciiId_returnsTheId(
      @ForAll @StringLength(max = 17) @CharRange(from = 0, to = 127) String id) {
    assertThat(TenantKeys.packs(id)).isTrue();

    long low = TenantKeys.low(id, true);
    long high = TenantKeys.high(id, true);

    assertThat(low & 0xFF).isEqualTo(id.length() + 1L);
    assertThat(TenantKeys.unpack(low, high)).isEqualTo(id);
  }

  @Property(tries = 500)
  void low_twoDifferentShortIds_packDifferently(
      @ForAll @StringLength(max = 17) @CharRange(from = 0, to = 127) String a,
      @ForAll @StringLength(max = 17) @CharRange(from = 0, to = 127) String b) {
    boolean samePacking = TenantKeys.low(a, true) == TenantKeys.low(b, true)
        && TenantKeys.high(a, true) == TenantKeys.high(b, true);

    assertThat(samePacking).isEqualTo(a.equals(b));
  }

  @Test
  void packs_longOrNonAsciiIds_areKeptAsStrings() {
    assertThat(TenantKeys.packs("tenant-0001234")).isTrue();
    assertThat(TenantKeys.packs("a".repeat(18))).isFalse();
    assertThat(TenantKeys.packs("caf\u00e9")).isFalse();
    assertThat(TenantKeys.low("caf\u00e9", false) & 0xFF).isEqualTo(TenantKeys.LONG_KEY);
  }
}
