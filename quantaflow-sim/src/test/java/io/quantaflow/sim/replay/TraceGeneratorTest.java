package io.quantaflow.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class TraceGeneratorTest {

  private static final long ONE_HOUR_NANOS = 3_600_000_000_000L;

  private static List<TraceRequest> generate(TraceShape shape, int tenants, double rate,
      long durationNanos, long seed) {
    List<TraceRequest> requests = new ArrayList<>();
    new TraceGenerator(shape, tenants, rate, durationNanos, seed).forEachRemaining(requests::add);
    return requests;
  }

  @ParameterizedTest
  @EnumSource(TraceShape.class)
  void generate_anyShape_reproducibleOrderedAndNearTheMeanRate(TraceShape shape) {
    List<TraceRequest> first = generate(shape, 20, 1.0, ONE_HOUR_NANOS, 11);
    List<TraceRequest> second = generate(shape, 20, 1.0, ONE_HOUR_NANOS, 11);
    List<TraceRequest> otherSeed = generate(shape, 20, 1.0, ONE_HOUR_NANOS, 12);

    assertThat(first).isEqualTo(second).isNotEqualTo(otherSeed);
    for (int i = 1; i < first.size(); i++) {
      assertThat(first.get(i).timeNanos()).isGreaterThanOrEqualTo(first.get(i - 1).timeNanos());
    }
    assertThat(first).allSatisfy(request -> assertThat(request.timeNanos())
        .isBetween(0L, ONE_HOUR_NANOS - 1));
    // 20 tenants * 3600 s * 1/s = 72000 on average; bursty shapes wander more.
    assertThat(first.size()).isBetween(60_000, 86_000);
  }

  @Test
  void generate_poisson_meanRateWithinTwoPercent() {
    List<TraceRequest> requests = generate(TraceShape.POISSON, 50, 2.0, ONE_HOUR_NANOS, 3);

    // Expected 360000, standard deviation 600.
    assertThat(requests.size()).isBetween(352_800, 367_200);
  }

  @Test
  void generate_paretoBursts_sendManyRequestsAtOnce() {
    Map<String, Integer> sameInstant = new HashMap<>();
    for (TraceRequest request : generate(TraceShape.PARETO_BURSTS, 5, 1.0, ONE_HOUR_NANOS, 5)) {
      sameInstant.merge(request.tenant() + "@" + request.timeNanos(), 1, Integer::sum);
    }

    int largestBurst = sameInstant.values().stream().mapToInt(Integer::intValue).max()
        .orElse(0);
    assertThat(largestBurst).isGreaterThan(20);
  }

  @Test
  void generate_onOff_hasLongSilences() {
    List<TraceRequest> requests = generate(TraceShape.ON_OFF, 1, 1.0, ONE_HOUR_NANOS, 9);

    long longestGapNanos = 0;
    for (int i = 1; i < requests.size(); i++) {
      longestGapNanos = Math.max(longestGapNanos,
          requests.get(i).timeNanos() - requests.get(i - 1).timeNanos());
    }
    // OFF periods average 30 s; Poisson at 1/s would almost never leave 60 s empty.
    assertThat(longestGapNanos).isGreaterThan(60_000_000_000L);
  }

  @Test
  void new_badArguments_nameTheValue() {
    assertThatThrownBy(() -> new TraceGenerator(TraceShape.POISSON, 0, 1, 1, 7))
        .hasMessage("tenants must be in [1, 1000000] (got 0)");
    assertThatThrownBy(() -> new TraceGenerator(TraceShape.POISSON, 1, Double.NaN, 1, 7))
        .hasMessage("rate must be a finite number of requests per second > 0 (got NaN)");
  }
}
