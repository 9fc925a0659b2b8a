package io.quantaflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx (the Debian package) in front of a tiny upstream, asking QuantaFlow through
 * {@code auth_request}; a second process sends a bounded load for three tenants. Every tenant's
 * admitted count, as the upstream saw it, must stay within the proved bound over the whole run:
 * admitted <= plan(elapsed) + B + 1, with elapsed measured by the load process from before its
 * first request to after its last answer (a window that contains every decision, so the bound
 * is sound however slow the machine is).
 *
 * <p>Skips, saying why, when nginx is not installed; {@code scripts/ensure-nginx.sh} installs it.
 */
final class NginxEndToEndTest {

  @TempDir
  Path dir;

  private static Path nginxBinary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx",
        "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static final String CONFIG = """
      domain: web
      descriptors:
        - key: tenant
          rate_limit: {unit: second, requests_per_unit: 10}
        - key: tenant
          value: alpha
          rate_limit: {unit: second, requests_per_unit: 20, burst: 5}
        - key: tenant
          value: beta
          rate_limit: {rate: 3/2s, burst: 2}
      """;

  /** Tokens per second and burst of each tenant, as configured above. */
  private static final Map<String, double[]> PLANS = Map.of(
      "alpha", new double[] {20, 5}, "beta", new double[] {1.5, 2}, "gamma", new double[] {10, 10});

  @Test
  void nginxAuthRequest_underLoad_admitsEachTenantWithinTheBound() throws Exception {
    Path nginx = nginxBinary();
    assumeTrue(nginx != null, "nginx is not installed, so the nginx end-to-end test cannot run;"
        + " run scripts/ensure-nginx.sh (apt-get install -y nginx) first");

    // The upstream counts what nginx let through, per tenant.
    Map<String, AtomicLong> upstream = new ConcurrentHashMap<>();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    app.createContext("/", ex -> {
      String tenant = String.valueOf(ex.getRequestHeaders().getFirst("X-Tenant"));
      upstream.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
      byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    app.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    app.start();

    Path config = dir.resolve("rl.yaml");
    Files.writeString(config, CONFIG);
    ServerOptions options = new ServerOptions();
    options.config = config;
    options.grpcPort = -1;
    options.httpPort = 0;
    options.reloadIntervalMillis = 0;
    options.proxyDenyStatus = 403;
    options.proxyDescriptors = List.of(ServerOptions.parseProxyDescriptor("tenant=X-Tenant"));

    int nginxPort = freePort();
    Process nginxProcess = null;
    try (QuantaFlowServer server = QuantaFlowServer.start(options)) {
      Files.writeString(dir.resolve("nginx.conf"), nginxConf(nginxPort, server.httpPort(),
          app.getAddress().getPort()));
      nginxProcess = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c",
          dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
      awaitListening(nginxPort, nginxProcess);

      long startNanos = System.nanoTime();
      Process load = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), Path.of("../scripts/LoadGenerator.java").toAbsolutePath().toString(),
          "http://127.0.0.1:" + nginxPort + "/hello", "300", "4", "alpha", "beta", "gamma")
          .redirectErrorStream(true).start();
      String output = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(load.waitFor(120, TimeUnit.SECONDS)).isTrue();
      long outerNanos = System.nanoTime() - startNanos;
      assertThat(load.exitValue()).as(output).isZero();
      Matcher window = Pattern.compile("window_nanos=(-?\\d+) (-?\\d+)").matcher(output);
      assertThat(window.find()).as(output).isTrue();
      long loadNanos = Long.parseLong(window.group(2)) - Long.parseLong(window.group(1));
      // The load's own window lies inside ours (same monotonic clock on Linux).
      assertThat(loadNanos).isBetween(0L, outerNanos);
      double elapsedSeconds = loadNanos / 1e9;

      Map<String, long[]> seen = parse(output);
      for (String tenant : List.of("alpha", "beta", "gamma")) {
        long[] c = seen.get(tenant);
        long admitted = upstream.getOrDefault(tenant, new AtomicLong()).get();
        double[] plan = PLANS.get(tenant);
        double bound = plan[0] * elapsedSeconds + plan[1] + 1;
        String what = String.format(java.util.Locale.ROOT,
            "%s: sent %d, ok %d, denied %d, other %d, upstream %d, bound %.1f over %.2f s",
            tenant, c[0], c[1], c[2], c[3], admitted, bound, elapsedSeconds);
        System.out.println("nginx e2e " + what);

        assertThat(c[0]).as(what).isEqualTo(300);
        assertThat(c[3]).as(what + " (no errors)").isZero();
        assertThat(c[1] + c[2]).as(what).isEqualTo(300);
        assertThat(admitted).as(what + " (every 200 reached the upstream)").isEqualTo(c[1]);
        assertThat((double) admitted).as(what).isLessThanOrEqualTo(bound);
        // A fresh bank admits its first B requests whatever the timing.
        assertThat(admitted).as(what).isGreaterThanOrEqualTo((long) plan[1]);
        assertThat(c[4]).as(what + " (every 429 has Retry-After)").isEqualTo(c[2]);
      }
    } finally {
      if (nginxProcess != null) {
        nginxProcess.destroy();
        if (!nginxProcess.waitFor(10, TimeUnit.SECONDS)) {
          nginxProcess.destroyForcibly();
        }
      }
      app.stop(0);
    }
  }

  private static Map<String, long[]> parse(String output) {
    Pattern line = Pattern.compile(
        "tenant=(\\S+) sent=(\\d+) ok=(\\d+) denied=(\\d+) other=(\\d+) retry_after=(\\d+)");
    Map<String, long[]> out = new HashMap<>();
    Matcher m = line.matcher(output);
    while (m.find()) {
      out.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6))});
    }
    assertThat(out).as(output).containsKeys("alpha", "beta", "gamma");
    return out;
  }

  /** Waits for nginx to accept connections: up to 200 attempts, failing if nginx exits. */
  private void awaitListening(int port, Process nginx) throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {
      if (!nginx.isAlive()) {
        throw new AssertionError("nginx exited with " + nginx.exitValue() + ": "
            + Files.readString(dir.resolve("nginx.out")) + readIfExists(dir.resolve("error.log")));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nginx did not listen on port " + port);
  }

  private static String readIfExists(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private String nginxConf(int listenPort, int quantaflowPort, int appPort) {
    String d = dir.toString();
    return """
        daemon off;
        master_process on;
        worker_processes 1;
        pid %1$s/nginx.pid;
        events { worker_connections 512; }
        http {
          access_log off;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream quantaflow { server 127.0.0.1:%3$d; keepalive 16; }
          upstream app { server 127.0.0.1:%4$d; keepalive 16; }
          server {
            listen 127.0.0.1:%2$d;
            location / {
              auth_request /_quantaflow;
              auth_request_set $qf_retry_after $upstream_http_retry_after;
              error_page 403 = @over_limit;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_pass http://app;
            }
            location = /_quantaflow {
              internal;
              proxy_pass http://quantaflow/check;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Tenant $http_x_tenant;
            }
            location @over_limit {
              add_header Retry-After $qf_retry_after always;
              return 429 "over limit\\n";
            }
          }
        }
        """.formatted(d, listenPort, quantaflowPort, appPort);
  }
}
