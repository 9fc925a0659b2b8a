package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UInt64Value;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quantaflow.core.ManualClock;
import io.quantaflow.server.store.InMemoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped example configuration served on free ports, driven by Envoy's generated gRPC
 * client and by plain HTTP. The store runs on a manual clock, so every count is exact.
 */
final class ServerEndToEndTest {

  private ManualClock clock;
  private QuantaFlowServer server;
  private ManagedChannel channel;
  private RateLimitServiceGrpc.RateLimitServiceBlockingStub rls;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    clock = new ManualClock(1_000_000_000L);
    ServerOptions options = new ServerOptions();
    options.config = Path.of("../examples/quantaflow.yaml");
    options.grpcPort = 0;
    options.httpPort = 0;
    options.reloadIntervalMillis = 0;
    options.proxyDescriptors = List.of(ServerOptions.parseProxyDescriptor("tenant=X-Tenant"));
    server = QuantaFlowServer.start(options, new InMemoryStore(clock));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
        .build();
    rls = RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  private static RateLimitDescriptor descriptor(String... keyValues) {
    RateLimitDescriptor.Builder b = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      b.addEntries(RateLimitDescriptor.Entry.newBuilder().setKey(keyValues[i])
          .setValue(keyValues[i + 1]));
    }
    return b.build();
  }

  private RateLimitResponse ask(RateLimitDescriptor... ds) {
    return rls.shouldRateLimit(RateLimitRequest.newBuilder().setDomain("demo")
        .addAllDescriptors(List.of(ds)).build());
  }

  private static Map<String, String> headers(RateLimitResponse r) {
    return r.getResponseHeadersToAddList().stream()
        .collect(Collectors.toMap(HeaderValue::getKey, HeaderValue::getValue));
  }

  @Test
  void grpc_tenTokensThenOverLimit_withExactStatuses() {
    StringBuilder codes = new StringBuilder();
    RateLimitResponse last = null;
    for (int i = 0; i < 12; i++) {
      last = ask(descriptor("tenant", "acme"));
      codes.append(last.getOverallCode() == Code.OK ? 'O' : 'X');
    }

    assertThat(codes).hasToString("OOOOOOOOOOXX");
    RateLimitResponse.DescriptorStatus s = last.getStatuses(0);
    assertThat(s.getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(s.getCurrentLimit().getRequestsPerUnit()).isEqualTo(10);
    assertThat(s.getCurrentLimit().getUnit()).isEqualTo(RateLimitResponse.RateLimit.Unit.SECOND);
    assertThat(s.getLimitRemaining()).isZero();
    // 10 per second: the next token comes 100 ms after the clock reading.
    assertThat(s.getDurationUntilReset().getNanos()).isEqualTo(100_000_000);
    assertThat(headers(last)).containsEntry("RateLimit-Limit", "10")
        .containsEntry("RateLimit-Remaining", "0").containsEntry("RateLimit-Reset", "1");
  }

  @Test
  void grpc_statusesInRequestOrder_neverUnknown_allOrNothing() {
    RateLimitResponse r = ask(descriptor("user_agent", "curl"), descriptor("tenant", "acme"),
        descriptor("remote_address", "192.0.2.66"), descriptor("tenant", "internal"));
    RateLimitResponse after = ask(descriptor("tenant", "acme"));

    assertThat(r.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(r.getStatusesList()).extracting(RateLimitResponse.DescriptorStatus::getCode)
        .containsExactly(Code.OK, Code.OK, Code.OVER_LIMIT, Code.OK);
    assertThat(r.getStatuses(3).getLimitRemaining()).isEqualTo(-1); // uint32 max
    // The blocked address denied the request, so the tenant consumed nothing.
    assertThat(after.getStatuses(0).getLimitRemaining()).isEqualTo(9);
  }

  @Test
  void grpc_hitsAddend_requestLevelAndPerDescriptor() {
    RateLimitResponse five = rls.shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("demo").setHitsAddend(5).addDescriptors(descriptor("tenant", "a")).build());
    RateLimitResponse checkOnly = rls.shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("demo").setHitsAddend(5).addDescriptors(descriptor("tenant", "a").toBuilder()
            .setHitsAddend(UInt64Value.of(0))).build());
    RateLimitResponse six = rls.shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("demo").addDescriptors(descriptor("tenant", "a").toBuilder()
            .setHitsAddend(UInt64Value.of(6))).build());

    assertThat(five.getStatuses(0).getLimitRemaining()).isEqualTo(5);
    assertThat(checkOnly.getStatuses(0).getLimitRemaining()).isEqualTo(5);
    assertThat(six.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(six.getStatuses(0).getLimitRemaining()).isEqualTo(5);
  }

  @Test
  void grpc_shadowMode_answersOk() {
    ask(descriptor("tenant", "trial"));
    RateLimitResponse r = ask(descriptor("tenant", "trial"));

    assertThat(r.getOverallCode()).isEqualTo(Code.OK);
    assertThat(r.getStatuses(0).getCode()).isEqualTo(Code.OK);
  }

  @Test
  void grpc_invalidRequests_getInvalidArgumentWithAMessage() {
    assertThatThrownBy(() -> rls.shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("unknown").addDescriptors(descriptor("a", "b")).build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessage("INVALID_ARGUMENT: domain 'unknown' is not configured (configured: demo)");
    assertThatThrownBy(() -> rls.shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("demo").build()))
        .hasMessage("INVALID_ARGUMENT: descriptors must number between 1 and 64 (got 0)");
    assertThatThrownBy(() -> ask(RateLimitDescriptor.getDefaultInstance()))
        .hasMessage("INVALID_ARGUMENT: descriptors[0].entries must number between 1 and 16"
            + " (got 0)");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.httpPort() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.httpPort() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void httpJson_sameSemanticsAsGrpc() throws Exception {
    String body = "{\"domain\":\"demo\",\"descriptors\":[{\"entries\":"
        + "[{\"key\":\"tenant\",\"value\":\"free\"}]}]}";

    HttpResponse<String> first = post("/json", body);
    HttpResponse<String> second = post("/json", body);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"overallCode\":\"OK\",\"statuses\":[{\"code\":\"OK\","
        + "\"currentLimit\":{\"requestsPerUnit\":3,\"unit\":\"MINUTE\"},\"limitRemaining\":0,"
        + "\"durationUntilReset\":\"20s\"}]}");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body()).contains("\"code\":\"OVER_LIMIT\"");
    assertThat(second.headers().firstValue("RateLimit-Reset")).hasValue("20");
  }

  @Test
  void httpProxy_allowsThenDeniesWithRetryAfter() throws Exception {
    HttpResponse<String> ok = get("/check", "X-Tenant", "free");
    HttpResponse<String> denied = get("/check", "X-Tenant", "free");
    HttpResponse<String> noTenant = get("/check");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(denied.statusCode()).isEqualTo(429);
    assertThat(denied.headers().firstValue("Retry-After")).hasValue("20");
    assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
    assertThat(noTenant.statusCode()).isEqualTo(200);
  }

  @Test
  void http_badRequests_get400WithJsonNever500() throws Exception {
    assertThat(post("/json", "{not json").statusCode()).isEqualTo(400);
    assertThat(post("/json", "{\"domain\":\"demo\"").body())
        .startsWith("{\"error\":\"body is not valid JSON at line 1, column 17:")
        .doesNotContain("Source");
    assertThat(post("/json", "[]").body())
        .isEqualTo("{\"error\":\"body must be a JSON object with domain and descriptors\"}");
    assertThat(post("/json", "{\"domain\":\"demo\",\"descriptors\":[],\"x\":1}").body())
        .isEqualTo("{\"error\":\"unknown field 'x' in request; allowed: descriptors, domain,"
            + " hitsAddend, hits_addend\"}");
    assertThat(post("/json", "{\"domain\":\"demo\",\"descriptors\":[{\"entries\":"
        + "[{\"key\":\"tenant\",\"value\":\"a\"}],\"hits_addend\":-3}]}").body())
        .isEqualTo("{\"error\":\"descriptors[0].hits_addend must be a whole number >= 0"
            + " (got -3)\"}");
    assertThat(post("/json", "x".repeat(70_000)).statusCode()).isEqualTo(413);
    assertThat(get("/json").statusCode()).isEqualTo(405);
    assertThat(get("/check", "X-Tenant", "a", "X-RateLimit-Hits", "many").statusCode())
        .isEqualTo(400);
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void http_healthReadinessAndMetrics() throws Exception {
    ask(descriptor("tenant", "acme"));
    get("/check", "X-Tenant", "acme");

    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/healthcheck").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("quantaflow_rule_hits_total{domain=\"demo\",rule=\"demo.tenant\"} 2.0")
        .contains("quantaflow_rule_allowed_total{domain=\"demo\",rule=\"demo.tenant\"} 2.0")
        .contains("quantaflow_request_seconds_bucket{api=\"grpc\"")
        .contains("quantaflow_request_seconds_count{api=\"http_proxy\"} 1")
        .contains("quantaflow_config_reloads_total{result=\"failure\"} 0.0");
  }
}
