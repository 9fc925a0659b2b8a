package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {

  private final AtomicLong nowNanos = new AtomicLong(Long.MAX_VALUE - 1_000);
  private final CircuitBreaker breaker = new CircuitBreaker(3, 500, nowNanos::get);

  @Test
  void tryAcquire_fewerFailuresThanThreshold_staysClosed() {
    breaker.onFailure();
    breaker.onFailure();

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void tryAcquire_successBetweenFailures_resetsCount() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void tryAcquire_thresholdReached_refusesUntilOpenPeriodEnds() {
    openBreaker();

    assertThat(breaker.tryAcquire()).isFalse();
    nowNanos.addAndGet(499);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void tryAcquire_halfOpen_letsExactlyOneProbeThrough() {
    openBreaker();
    // The clock crosses Long.MAX_VALUE here: the breaker compares differences.
    nowNanos.addAndGet(2_000);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();
  }

  @Test
  void onSuccess_afterProbe_closes() {
    openBreaker();
    nowNanos.addAndGet(500);
    breaker.tryAcquire();

    breaker.onSuccess();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void onFailure_afterProbe_opensForAnotherPeriod() {
    openBreaker();
    nowNanos.addAndGet(500);
    breaker.tryAcquire();

    breaker.onFailure();

    assertThat(breaker.tryAcquire()).isFalse();
    nowNanos.addAndGet(500);
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void constructor_zeroThreshold_namesTheValue() {
    assertThatThrownBy(() -> new CircuitBreaker(0, 1, nowNanos::get))
        .hasMessage("failureThreshold must be >= 1 (got 0)");
  }

  private void openBreaker() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onFailure();
  }
}
