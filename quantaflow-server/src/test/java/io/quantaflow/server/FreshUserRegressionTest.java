package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quantaflow.core.ManualClock;
import io.quantaflow.server.store.InMemoryStore;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Defects a fresh user found in the running service, one regression test each. */
final class FreshUserRegressionTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private QuantaFlowServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  private static ServerOptions options() {
    ServerOptions options = new ServerOptions();
    options.config = Path.of("../examples/quantaflow.yaml");
    options.grpcPort = 0;
    options.httpPort = 0;
    options.reloadIntervalMillis = 0;
    options.proxyDescriptors = List.of(ServerOptions.parseProxyDescriptor("tenant=X-Tenant"));
    return options;
  }

  private void start(ServerOptions options) throws Exception {
    server = QuantaFlowServer.start(options, new InMemoryStore(new ManualClock(0)));
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Went wrong: a request over --max-request-bytes (one entry value of 100,000 characters,
   * limit 65536) was reset by grpc-java, so the client saw CANCELLED, and grpc-java logged a
   * stack trace. It now gets RESOURCE_EXHAUSTED naming the size and the limit.
   */
  @Test
  void shouldRateLimit_requestOverMaxRequestBytes_resourceExhaustedNamingTheLimit()
      throws Exception {
    ServerOptions options = options();
    options.maxRequestBytes = 65_536;
    start(options);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
        .build();
    RateLimitRequest request = RateLimitRequest.newBuilder().setDomain("demo")
        .addDescriptors(RateLimitDescriptor.newBuilder().addEntries(RateLimitDescriptor.Entry
            .newBuilder().setKey("tenant").setValue("x".repeat(100_000)))).build();

    StatusRuntimeException e = catchThrowableOfType(() -> RateLimitServiceGrpc
        .newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .shouldRateLimit(request), StatusRuntimeException.class);

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(e.getStatus().getDescription()).contains("more than the limit of 65536");
    assertThat(server.metrics().scrape())
        .contains("quantaflow_request_errors_total{api=\"grpc\",kind=\"too_large\"} 1.0");
  }

  /** Went wrong: with both ports -1 the server started, served nothing and exited 0. */
  @Test
  void start_bothPortsDisabled_refusesNamingTheReason() {
    ServerOptions options = options();
    options.grpcPort = -1;
    options.httpPort = -1;

    assertThatThrownBy(() -> start(options)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nothing to serve");
  }

  /**
   * Went wrong: an HTTP port already in use was reported only after the whole shutdown grace
   * (5 s by default), spent waiting on an HTTP executor nobody had shut down. With a grace of
   * ten minutes the start now still fails at once; the timeout here only guards a hang.
   */
  @Test
  void start_httpPortInUse_failsWithoutWaitingForTheGrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ServerOptions options = options();
      options.httpPort = taken.getLocalPort();
      options.shutdownGraceMillis = 600_000;

      IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> catchThrowableOfType(() -> start(options), IOException.class));

      assertThat(e).isInstanceOf(BindException.class);
    }
  }

  /** Went wrong: POST /metrics and POST /healthz answered 200; the docs promise 405. */
  @Test
  void handle_postToGetEndpoints_405WithAllow() throws Exception {
    start(options());

    for (String path : List.of("/metrics", "/healthz", "/readyz")) {
      HttpResponse<String> r = send("POST", path, "x");

      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD");
    }
    assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
    assertThat(send("HEAD", "/metrics", null).statusCode()).isEqualTo(200);
  }

  /** Went wrong: a JSON limit unit WEEK was refused although the YAML accepts week. */
  @Test
  void json_limitUnitWeekInAnyCase_accepted() throws Exception {
    start(options());

    for (String unit : List.of("WEEK", "week", "Week")) {
      HttpResponse<String> r = send("POST", "/json", "{\"domain\":\"demo\",\"descriptors\":"
          + "[{\"entries\":[{\"key\":\"tenant\",\"value\":\"w\"}],"
          + "\"limit\":{\"requests_per_unit\":7,\"unit\":\"" + unit + "\"}}]}");

      assertThat(r.statusCode()).as(unit).isEqualTo(200);
      assertThat(r.body()).as(unit).contains("WEEK");
    }
  }

  /**
   * Went wrong: an override the engine cannot hold said "limit override: limit override
   * 4294967295/second ..."; and the errors counter had an empty # HELP line.
   */
  @Test
  void json_overrideTooLarge_prefixOnceAndErrorsCounterHasHelp() throws Exception {
    start(options());

    HttpResponse<String> r = send("POST", "/json", "{\"domain\":\"demo\",\"descriptors\":"
        + "[{\"entries\":[{\"key\":\"tenant\",\"value\":\"w\"}],"
        + "\"limit\":{\"requests_per_unit\":4294967295,\"unit\":\"SECOND\"}}]}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("limit override 4294967295/second")
        .doesNotContain("limit override: limit override");
    assertThat(server.metrics().scrape())
        .containsPattern("# HELP quantaflow_request_errors_total \\S+");
  }
}
