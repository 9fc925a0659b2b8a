package io.quantaflow.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Settings of a running service, with the defaults {@code quantaflow serve} uses. Mutable. */
public final class ServerOptions {

  public Path config;
  public String bindHost = "127.0.0.1";
  /** 0 picks a free port. */
  public int grpcPort = 8081;
  /** 0 picks a free port. */
  public int httpPort = 8080;
  public int maxRequestBytes = 64 * 1024;
  public int maxDescriptors = 64;
  public int httpThreads = 8;
  public int httpQueue = 1024;
  public boolean rateLimitHeaders = true;
  /** Every rule in shadow mode: evaluated and counted, never refused. */
  public boolean globalShadowMode;
  public long reloadIntervalMillis = 1000;
  public long shutdownGraceMillis = 5000;
  /** The domain the proxy endpoint asks about; null means the only configured domain. */
  public String proxyDomain;
  /** Each descriptor is a list of {descriptor key, request header}. */
  public List<List<String[]>> proxyDescriptors = new ArrayList<>();
  public int proxyDenyStatus = 429;
  /** Request header whose value is the hits of a proxy request (absent: 1). */
  public String proxyHitsHeader = "X-RateLimit-Hits";

  /**
   * Parses a proxy descriptor written {@code key=Header[,key2=Header2...]}, for example
   * {@code tenant=X-Tenant-Id,path=X-Original-URI}.
   */
  public static List<String[]> parseProxyDescriptor(String text) {
    List<String[]> entries = new ArrayList<>();
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "proxy descriptor '%s' must be key=Header[,key=Header...], like tenant=X-Tenant-Id",
            text));
      }
      entries.add(new String[] {part.substring(0, eq).trim(), part.substring(eq + 1).trim()});
    }
    return entries;
  }

  /** Checks ranges; throws naming the option, the value and the range. */
  public void validate() {
    range("grpc port", grpcPort, -1, 65535);
    range("http port", httpPort, -1, 65535);
    range("max request bytes", maxRequestBytes, 256, 64 * 1024 * 1024);
    range("max descriptors", maxDescriptors, 1, 10_000);
    range("http threads", httpThreads, 1, 1024);
    range("proxy deny status", proxyDenyStatus, 400, 599);
    if (grpcPort == -1 && httpPort == -1) {
      throw new IllegalArgumentException("nothing to serve: the gRPC port and the HTTP port are"
          + " both -1 (disabled); give at least one of them a port in [0, 65535]");
    }
    if (reloadIntervalMillis < 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "reload interval must be >= 0 ms (got %d)", reloadIntervalMillis));
    }
  }

  private static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must be in [%d, %d] (got %d)", name, min, max, value));
    }
  }
}
