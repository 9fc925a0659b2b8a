package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class GridPlanTest {

  @Test
  void constructor_outOfRange_throwsNamingTheComponent() {
    assertThatThrownBy(() -> new GridPlan(1, 0))
        .hasMessage("q must be in [2, 2147483647] (got 1)");
    assertThatThrownBy(() -> new GridPlan(10, -1))
        .hasMessage("planUnits must be in [0, 10485760] (got -1)");
    assertThatThrownBy(() -> new GridPlan(10, 10_485_761))
        .hasMessage("planUnits must be in [0, 10485760] (got 10485761)");
  }

  @Test
  void smallestMaxTokensPerTick_roundsUpAndIsAtLeastOne() {
    assertThat(new GridPlan(10, 0).smallestMaxTokensPerTick()).isEqualTo(1);
    assertThat(new GridPlan(10, 10).smallestMaxTokensPerTick()).isEqualTo(1);
    assertThat(new GridPlan(10, 11).smallestMaxTokensPerTick()).isEqualTo(2);
    assertThat(new GridPlan(10, 10_485_760).smallestMaxTokensPerTick()).isEqualTo(1L << 20);
  }

  @Test
  void rate_isTheReducedFraction() {
    assertThat(new GridPlan(100, 30).rate()).isEqualTo(ExactRate.of(3, 10));
    assertThat(new GridPlan(100, 30)).hasToString("30/100 per tick");
  }
}
