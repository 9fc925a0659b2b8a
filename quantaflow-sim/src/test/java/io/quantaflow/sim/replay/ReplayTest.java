package io.quantaflow.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantaflow.core.GridPlan;
import io.quantaflow.sim.Random64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class ReplayTest {

  private static final long ONE_MS = 1_000_000;
  private static final List<AdmitAlgorithm> ALL = Arrays.asList(AdmitAlgorithm.values());

  /** Rate 1 per 10 ticks (q = 10, x_q = 1), burst 2, 1 ms ticks. */
  private static AdmitSettings oneInTen(long burst) {
    return new AdmitSettings(new GridPlan(10, 1), burst, ONE_MS);
  }

  private static String transcript(AdmitAlgorithm algorithm, AdmitSettings settings,
      long... ticks) {
    Replay replay = new Replay(List.of(algorithm), settings);
    StringBuilder out = new StringBuilder();
    long admittedBefore = 0;
    for (long tick : ticks) {
      replay.accept(new TraceRequest(0, tick * ONE_MS, "a", 1));
      long admitted = replay.totals().get(algorithm).admitted();
      out.append(admitted > admittedBefore ? 'A' : 'd');
      admittedBefore = admitted;
    }
    return out.toString();
  }

  @Test
  void quantaflow_burstThenRate_transcript() {
    // Burst 2 at tick 0, then one token every 10 ticks.
    assertThat(transcript(AdmitAlgorithm.QUANTAFLOW, oneInTen(2), 0, 0, 0, 5, 10, 10, 20))
        .isEqualTo("AAddAdA");
  }

  @Test
  void fixedWindow_boundary_admitsTwoBurstsBackToBack() {
    // Windows of B/r = 20 ticks: 2 at tick 19 and 2 more at tick 20.
    Replay replay = new Replay(List.of(AdmitAlgorithm.FIXED_WINDOW, AdmitAlgorithm.QUANTAFLOW),
        oneInTen(2));
    for (long tick : new long[] {19, 19, 20, 20}) {
      replay.accept(new TraceRequest(0, tick * ONE_MS, "a", 1));
    }

    Map<AdmitAlgorithm, TenantOutcome> totals = replay.totals();

    // Window [19, 20] plans 0.1 token: the 4th admitted passes 0.1 + 2 + 1.
    assertThat(totals.get(AdmitAlgorithm.FIXED_WINDOW).admitted()).isEqualTo(4);
    assertThat(totals.get(AdmitAlgorithm.FIXED_WINDOW).overAdmissions()).isEqualTo(1);
    assertThat(totals.get(AdmitAlgorithm.FIXED_WINDOW).boundViolations()).isEqualTo(1);
    assertThat(totals.get(AdmitAlgorithm.QUANTAFLOW).overAdmissions()).isZero();
    assertThat(totals.get(AdmitAlgorithm.QUANTAFLOW).admitted()).isEqualTo(2);
  }

  @Test
  void slidingWindow_fadingPreviousWindow_throttlesFalsely() {
    // Windows of B/r = 20 ticks; two requests at tick 19, two at tick 39. Every window
    // ending at 39 is within plan + burst: [39, 39] holds 2 <= 2, [19, 39] holds 4 <= 2 + 2.
    // The approximation at tick 39 still weighs window 0 by 1/20: 0.1 + 2 > 2 denies the
    // second request, a false throttle. QuantaFlow has earned 2 tokens by then.
    Replay replay = new Replay(List.of(AdmitAlgorithm.SLIDING_WINDOW, AdmitAlgorithm.QUANTAFLOW),
        oneInTen(2));
    for (long tick : new long[] {19, 19, 39, 39}) {
      replay.accept(new TraceRequest(0, tick * ONE_MS, "a", 1));
    }

    TenantOutcome window = replay.totals().get(AdmitAlgorithm.SLIDING_WINDOW);
    TenantOutcome quantaflow = replay.totals().get(AdmitAlgorithm.QUANTAFLOW);

    assertThat(window.admitted()).isEqualTo(3);
    assertThat(window.falseThrottles()).isEqualTo(1);
    assertThat(quantaflow.admitted()).isEqualTo(4);
  }

  /**
   * QuantaFlow's guarantees on any trace: no request over plan(W) + B + (1 - 1/q), and no
   * denial while the demand stayed within plan + B in every window ending at the request.
   */
  @Property(tries = 80)
  void quantaflow_randomTraces_neverOverAdmitsNorFalselyThrottles(
      @ForAll @LongRange(min = 2, max = 50) long q,
      @ForAll @LongRange(min = 1, max = 60) long planUnits,
      @ForAll @IntRange(min = 1, max = 5) int burst,
      @ForAll @IntRange(min = 1, max = 4) int maxCost,
      @ForAll long seed) {
    AdmitSettings settings = new AdmitSettings(new GridPlan(q, planUnits), burst, ONE_MS);
    Replay replay = new Replay(ALL, settings);
    Random64 random = new Random64(seed);

    long tick = 0;
    for (int i = 0; i < 400; i++) {
      tick += random.nextLong(4) == 0 ? random.nextLong(30) : 0;
      String tenant = "t" + random.nextLong(3);
      replay.accept(new TraceRequest(i, tick * ONE_MS + random.nextLong(ONE_MS), tenant,
          1 + random.nextLong(maxCost)));
    }

    TenantOutcome quantaflow = replay.totals().get(AdmitAlgorithm.QUANTAFLOW);
    assertThat(quantaflow.boundViolations()).isZero();
    assertThat(quantaflow.overAdmissions()).isZero();
    assertThat(quantaflow.falseThrottles()).isZero();
    assertThat(quantaflow.admitted() + quantaflow.denied()).isEqualTo(400);
  }

  @Test
  void replay_sameTrace_sameCounts() {
    Replay first = new Replay(ALL, oneInTen(2));
    Replay second = new Replay(ALL, oneInTen(2));
    Random64 random = new Random64(99);
    for (int i = 0; i < 2_000; i++) {
      TraceRequest request = new TraceRequest(i, i * 3 * ONE_MS + random.nextLong(ONE_MS),
          "t" + random.nextLong(5), 1);
      first.accept(request);
      second.accept(request);
    }

    assertThat(first.totals()).isEqualTo(second.totals());
    assertThat(first.perTenant()).isEqualTo(second.perTenant()).hasSize(5);
  }

  @Test
  void accept_timeGoingBack_isReplayedAtTheLatestTime() {
    Replay replay = new Replay(List.of(AdmitAlgorithm.QUANTAFLOW), oneInTen(1));

    replay.accept(new TraceRequest(2, 100 * ONE_MS, "a", 1));
    replay.accept(new TraceRequest(3, 50 * ONE_MS, "a", 1));

    assertThat(replay.reorderedRequests()).isEqualTo(1);
    assertThat(replay.spanNanos()).isZero();
    assertThat(replay.totals().get(AdmitAlgorithm.QUANTAFLOW).denied()).isEqualTo(1);
  }
}
