package io.quantaflow.server.perf;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quantaflow.server.QuantaFlowServer;
import io.quantaflow.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load against an in-process server with the in-memory store: THREADS callers,
 * each sending one request at a time for SECONDS after a warm-up, tenants drawn at random
 * from 10,000 (seed printed). Prints decisions per second and latency percentiles
 * (HdrHistogram, microseconds) for gRPC and for HTTP /json.
 *
 * <pre>
 * mvn -B -o -q -pl quantaflow-server -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/qf-cp.txt -Dmdep.includeScope=test
 * cd quantaflow-server && java -cp target/classes:target/test-classes:$(cat /tmp/qf-cp.txt) \
 *     io.quantaflow.server.perf.ServerLoad 10 8 2
 * </pre>
 *
 * Arguments: SECONDS (default 10), THREADS (default 8), WARMUP_SECONDS (default 2).
 */
public final class ServerLoad {

  private static final String CONFIG = """
      domain: load
      descriptors:
        - key: tenant
          rate_limit: {unit: second, requests_per_unit: 1000}
      """;
  private static final int TENANTS = 10_000;
  private static final long SEED = 20261203L;

  private interface Call {
    boolean run(String tenant) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path config = Files.createTempFile("qf-load", ".yaml");
    Files.writeString(config, CONFIG);
    ServerOptions options = new ServerOptions();
    options.config = config;
    options.grpcPort = 0;
    options.httpPort = 0;
    options.httpThreads = 4;
    options.reloadIntervalMillis = 0;
    System.out.printf(Locale.ROOT, "seed %d, %d tenants, %d threads, %d s (+%d s warm-up),"
        + " %d cores, %s%n", SEED, TENANTS, threads, seconds, warmup,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
    try (QuantaFlowServer server = QuantaFlowServer.start(options)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
          .usePlaintext().build();
      RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
          RateLimitServiceGrpc.newBlockingStub(channel);
      run("grpc", seconds, threads, warmup, tenant -> stub.shouldRateLimit(
          RateLimitRequest.newBuilder().setDomain("load").addDescriptors(
              RateLimitDescriptor.newBuilder().addEntries(RateLimitDescriptor.Entry
                  .newBuilder().setKey("tenant").setValue(tenant))).build())
          .getOverallCode() == RateLimitResponse.Code.OK);
      channel.shutdownNow();

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("http://127.0.0.1:" + server.httpPort() + "/json");
      run("http_json", seconds, threads, warmup, tenant -> http.send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"load\",\"descriptors\":"
              + "[{\"entries\":[{\"key\":\"tenant\",\"value\":\"" + tenant + "\"}]}]}"))
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
  }

  private static void run(String name, int seconds, int threads, int warmup, Call call)
      throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong allowed = new AtomicLong();
    AtomicLong denied = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(SEED + t);
      Thread w = new Thread(() -> {
        while (true) {
          long start = System.nanoTime();
          if (start >= end) {
            return;
          }
          boolean ok;
          try {
            ok = call.run("t" + random.nextInt(TENANTS));
          } catch (Exception e) {
            errors.incrementAndGet();
            continue;
          }
          long done = System.nanoTime();
          if (start >= warmupEnd) {
            recorder.recordValue((done - start) / 1000);
            (ok ? allowed : denied).incrementAndGet();
          }
        }
      });
      w.start();
      workers.add(w);
    }
    recorder.reset();
    for (Thread w : workers) {
      w.join();
    }
    Histogram h = recorder.getIntervalHistogram();
    long total = allowed.get() + denied.get();
    System.out.printf(Locale.ROOT, "%-9s %9.0f decisions/s  p50 %6d us  p90 %6d us  p99 %6d us"
            + "  p99.9 %7d us  max %7d us  (allowed %d, denied %d, errors %d)%n",
        name, total / (double) seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
        allowed.get(), denied.get(), errors.get());
  }
}
