package io.quantaflow.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SeriesTest {

  @Test
  void add_manyTicks_keepsAtMostMaxPointsEvenlySpaced() {
    Series series = new Series();

    for (long tick = 0; tick < 1_000_000; tick++) {
      series.add(tick, tick * 2.0);
    }

    assertThat(series.size()).isBetween(Series.MAX_POINTS / 2, Series.MAX_POINTS);
    long stride = series.tick(1) - series.tick(0);
    for (int i = 1; i < series.size(); i++) {
      assertThat(series.tick(i) - series.tick(i - 1)).isEqualTo(stride);
      assertThat(series.value(i)).isEqualTo(series.tick(i) * 2.0);
    }
    assertThat(series.tick(0)).isZero();
  }

  @Test
  void add_fewTicks_keepsAll() {
    Series series = new Series();

    for (long tick = 0; tick < 10; tick++) {
      series.add(tick, 1);
    }

    assertThat(series.ticks()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
