package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quantaflow.core.ManualClock;
import io.quantaflow.server.CheckResult.Code;
import io.quantaflow.server.config.ConfigLoader;
import io.quantaflow.server.config.TimeUnitName;
import io.quantaflow.server.metrics.ServerMetrics;
import io.quantaflow.server.store.InMemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class DecisionServiceTest {

  private static final long MS = 1_000_000L;

  private ManualClock clock;
  private ServerMetrics metrics;
  private DecisionService service;

  @BeforeEach
  void setUp() throws Exception {
    clock = new ManualClock(0);
    metrics = new ServerMetrics();
    CompiledConfig config =
        new CompiledConfig(ConfigLoader.load(Path.of("../examples/quantaflow.yaml")));
    service = new DecisionService(() -> config, new InMemoryStore(clock), metrics, 8);
  }

  static CheckRequest.Descriptor d(String... keyValues) {
    List<String[]> entries = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.add(new String[] {keyValues[i], keyValues[i + 1]});
    }
    return new CheckRequest.Descriptor(entries, null, null);
  }

  private CheckResult check(long hits, CheckRequest.Descriptor... ds) {
    return service.check(new CheckRequest("demo", List.of(ds), hits));
  }

  /** "O" for an OK answer, "X" for over limit, one request per step. */
  private String transcript(int requests, long stepNanos, CheckRequest.Descriptor... ds) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < requests; i++) {
      sb.append(check(1, ds).overLimit() ? 'X' : 'O');
      clock.advance(stepNanos);
    }
    return sb.toString();
  }

  @Test
  void check_tenEverySecond_bankOfTenThenOneEvery100Ms() {
    String t = transcript(24, 50 * MS, d("tenant", "acme"));

    // Requests every 50 ms against a bank of ten refilled by one every 100 ms: request i is
    // admitted while i < 10 + floor(i / 2), so the first refusal is request 19.
    assertThat(t).isEqualTo("OOOOOOOOOOOOOOOOOOOXOXOX");
  }

  @Test
  void check_oneEveryTwentySeconds_isExact() {
    String t = transcript(5, 10_000 * MS, d("tenant", "free"));

    assertThat(t).isEqualTo("OXOXO");
  }

  @Test
  void check_nestedAndParentDescriptors_areAllOrNothing() {
    CheckRequest.Descriptor tenant = d("tenant", "acme");
    CheckRequest.Descriptor path = d("tenant", "acme", "path", "/a");

    CheckResult first = check(1, tenant, path);
    CheckResult second = check(1, tenant, path);
    CheckResult third = check(1, tenant, path);
    CheckResult tenantAlone = check(0, tenant);

    assertThat(first.overLimit()).isFalse();
    assertThat(second.overLimit()).isFalse();
    assertThat(third.statuses()).extracting(CheckResult.Status::code)
        .containsExactly(Code.OK, Code.OVER_LIMIT);
    // The path limit (2 per second) denied the third, so the tenant bank lost only two.
    assertThat(tenantAlone.statuses().get(0).remaining()).isEqualTo(8);
    assertThat(third.statuses().get(1).nanosUntilReset()).isEqualTo(500 * MS);
  }

  @Test
  void check_shadowMode_answersOkButCountsAndOthersStillConsume() {
    CheckRequest.Descriptor trial = d("tenant", "trial");
    CheckRequest.Descriptor address = d("remote_address", "203.0.113.7");

    CheckResult first = check(1, trial, address);
    CheckResult second = check(1, trial, address);

    assertThat(first.overLimit()).isFalse();
    assertThat(second.overLimit()).isFalse();
    assertThat(second.statuses().get(0).shadowed()).isTrue();
    assertThat(second.statuses().get(0).code()).isEqualTo(Code.OK);
    assertThat(second.statuses().get(1).remaining()).isEqualTo(48);
    assertThat(metrics.scrape()).contains(
        "quantaflow_rule_shadow_mode_total{domain=\"demo\",rule=\"demo.tenant_trial\"} 1.0");
  }

  @Test
  void check_globalShadowMode_refusesNothingButCounts() throws Exception {
    CompiledConfig config =
        new CompiledConfig(ConfigLoader.load(Path.of("../examples/quantaflow.yaml")));
    DecisionService shadow =
        new DecisionService(() -> config, new InMemoryStore(clock), metrics, 8, true);
    CheckRequest blocked = new CheckRequest("demo", List.of(d("remote_address", "192.0.2.66")),
        1);

    CheckResult r = shadow.check(blocked);

    assertThat(r.overLimit()).isFalse();
    assertThat(r.statuses().get(0).shadowed()).isTrue();
    assertThat(metrics.scrape()).contains("quantaflow_rule_over_limit_total{domain=\"demo\","
        + "rule=\"demo.remote_address_192.0.2.66\"} 1.0");
  }

  @Test
  void check_unlimitedUnmatchedAndBlocked_areReportedAsEnvoyDoes() {
    CheckResult r = check(1, d("tenant", "internal"), d("user_agent", "curl"));
    CheckResult blocked = check(1, d("remote_address", "192.0.2.66"));

    assertThat(r.overLimit()).isFalse();
    assertThat(r.statuses().get(0).unlimited()).isTrue();
    assertThat(r.statuses().get(1).rule()).isNull();
    assertThat(r.headerStatus()).isNull();
    assertThat(blocked.overLimit()).isTrue();
    assertThat(blocked.statuses().get(0).nanosUntilReset()).isEqualTo(-1);
  }

  @Test
  void check_pool_capsAllTenantsTogether() {
    int admitted = 0;
    for (int tenant = 0; tenant < 30; tenant++) {
      if (!check(1, d("report_tenant", "t" + tenant)).overLimit()) {
        admitted++;
      }
    }

    // Each tenant has a bank of 2, but the shared pool banks only 20.
    assertThat(admitted).isEqualTo(20);
  }

  @Test
  void check_fractionalRate_isShownAsWholeRequestsPerUnit() {
    CheckResult free = check(1, d("tenant", "free"));
    CheckResult report = check(1, d("report_tenant", "x"));

    assertThat(free.statuses().get(0).limitView())
        .isEqualTo(new CheckResult.LimitView(null, 3, TimeUnitName.MINUTE));
    assertThat(report.statuses().get(0).limitView())
        .isEqualTo(new CheckResult.LimitView(null, 30, TimeUnitName.MINUTE));
  }

  @Test
  void check_hitsZero_checksWithoutConsuming() {
    check(0, d("tenant", "acme"));
    CheckResult r = check(0, d("tenant", "acme"));

    assertThat(r.statuses().get(0).remaining()).isEqualTo(10);
  }

  @Test
  void check_limitOverride_appliesPerRequest() {
    CheckRequest.Descriptor o = new CheckRequest.Descriptor(
        List.<String[]>of(new String[] {"tenant", "acme"}), null,
        new CheckRequest.LimitOverride(1, TimeUnitName.MINUTE));

    assertThat(service.check(new CheckRequest("demo", List.of(o), 1)).overLimit()).isFalse();
    assertThat(service.check(new CheckRequest("demo", List.of(o), 1)).overLimit()).isTrue();
  }

  @Test
  void check_invalidRequests_nameTheProblem() {
    assertThatThrownBy(() -> service.check(new CheckRequest("nope", List.of(d("a", "b")), 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("domain 'nope' is not configured (configured: demo)");
    assertThatThrownBy(() -> service.check(new CheckRequest("demo", List.of(), 1)))
        .hasMessage("descriptors must number between 1 and 8 (got 0)");
    assertThatThrownBy(() -> check(1, d("", "x")))
        .hasMessage("descriptors[0].entries[0].key must not be empty");
    assertThatThrownBy(() -> check(1L << 33, d("tenant", "x")))
        .hasMessage("hits_addend must be in [0, 4294967295] (got 8589934592)");
  }

  @Test
  void stateKey_escapesSeparators() {
    assertThat(DecisionService.escape("a/b=c#d%{e}")).isEqualTo("a%2Fb%3Dc%23d%25%7Be%7D");
  }
}
