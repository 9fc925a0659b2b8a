package io.quantaflow.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ConfigLoaderTest {

  static Path resource(String name) {
    return Path.of("src/test/resources/configs", name);
  }

  private static List<String[]> entries(String... keyValues) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.add(new String[] {keyValues[i], keyValues[i + 1]});
    }
    return out;
  }

  private static RateLimitRule match(RateLimitConfig c, String domain, String... keyValues) {
    return c.match(domain, entries(keyValues));
  }

  @Test
  void load_edgeFile_keyWithoutValueLimitsEveryAddressAndValuesOverride() throws Exception {
    RateLimitConfig c = ConfigLoader.load(resource("edge-per-ip.yaml"));

    RateLimitRule any = match(c, "edge_proxy", "remote_address", "203.0.113.9");
    RateLimitRule blocked = match(c, "edge_proxy", "remote_address", "198.51.100.23");
    RateLimitRule checker = match(c, "edge_proxy", "remote_address", "10.0.0.5");

    assertThat(any.requestsPerUnit()).isEqualByComparingTo("20");
    assertThat(any.unit()).isEqualTo(TimeUnitName.SECOND);
    // 20 per second at 1 ms ticks is 1/50 token per tick.
    assertThat(any.plan()).isEqualTo(new GridPlan(50, 1, 1_000_000L));
    assertThat(any.burstTokens()).isEqualTo(20);
    assertThat(blocked.plan().planUnits()).isZero();
    assertThat(checker.unlimited()).isTrue();
  }

  @Test
  void load_nestedFile_matchesOnlyAtTheSameDepth() throws Exception {
    RateLimitConfig c = ConfigLoader.load(resource("notifications.yaml"));

    RateLimitRule promo =
        match(c, "notifications", "message_type", "promotional", "recipient", "+15550100");
    RateLimitRule anyRecipient = match(c, "notifications", "recipient", "+15550100");
    RateLimitRule placeholder = match(c, "notifications", "message_type", "promotional");
    RateLimitRule otherType =
        match(c, "notifications", "message_type", "receipt", "recipient", "+15550100");
    RateLimitRule tooDeep = match(c, "notifications", "recipient", "+1", "extra", "x");

    assertThat(promo.requestsPerUnit()).isEqualByComparingTo("3");
    assertThat(promo.unit()).isEqualTo(TimeUnitName.DAY);
    assertThat(promo.id()).isEqualTo("notifications.message_type_promotional.recipient");
    assertThat(anyRecipient.requestsPerUnit()).isEqualByComparingTo("50");
    assertThat(placeholder).isNull();
    assertThat(otherType).isNull();
    assertThat(tooDeep).isNull();
    assertThat(match(c, "notifications", "message_type", "password_reset", "account_id", "a1")
        .detailedMetric()).isTrue();
  }

  @Test
  void load_gatewayFile_prefixValuesReplacesShadowAndLongUnits() throws Exception {
    RateLimitConfig c = ConfigLoader.load(resource("api-gateway.yaml"));

    RateLimitRule search = match(c, "public-api", "api_key", "k1", "path", "/v1/search/users");
    RateLimitRule other = match(c, "public-api", "api_key", "k1", "path", "/v1/orders");
    RateLimitRule upload = match(c, "public-api", "api_key", "k1", "path", "/v1/upload");
    RateLimitRule partner =
        match(c, "public-api", "api_key", "partner-7f3a", "path", "/v1/search?q=x");
    RateLimitRule yearly = match(c, "public-api", "destination_cluster", "yearly_report");

    assertThat(search.name()).isEqualTo("search");
    assertThat(other.requestsPerUnit()).isEqualByComparingTo("50");
    assertThat(upload.shadowMode()).isTrue();
    assertThat(partner.replaces()).containsExactly("search");
    assertThat(match(c, "public-api", "internal", "true").unlimited()).isTrue();
    // 12 per 365 days cannot sit on a grid below 2^31 at 1 ms ticks; 10 ms ticks do.
    assertThat(yearly.plan().tickNanos()).isEqualTo(10_000_000L);
    assertThat(yearly.plan().q()).isEqualTo(262_800_000L);
    assertThat(yearly.plan().planUnits()).isEqualTo(1);
    assertThat(match(c, "public-api", "destination_cluster", "archive").unit())
        .isEqualTo(TimeUnitName.MONTH);
  }

  @Test
  void load_anchorsAndMergeKeys_areResolved() throws Exception {
    RateLimitConfig c = ConfigLoader.load(resource("mesh-anchors.yaml"));

    RateLimitRule orders =
        match(c, "mesh", "source_cluster", "frontend", "destination_cluster", "orders");
    RateLimitRule inventory =
        match(c, "mesh", "source_cluster", "frontend", "destination_cluster", "inventory");
    RateLimitRule batch = match(c, "mesh", "source_cluster", "batch", "destination_cluster", "x");

    assertThat(orders.requestsPerUnit()).isEqualByComparingTo("100");
    assertThat(inventory.requestsPerUnit()).isEqualByComparingTo("100");
    assertThat(batch.requestsPerUnit()).isEqualByComparingTo("10");
    assertThat(match(c, "mesh", "user_agent", "curl")).isNull();
  }

  @Test
  void load_quantaflowExtras_exactFractionalRatesSchedulesAndPools() throws Exception {
    RateLimitConfig c = ConfigLoader.load(resource("quantaflow-extras.yaml"));

    RateLimitRule tenant = match(c, "tenants", "tenant", "acme");
    RateLimitRule free = match(c, "tenants", "tenant", "free-tier");
    RateLimitRule report = match(c, "tenants", "report_tenant", "acme");
    RateLimitRule db = match(c, "tenants", "db_tenant", "acme");

    // 3 per 10 s at 1 ms ticks: 3/10000 token per tick.
    assertThat(tenant.plan()).isEqualTo(new GridPlan(10_000, 3, 1_000_000L));
    assertThat(tenant.burstTokens()).isEqualTo(2);
    assertThat(free.plan()).isEqualTo(new GridPlan(2_000, 1, 1_000_000L));
    assertThat(free.burstTokens()).isEqualTo(1);
    // segments 1/s, 10/s, 2/s at 10 ms ticks: 1/100, 1/10, 1/50 on the common grid 100.
    assertThat(report.plan().q()).isEqualTo(100);
    assertThat(report.schedule().segments()).extracting(ScheduleSpec.Segment::planUnits)
        .containsExactly(1L, 10L, 2L);
    assertThat(report.schedule().planUnitsAt(9 * 3_600_000_000_000L)).isEqualTo(10);
    assertThat(report.schedule().planUnitsAt(-3_600_000_000_000L)).isEqualTo(2);
    assertThat(db.pool().name()).isEqualTo("shared-db");
    assertThat(db.pool().plan()).isEqualTo(new GridPlan(5, 1, 1_000_000L));
    assertThat(c.describe()).contains("tenant=<each value>: 3/10s (3/10000 tokens per 1ms tick");
  }

  @Test
  void load_envoyLooseness_repeatedNamesAndShadowOnAPlaceholderAreAccepted() throws Exception {
    RateLimitConfig c = ConfigLoader.load(resource("auth-service.yml"));

    RateLimitRule anyUser = match(c, "auth", "service", "login", "user", "u1");
    RateLimitRule tester = match(c, "auth", "service", "login", "user", "load-tester");
    RateLimitRule office = match(c, "auth", "client_ip", "10.1.4.7");

    assertThat(anyUser.name()).isEqualTo("per_user");
    assertThat(tester.name()).isEqualTo("per_user");
    assertThat(tester.shadowMode()).isTrue();
    assertThat(anyUser.shadowMode()).isFalse();
    assertThat(office.unit()).isEqualTo(TimeUnitName.HOUR);
    assertThat(match(c, "auth", "client_ip", "10.2.0.1")).isNull();
  }

  @Test
  void load_directory_loadsEveryDomain() throws Exception {
    RateLimitConfig c = ConfigLoader.load(Path.of("src/test/resources/configs"));

    assertThat(c.domains())
        .containsExactly("auth", "edge_proxy", "mesh", "notifications", "public-api", "tenants");
  }

  private static String errorOf(String yaml) {
    try {
      ConfigLoader.parse("test.yaml", yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected an error for:\n" + yaml);
  }

  @Test
  void parse_unknownKey_namesFileLineAndAllowedKeys() {
    String message = errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit:
              unit: second
              request_per_unit: 5
        """);

    assertThat(message).startsWith("test.yaml:6: unknown key 'request_per_unit' in 'rate_limit'")
        .contains("requests_per_unit");
  }

  @Test
  void parse_severalProblems_reportsEveryOne() {
    String message = errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit:
              unit: fortnight
              requests_per_unit: 5
          - key: b
            rate_limit:
              unit: second
              requests_per_unit: -1
          - key: c
            shadow_mode: maybe
            rate_limit:
              unit: second
        """);

    assertThat(message.split("\n")).containsExactly(
        "test.yaml:5: unit 'fortnight' is not one of second, minute, hour, day, week, month,"
            + " year",
        "test.yaml:10: requests_per_unit must be a number >= 0 such as 100, 0.5 or 1e6"
            + " (got '-1')",
        "test.yaml:12: 'shadow_mode' must be true or false (got 'maybe')",
        "test.yaml:14: rate_limit: 'requests_per_unit' is missing");
  }

  @Test
  void parse_badYaml_namesTheLine() {
    String message = errorOf("domain: d\ndescriptors:\n  - key: a\n   value: [b\n");

    assertThat(message).startsWith("test.yaml:4: YAML syntax:");
  }

  @Test
  void parse_duplicateDescriptor_namesBothLines() {
    String message = errorOf("""
        domain: d
        descriptors:
          - key: a
            value: x
            rate_limit: {unit: second, requests_per_unit: 1}
          - key: a
            value: x
            rate_limit: {unit: second, requests_per_unit: 2}
        """);

    assertThat(message).isEqualTo(
        "test.yaml:6: descriptor 'a' = 'x' is defined twice at this level (first at line 3)");
  }

  @Test
  void parse_conflictsAndReferences_areErrors() {
    assertThat(errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit: {unlimited: true, unit: second}
        """)).isEqualTo("test.yaml:4: 'unit' cannot be set together with 'unlimited: true'");
    assertThat(errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit: {rate: 1/s, pool: nowhere}
        """)).startsWith("test.yaml:4: pool 'nowhere' is not defined");
    assertThat(errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit: {rate: 1/s, requests_per_unit: 3, unit: second}
        """)).contains("give either 'rate' or 'requests_per_unit'");
    assertThat(errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit: {rate: 0.000000001/d, tick: 1us}
        """)).contains("above the largest allowed (2147483647)").contains("coarser 'tick'");
    assertThat(errorOf("domain: d\n---\ndomain: d\n"))
        .isEqualTo("test.yaml:3: domain 'd' is defined twice (first at test.yaml:1); each"
            + " domain may appear once");
    assertThat(errorOf("descriptors: []\n")).isEqualTo("test.yaml:1: 'domain' is missing");
    assertThat(errorOf("domain: d\nburst: 3\n")).startsWith("test.yaml:2: unknown key 'burst'");
    assertThat(errorOf("")).startsWith("test.yaml:1: file is empty");
  }

  @Test
  void parse_burstAndTick_areRangeChecked() {
    assertThat(errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit: {rate: 1/s, burst: 0}
        """)).isEqualTo("test.yaml:4: burst must be a whole number in [1, 2147483647] (got '0')");
    assertThat(errorOf("""
        domain: d
        descriptors:
          - key: a
            rate_limit: {rate: 1/s, tick: 2d}
        """)).isEqualTo("test.yaml:4: tick must be in [1us, 1d] (got 2d)");
  }

  @Test
  void load_missingFile_isAnErrorNotAnException() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/rl.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/nonexistent/rl.yaml:0: no such file");
  }
}
