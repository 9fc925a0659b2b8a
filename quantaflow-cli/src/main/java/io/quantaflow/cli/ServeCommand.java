package io.quantaflow.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quantaflow.redis.FailurePolicy;
import io.quantaflow.redis.RedisStore;
import io.quantaflow.redis.RedisStoreConfig;
import io.quantaflow.server.QuantaFlowServer;
import io.quantaflow.server.ServerOptions;
import io.quantaflow.server.config.ConfigError;
import io.quantaflow.server.config.ConfigException;
import io.quantaflow.server.store.RateLimitStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quantaflow serve --config FILE}: the rate-limit service. Envoy's gRPC RateLimitService
 * and an HTTP API (JSON checks, proxy sub-requests, health, metrics), in-memory state, hot
 * reload of the configuration. Stops gracefully on SIGTERM or Ctrl-C.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    sortOptions = false,
    description = {
        "Serves rate-limit decisions: gRPC envoy.service.ratelimit.v3.RateLimitService and HTTP"
            + " (/json, /check for proxy sub-requests, /healthz, /readyz, /metrics).",
    },
    footer = {"", "Logs go to stderr; QUANTAFLOW_LOG_LEVEL=DEBUG logs every decision.",
        "Exit codes: 0 stopped, 2 bad option or configuration, 1 cannot start."})
public final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "Rate-limit configuration: a YAML file or a directory of them. Reloaded"
          + " when it changes.")
  Path config;

  @Option(names = "--bind", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String bind;

  @Option(names = "--grpc-port", paramLabel = "PORT", defaultValue = "8081",
      description = "gRPC port, 0 for any free port, -1 for none (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
      description = "HTTP port, 0 for any free port, -1 for none (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "65536",
      description = "Largest request body or gRPC message, 256..67108864 "
          + "(default: ${DEFAULT-VALUE}).")
  int maxRequestBytes;

  @Option(names = "--max-descriptors", paramLabel = "N", defaultValue = "64",
      description = "Most descriptors in one request, 1..10000 (default: ${DEFAULT-VALUE}).")
  int maxDescriptors;

  @Option(names = "--http-threads", paramLabel = "N", defaultValue = "8",
      description = "HTTP worker threads, 1..1024 (default: ${DEFAULT-VALUE}).")
  int httpThreads;

  @Option(names = "--reload-interval-ms", paramLabel = "MS", defaultValue = "1000",
      description = "How often to look for a changed configuration, 0 to never "
          + "(default: ${DEFAULT-VALUE}).")
  long reloadIntervalMillis;

  @Option(names = "--shutdown-grace-ms", paramLabel = "MS", defaultValue = "5000",
      description = "How long in-flight requests may take to finish on shutdown "
          + "(default: ${DEFAULT-VALUE}).")
  long shutdownGraceMillis;

  @Option(names = "--no-rate-limit-headers", negatable = false,
      description = "Do not add RateLimit-Limit/-Remaining/-Reset headers.")
  boolean noRateLimitHeaders;

  @Option(names = "--shadow-mode", negatable = false,
      description = "Global shadow mode: evaluate and count every rule, refuse nothing.")
  boolean shadowMode;

  @Option(names = "--proxy-domain", paramLabel = "DOMAIN",
      description = "Domain of /check requests (default: the only domain configured).")
  String proxyDomain;

  @Option(names = "--proxy-descriptor", paramLabel = "KEY=HEADER[,KEY=HEADER...]",
      description = "A descriptor built from request headers for /check; repeat for several"
          + " (default: tenant=X-Tenant). A request missing a header skips that descriptor.")
  List<String> proxyDescriptors = new ArrayList<>();

  @Option(names = "--proxy-deny-status", paramLabel = "STATUS", defaultValue = "429",
      description = "HTTP status of a denied /check, 400..599; nginx auth_request needs 403"
          + " (default: ${DEFAULT-VALUE}).")
  int proxyDenyStatus;

  @Option(names = "--redis", paramLabel = "URI",
      description = "Keep state in Redis at URI (redis://host:port, or"
          + " redis-cluster://host:port[,host:port...]) so several instances share it"
          + " (default: in memory).")
  String redisUri;

  @Option(names = "--redis-key-prefix", paramLabel = "PREFIX", defaultValue = "qf:",
      description = "Prefix of every Redis key (default: ${DEFAULT-VALUE}).")
  String redisKeyPrefix;

  @Option(names = "--redis-timeout-ms", paramLabel = "MS", defaultValue = "5",
      description = "Redis answer deadline, after which the failure policy decides "
          + "(default: ${DEFAULT-VALUE}).")
  long redisTimeoutMillis;

  @Option(names = "--redis-failure-policy", paramLabel = "POLICY", defaultValue = "open",
      description = "When Redis cannot answer: open (admit) or closed (deny) "
          + "(default: ${DEFAULT-VALUE}).")
  String redisFailurePolicy;

  /** The running server, once started (tests stop it through this). */
  volatile QuantaFlowServer server;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ServerOptions options = new ServerOptions();
    options.config = config;
    options.bindHost = bind;
    options.grpcPort = grpcPort;
    options.httpPort = httpPort;
    options.maxRequestBytes = maxRequestBytes;
    options.maxDescriptors = maxDescriptors;
    options.httpThreads = httpThreads;
    options.reloadIntervalMillis = reloadIntervalMillis;
    options.shutdownGraceMillis = shutdownGraceMillis;
    options.rateLimitHeaders = !noRateLimitHeaders;
    options.globalShadowMode = shadowMode;
    options.proxyDomain = proxyDomain;
    options.proxyDenyStatus = proxyDenyStatus;
    List<String> specs = proxyDescriptors.isEmpty() ? List.of("tenant=X-Tenant")
        : proxyDescriptors;
    for (String s : specs) {
      options.proxyDescriptors.add(ServerOptions.parseProxyDescriptor(s));
    }

    options.validate();
    ServeLogging.install();
    QuantaFlowServer server;
    try {
      server = redisUri == null ? QuantaFlowServer.start(options)
          : QuantaFlowServer.start(options, openRedis());
      this.server = server;
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println("quantaflow serve: " + error);
      }
      err.flush();
      return spec.exitCodeOnInvalidInput();
    } catch (IOException e) {
      err.println("quantaflow serve: cannot listen on " + bind + " (gRPC port " + grpcPort
          + ", HTTP port " + httpPort + "): " + e.getMessage());
      err.flush();
      return QuantaFlowCommand.EXIT_FAILURE;
    }
    Thread hook = new Thread(server::close, "quantaflow-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().printf("QuantaFlow serving: gRPC %s, HTTP %s%n",
        address(server.grpcPort()), address(server.httpPort()));
    spec.commandLine().getOut().flush();
    server.awaitTermination();
    server.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running; nothing to remove.
    }
    return 0;
  }

  private String address(int port) {
    return port < 0 ? "disabled" : bind + ":" + port;
  }

  private RateLimitStore openRedis() {
    FailurePolicy policy = switch (redisFailurePolicy.toLowerCase(Locale.ROOT)) {
      case "open" -> FailurePolicy.FAIL_OPEN;
      case "closed" -> FailurePolicy.FAIL_CLOSED;
      default -> throw new IllegalArgumentException(
          "--redis-failure-policy must be open or closed (got '" + redisFailurePolicy + "')");
    };
    RedisStoreConfig config = RedisStoreConfig.of(redisUri)
        .withKeyPrefix(redisKeyPrefix)
        // One tenant's descriptors (same domain and first entry) in one cluster slot.
        .withFirstEntryHashTag()
        .withTimeout(Duration.ofMillis(redisTimeoutMillis))
        .withFailurePolicy(policy);
    // The store's meters are bound to the server's registry when the server starts.
    return RedisStore.open(config, new SimpleMeterRegistry(), Duration.ofSeconds(2));
  }
}
