package io.quantaflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class ClockTest {

  @Test
  void tickOf_negativeReading_floorsTowardsMinusInfinity() {
    assertThat(Tick.tickOf(-1, 1_000_000)).isEqualTo(-1);
    assertThat(Tick.tickOf(0, 1_000_000)).isEqualTo(0);
    assertThat(Tick.tickOf(-1_000_000, 1_000_000)).isEqualTo(-1);
    assertThat(Tick.tickOf(-1_000_001, 1_000_000)).isEqualTo(-2);
    assertThat(Tick.tickOf(Long.MIN_VALUE, 1_000)).isEqualTo(Math.floorDiv(Long.MIN_VALUE, 1000));
  }

  @Test
  void startNanos_pastTheLongRange_saturates() {
    assertThat(Tick.startNanos(7, 1_000)).isEqualTo(7_000);
    assertThat(Tick.startNanos(-7, 1_000)).isEqualTo(-7_000);
    assertThat(Tick.startNanos(Long.MAX_VALUE / 1_000 + 1, 1_000)).isEqualTo(Long.MAX_VALUE);
    assertThat(Tick.startNanos(Long.MIN_VALUE / 1_000 - 1, 1_000)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void lastNanos_nextTickStartingAtLongMaxValue_isTheNanosecondBefore() {
    // 153,092,023 divides 2^63 - 1: the tick after this one starts at Long.MAX_VALUE itself.
    long tickNanos = 153_092_023L;
    long tick = Long.MAX_VALUE / tickNanos - 1;

    assertThat(Tick.lastNanos(tick, tickNanos)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(Tick.lastNanos(tick + 1, tickNanos)).isEqualTo(Long.MAX_VALUE);
    assertThat(Tick.lastNanos(7, 1_000)).isEqualTo(7_999);
    assertThat(Tick.lastNanos(Tick.tickOf(Long.MIN_VALUE, 1_000), 1_000))
        .isEqualTo(Tick.startNanos(Tick.tickOf(Long.MIN_VALUE, 1_000) + 1, 1_000) - 1);
  }

  @Test
  void checkTickNanos_outsideOneMicrosecondToOneDay_namesTheRange() {
    assertThat(Tick.checkTickNanos(1_000)).isEqualTo(1_000);
    assertThat(Tick.checkTickNanos(86_400_000_000_000L)).isEqualTo(86_400_000_000_000L);
    assertThatThrownBy(() -> Tick.checkTickNanos(999))
        .hasMessage("tickNanos must be in [1000, 86400000000000] (got 999)");
    assertThatThrownBy(() -> Tick.checkTickNanos(86_400_000_000_001L))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manualClock_setAndAdvance_crossZeroAndReachTheEndOfTheRange() {
    ManualClock clock = new ManualClock(-5);

    assertThat(clock.advance(10)).isEqualTo(5);
    clock.set(Long.MAX_VALUE - 1);
    assertThat(clock.advance(1)).isEqualTo(Long.MAX_VALUE);
    assertThat(clock.advance(-Long.MAX_VALUE)).isEqualTo(0);
    assertThat(clock.nowNanos()).isZero();
  }

  @Test
  void manualClock_advancePastLongMaxValue_isRejectedAndLeavesTheReading() {
    ManualClock clock = new ManualClock(Long.MAX_VALUE);

    assertThatThrownBy(() -> clock.advance(1))
        .hasMessageContaining("deltaNanos must keep the clock within the long range");
    assertThat(clock.nowNanos()).isEqualTo(Long.MAX_VALUE);
    clock.set(Long.MIN_VALUE);
    assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manualClock_concurrentAdvances_loseNone() throws InterruptedException {
    ManualClock clock = new ManualClock();
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] = new Thread(() -> {
        for (int j = 0; j < 10_000; j++) {
          clock.advance(3);
        }
      });
      threads[i].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(clock.nowNanos()).isEqualTo(4 * 10_000 * 3);
  }

  @Test
  void systemClock_readings_neverGoBackAndStartNearTheEpochTime() {
    SystemClock clock = SystemClock.instance();
    long wallNanos = System.currentTimeMillis() * 1_000_000L;

    long first = clock.nowNanos();
    long second = clock.nowNanos();

    assertThat(second).isGreaterThanOrEqualTo(first);
    // Origin is the epoch: the reading is within a minute of wall time.
    assertThat(Math.abs(first - wallNanos)).isLessThan(60_000_000_000L);
  }
}
