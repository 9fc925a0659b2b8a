package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quantaflow.core.Decision;
import io.quantaflow.core.ManualClock;
import io.quantaflow.server.store.InMemoryStore;
import io.quantaflow.server.store.RateLimitStore;
import io.quantaflow.server.store.StoreRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown lets requests in flight finish; driven by latches, not by sleeping. */
final class GracefulShutdownTest {

  /** A store that holds every decision until released. */
  private static final class GateStore implements RateLimitStore {
    final InMemoryStore inner = new InMemoryStore(new ManualClock(0));
    final CountDownLatch entered = new CountDownLatch(2);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<Decision> decideAll(List<StoreRequest> requests) {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return inner.decideAll(requests);
    }
  }

  @Test
  void close_withRequestsInFlight_finishesThemThenStops() throws Exception {
    ServerOptions options = new ServerOptions();
    options.config = Path.of("../examples/quantaflow.yaml");
    options.grpcPort = 0;
    options.httpPort = 0;
    options.reloadIntervalMillis = 0;
    options.shutdownGraceMillis = 30_000;
    GateStore store = new GateStore();
    QuantaFlowServer server = QuantaFlowServer.start(options, store);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
        .usePlaintext().build();
    HttpClient http = HttpClient.newHttpClient();
    try {
      CompletableFuture<HttpResponse<String>> httpCall = http.sendAsync(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.httpPort() + "/json"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"demo\",\"descriptors\":"
              + "[{\"entries\":[{\"key\":\"tenant\",\"value\":\"a\"}]}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      com.google.common.util.concurrent.ListenableFuture<RateLimitResponse> grpcCall =
          RateLimitServiceGrpc.newFutureStub(channel).shouldRateLimit(RateLimitRequest
              .newBuilder().setDomain("demo").addDescriptors(RateLimitDescriptor.newBuilder()
                  .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tenant")
                      .setValue("b"))).build());
      assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();

      Thread closer = new Thread(server::close);
      closer.start();
      // Wait (bounded) until shutdown has begun, then let the held decisions finish.
      for (int i = 0; i < 3000 && server.isReady(); i++) {
        Thread.sleep(1);
      }
      assertThat(server.isReady()).isFalse();
      store.release.countDown();
      closer.join(30_000);

      assertThat(closer.isAlive()).isFalse();
      assertThat(httpCall.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(grpcCall.get(30, TimeUnit.SECONDS).getOverallCode())
          .isEqualTo(RateLimitResponse.Code.OK);
    } finally {
      store.release.countDown();
      channel.shutdownNow();
      server.close();
    }
  }
}
