package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    serveAndAsk();
  }

  /**
   * The same with state in a redis-server of our own on a free port (never the shared one);
   * skipped when redis-server is not installed.
   */
  @Test
  void serve_withRedis_answersTheEnvoyClient() throws Exception {
    Path binary = Path.of("/usr/bin/redis-server");
    assumeTrue(Files.isExecutable(binary),
        "redis-server is not installed; the Redis variant of the serve test cannot run");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process redis = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      for (int i = 0; i < 200; i++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          break;
        } catch (IOException notYet) {
          Thread.sleep(25);
        }
      }
      serveAndAsk("--redis", "redis://127.0.0.1:" + port, "--redis-timeout-ms", "2000",
          "--redis-failure-policy", "closed");
    } finally {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void serveAndAsk(String... extra) throws Exception {
    CommandLine cli = QuantaFlowCommand.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger exit = new AtomicInteger(-1);
    List<String> args = new ArrayList<>(List.of("serve",
        "--config", "../examples/quantaflow.yaml", "--grpc-port", "0", "--http-port", "0",
        "--reload-interval-ms", "0"));
    args.addAll(List.of(extra));
    Thread running = new Thread(() -> exit.set(cli.execute(args.toArray(String[]::new))));
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
