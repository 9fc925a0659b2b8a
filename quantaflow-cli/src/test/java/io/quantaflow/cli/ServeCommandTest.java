package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code quantaflow serve} with the shipped example, asked by Envoy's generated client. */
final class ServeCommandTest {

  private static RateLimitRequest request(String key, String value) {
    return RateLimitRequest.newBuilder().setDomain("demo").addDescriptors(
        RateLimitDescriptor.newBuilder().addEntries(RateLimitDescriptor.Entry.newBuilder()
            .setKey(key).setValue(value))).build();
  }

  @Test
  void serve_shippedExample_answersTheEnvoyClient() throws Exception {
    CommandLine cli = QuantaFlowCommand.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread running = new Thread(() -> exit.set(cli.execute("serve", "--config",
        "../examples/quantaflow.yaml", "--grpc-port", "0", "--http-port", "0",
        "--reload-interval-ms", "0")));
    running.start();
    ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
    for (int i = 0; i < 30_000 && serve.server == null && running.isAlive(); i++) {
      Thread.sleep(1);
    }
    assertThat(serve.server).as("server started").isNotNull();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1",
        serve.server.grpcPort()).usePlaintext().build();
    try {
      RateLimitServiceGrpc.RateLimitServiceBlockingStub rls =
          RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

      RateLimitResponse first = rls.shouldRateLimit(request("tenant", "free"));
      RateLimitResponse second = rls.shouldRateLimit(request("tenant", "free"));
      RateLimitResponse blocked = rls.shouldRateLimit(request("remote_address", "192.0.2.66"));

      assertThat(first.getOverallCode()).isEqualTo(Code.OK);
      // One request per 20 s: the second, moments later, is over the limit.
      assertThat(second.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
      assertThat(second.getStatuses(0).getLimitRemaining()).isZero();
      assertThat(second.getStatuses(0).getDurationUntilReset().getSeconds()).isBetween(0L, 19L);
      assertThat(blocked.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
      assertThat(out.toString()).contains("QuantaFlow serving: gRPC 127.0.0.1:"
          + serve.server.grpcPort());
    } finally {
      channel.shutdownNow();
      serve.server.close();
      running.join(30_000);
    }
    assertThat(exit.get()).isZero();
  }
}
