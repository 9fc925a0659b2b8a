package io.quantaflow.server;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quantaflow.core.SystemClock;
import io.quantaflow.server.config.ConfigException;
import io.quantaflow.server.grpc.RateLimitGrpcService;
import io.quantaflow.server.http.HttpApi;
import io.quantaflow.server.metrics.ServerMetrics;
import io.quantaflow.server.store.InMemoryStore;
import io.quantaflow.server.store.RateLimitStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service: configuration (with hot reload), a store, the gRPC and HTTP APIs. Lifecycle:
 * {@link #start} binds both ports; {@link #close} stops being ready, stops accepting, lets
 * in-flight requests finish for up to the grace period, then stops.
 */
public final class QuantaFlowServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QuantaFlowServer.class);

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: measured p50 48 ms and 162 decisions/s on /json; see
    // docs/performance.md. Read once, when the JDK server's config loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ServerOptions options;
  private final ServerMetrics metrics = new ServerMetrics();
  private final ConfigHolder config;
  private final RateLimitStore store;
  private final DecisionService service;
  private Server grpc;
  private HttpServer http;
  private HttpApi httpApi;
  private ThreadPoolExecutor httpExecutor;
  private volatile boolean ready;

  private QuantaFlowServer(ServerOptions options, RateLimitStore store) throws ConfigException {
    this.options = options;
    this.config = new ConfigHolder(options.config, metrics, store);
    this.store = store;
    if (store instanceof io.micrometer.core.instrument.binder.MeterBinder binder) {
      // A store with its own meters (the Redis store's errors and policy decisions).
      binder.bindTo(metrics.registry());
    }
    if (options.proxyDomain == null && config.get().config().domains().size() == 1) {
      options.proxyDomain = config.get().config().domains().get(0);
    }
    this.service = new DecisionService(config, store, metrics, options.maxDescriptors,
        options.globalShadowMode);
    if (options.globalShadowMode) {
      log.warn("global shadow mode: every rule is evaluated and counted but nothing is refused");
    }
  }

  /** Starts a server with the in-memory store on the system clock. */
  public static QuantaFlowServer start(ServerOptions options)
      throws ConfigException, IOException {
    return start(options, new InMemoryStore(SystemClock.instance()));
  }

  /** Starts a server on {@code store}; the server closes the store when it stops. */
  public static QuantaFlowServer start(ServerOptions options, RateLimitStore store)
      throws ConfigException, IOException {
    QuantaFlowServer server;
    try {
      options.validate();
      server = new QuantaFlowServer(options, store);
    } catch (ConfigException | RuntimeException e) {
      // Not started, so nobody else will close the store (the Redis client's threads).
      store.close();
      throw e;
    }
    try {
      server.bind();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void bind() throws IOException {
    // The HTTP port is bound first: a port in use fails before anything needs a graceful stop.
    if (options.httpPort >= 0) {
      http = HttpServer.create(new InetSocketAddress(options.bindHost, options.httpPort), 256);
    }
    if (options.grpcPort >= 0) {
      grpc = NettyServerBuilder.forAddress(new InetSocketAddress(options.bindHost,
              options.grpcPort))
          .maxInboundMessageSize(RateLimitGrpcService.transportLimitBytes(
              options.maxRequestBytes))
          .addService(new RateLimitGrpcService(service, metrics, options.rateLimitHeaders,
              options.maxRequestBytes))
          .build()
          .start();
    }
    if (http != null) {
      AtomicInteger n = new AtomicInteger();
      httpExecutor = new ThreadPoolExecutor(options.httpThreads, options.httpThreads, 60,
          TimeUnit.SECONDS, new ArrayBlockingQueue<>(options.httpQueue), r -> {
            Thread t = new Thread(r, "quantaflow-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      httpApi = new HttpApi(service, metrics, options, this::isReady);
      http.createContext("/", httpApi);
      http.setExecutor(httpExecutor);
      http.start();
    }
    if (options.reloadIntervalMillis > 0) {
      config.watch(options.reloadIntervalMillis);
    }
    ready = true;
    log.info("QuantaFlow serving on {}: gRPC {}, HTTP {}; config {}", options.bindHost,
        portText(grpcPort()), portText(httpPort()), options.config);
  }

  /** "port 8081", or "disabled" for -1. */
  public static String portText(int port) {
    return port < 0 ? "disabled" : "port " + port;
  }

  public boolean isReady() {
    return ready && store.ready();
  }

  /** The bound gRPC port, or -1 if gRPC is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.getPort();
  }

  /** The bound HTTP port, or -1 if HTTP is off. */
  public int httpPort() {
    return http == null ? -1 : http.getAddress().getPort();
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  public ConfigHolder config() {
    return config;
  }

  public DecisionService service() {
    return service;
  }

  /** Blocks until the gRPC server terminates (or returns at once if gRPC is off). */
  public void awaitTermination() throws InterruptedException {
    if (grpc != null) {
      grpc.awaitTermination();
    } else if (httpExecutor != null) {
      httpExecutor.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
  }

  @Override
  public synchronized void close() {
    if (!ready) {
      // Never started serving (a port in use, say): nothing is in flight, so no grace.
      if (grpc != null) {
        grpc.shutdownNow();
      }
      if (http != null) {
        http.stop(0);
      }
      if (httpExecutor != null) {
        httpExecutor.shutdownNow();
      }
      grpc = null;
      http = null;
      store.close();
      config.close();
      return;
    }
    ready = false;
    log.info("QuantaFlow shutting down; letting in-flight requests finish (up to {} ms)",
        options.shutdownGraceMillis);
    long deadline = System.nanoTime() + options.shutdownGraceMillis * 1_000_000L;
    if (grpc != null) {
      grpc.shutdown();
    }
    try {
      if (http != null) {
        // The JDK 17 server's stop(delay) always waits the whole delay, so wait for the
        // exchanges in progress here (new ones get 503) and then stop at once.
        httpApi.startClosing();
        while (httpApi.inFlight() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        http.stop(0);
        httpExecutor.shutdown();
      }
      if (grpc != null) {
        grpc.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        grpc.shutdownNow();
      }
      if (httpExecutor != null
          && !httpExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()),
              TimeUnit.NANOSECONDS)) {
        httpExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    grpc = null;
    http = null;
    config.close();
    store.close();
    log.info("QuantaFlow stopped");
  }
}
