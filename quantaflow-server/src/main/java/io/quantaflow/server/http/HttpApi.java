package io.quantaflow.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.quantaflow.server.CheckRequest;
import io.quantaflow.server.CheckResult;
import io.quantaflow.server.DecisionService;
import io.quantaflow.server.InvalidRequestException;
import io.quantaflow.server.ServerOptions;
import io.quantaflow.server.config.TimeUnitName;
import io.quantaflow.server.grpc.RateLimitGrpcService;
import io.quantaflow.server.metrics.ServerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API, on the JDK's HTTP server.
 *
 * <ul>
 *   <li>{@code POST /json}: a rate-limit request as JSON (Envoy's {@code RateLimitRequest} in
 *       proto3 JSON, snake_case or camelCase); 200 when OK, 429 when over the limit, with
 *       the statuses in the body and the RateLimit headers.
 *   <li>{@code /check}: for proxy sub-requests (nginx {@code auth_request}, Traefik
 *       ForwardAuth, Envoy ext_authz over HTTP): descriptors come from request headers; 200
 *       allows, the deny status (429 by default) denies with {@code Retry-After}.
 *   <li>{@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics} (Prometheus).
 * </ul>
 *
 * Bad requests get 400 with {@code {"error": "..."}}; nothing answers 500.
 */
public final class HttpApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Most unread request bytes dropped before an answer; past that the connection is closed
   * instead, and such a client may see a reset rather than the answer.
   */
  private static final long MAX_DISCARD_BYTES = 1 << 20;

  private final DecisionService service;
  private final ServerMetrics metrics;
  private final ServerOptions options;
  private final BooleanSupplier ready;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closing;

  public HttpApi(DecisionService service, ServerMetrics metrics, ServerOptions options,
      BooleanSupplier ready) {
    this.service = service;
    this.metrics = metrics;
    this.options = options;
    this.ready = ready;
  }

  /** Requests being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** From now on, answer 503 to new requests (shutdown in progress). */
  public void startClosing() {
    closing = true;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (closing) {
        exchange.getResponseHeaders().set("Connection", "close");
        error(exchange, 503, "shutting down");
        return;
      }
      switch (path) {
        case "/json" -> json(exchange);
        case "/check" -> proxy(exchange);
        // /healthcheck is the Envoy rate-limit service's path, for drop-in health probes.
        case "/healthz", "/healthcheck" -> {
          if (isGet(exchange, path)) {
            send(exchange, 200, "text/plain", "ok\n");
          }
        }
        case "/readyz" -> {
          if (isGet(exchange, path)) {
            boolean ok = ready.getAsBoolean();
            send(exchange, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
          }
        }
        case "/metrics" -> {
          if (isGet(exchange, path)) {
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
          }
        }
        default -> error(exchange, 404, "no endpoint " + clip(path)
            + "; endpoints: /json, /check, /healthz, /readyz, /metrics");
      }
    } catch (IOException e) {
      log.debug("HTTP exchange failed: {}", e.toString());
    } catch (RuntimeException e) {
      log.warn("HTTP request failed: {}", e.toString());
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** True for GET and HEAD; otherwise answers 405 with {@code Allow: GET, HEAD}. */
  private static boolean isGet(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    error(exchange, 405, path + " takes GET (got " + clip(method) + ")");
    return false;
  }

  // ---- /json --------------------------------------------------------------------------------

  private void json(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    try {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        error(exchange, 405, "/json takes POST with a JSON body");
        return;
      }
      byte[] body = readBody(exchange);
      if (body == null) {
        return;
      }
      CheckRequest request;
      try {
        request = parseJson(body);
      } catch (InvalidRequestException e) {
        metrics.countError("http_json", "invalid");
        error(exchange, 400, e.getMessage());
        return;
      }
      CheckResult result = decide(exchange, "http_json", request);
      if (result == null) {
        return;
      }
      addRateLimitHeaders(exchange.getResponseHeaders(), result);
      send(exchange, result.overLimit() ? 429 : 200, "application/json",
          JSON.writeValueAsString(toJson(result)));
    } finally {
      metrics.recordLatency("http_json", System.nanoTime() - start);
    }
  }

  private CheckResult decide(HttpExchange exchange, String api, CheckRequest request)
      throws IOException {
    try {
      return service.check(request);
    } catch (InvalidRequestException e) {
      metrics.countError(api, "invalid");
      error(exchange, 400, e.getMessage());
    } catch (RuntimeException e) {
      metrics.countError(api, "unavailable");
      log.warn("cannot decide an HTTP request: {}", e.toString());
      error(exchange, 503, "rate limit store failed: " + e.getClass().getSimpleName());
    }
    return null;
  }

  private static final Set<String> REQUEST_FIELDS =
      Set.of("domain", "descriptors", "hits_addend", "hitsAddend");
  private static final Set<String> DESCRIPTOR_FIELDS =
      Set.of("entries", "hits_addend", "hitsAddend", "limit");

  static CheckRequest parseJson(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String what = e.getOriginalMessage().split("\n")[0].replaceAll(" \\(start marker.*", "")
          .replaceAll(" at \\[Source.*", "");
      String where = e.getLocation() == null ? "" : String.format(Locale.ROOT,
          " at line %d, column %d", e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      throw new InvalidRequestException("body is not valid JSON" + where + ": " + clip(what));
    } catch (IOException e) {
      throw new InvalidRequestException("body cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("body must be a JSON object with domain and"
          + " descriptors");
    }
    checkFields(root, REQUEST_FIELDS, "request");
    String domain = text(root.get("domain"), "domain");
    JsonNode ds = root.get("descriptors");
    if (ds == null || !ds.isArray()) {
      throw new InvalidRequestException("descriptors must be an array");
    }
    List<CheckRequest.Descriptor> descriptors = new ArrayList<>();
    for (int i = 0; i < ds.size(); i++) {
      JsonNode d = ds.get(i);
      String where = "descriptors[" + i + "]";
      if (!d.isObject()) {
        throw new InvalidRequestException(where + " must be an object with entries");
      }
      checkFields(d, DESCRIPTOR_FIELDS, where);
      JsonNode es = d.get("entries");
      if (es == null || !es.isArray()) {
        throw new InvalidRequestException(where + ".entries must be an array");
      }
      List<String[]> entries = new ArrayList<>();
      for (int j = 0; j < es.size(); j++) {
        JsonNode e = es.get(j);
        String ew = where + ".entries[" + j + "]";
        if (!e.isObject()) {
          throw new InvalidRequestException(ew + " must be an object with key and value");
        }
        checkFields(e, Set.of("key", "value"), ew);
        String value = e.has("value") ? text(e.get("value"), ew + ".value") : "";
        entries.add(new String[] {text(e.get("key"), ew + ".key"), value});
      }
      Long hits = hitsOf(d, where);
      CheckRequest.LimitOverride override = null;
      if (d.has("limit")) {
        override = overrideOf(d.get("limit"), where + ".limit");
      }
      descriptors.add(new CheckRequest.Descriptor(entries, hits, override));
    }
    Long hits = hitsOf(root, "request");
    return new CheckRequest(domain, descriptors, hits == null ? 1 : hits);
  }

  private static CheckRequest.LimitOverride overrideOf(JsonNode n, String where) {
    if (!n.isObject()) {
      throw new InvalidRequestException(where + " must be an object");
    }
    checkFields(n, Set.of("requests_per_unit", "requestsPerUnit", "unit"), where);
    JsonNode rpu = n.has("requests_per_unit") ? n.get("requests_per_unit")
        : n.get("requestsPerUnit");
    long value = whole(rpu, where + ".requests_per_unit");
    String unitText = text(n.get("unit"), where + ".unit");
    // The same units, case-insensitive, as the YAML configuration (WEEK was refused here).
    TimeUnitName unit = TimeUnitName.parse(unitText);
    if (unit == null) {
      throw new InvalidRequestException(String.format(Locale.ROOT,
          "%s.unit must be one of second, minute, hour, day, week, month, year in any case"
              + " (got '%s')", where, clip(unitText)));
    }
    return new CheckRequest.LimitOverride(value, unit);
  }

  private static Long hitsOf(JsonNode n, String where) {
    JsonNode h = n.has("hits_addend") ? n.get("hits_addend") : n.get("hitsAddend");
    return h == null || h.isNull() ? null : whole(h, where + ".hits_addend");
  }

  private static long whole(JsonNode n, String where) {
    if (n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
      return n.asLong();
    }
    if (n != null && n.isTextual() && n.asText().matches("\\d{1,18}")) {
      return Long.parseLong(n.asText());
    }
    throw new InvalidRequestException(String.format(Locale.ROOT,
        "%s must be a whole number >= 0 (got %s)", where, n == null ? "nothing" : clip(
            n.toString())));
  }

  private static String text(JsonNode n, String where) {
    if (n == null || !n.isTextual()) {
      throw new InvalidRequestException(String.format(Locale.ROOT, "%s must be a string (got %s)",
          where, n == null ? "nothing" : clip(n.toString())));
    }
    return n.asText();
  }

  private static void checkFields(JsonNode n, Set<String> allowed, String where) {
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidRequestException(String.format(Locale.ROOT,
            "unknown field '%s' in %s; allowed: %s", clip(name), where,
            String.join(", ", allowed.stream().sorted().toList())));
      }
    }
  }

  static ObjectNode toJson(CheckResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("overallCode", result.overLimit() ? "OVER_LIMIT" : "OK");
    ArrayNode statuses = root.putArray("statuses");
    for (CheckResult.Status s : result.statuses()) {
      ObjectNode o = statuses.addObject();
      o.put("code", s.code().name());
      if (s.limitView() != null) {
        ObjectNode limit = o.putObject("currentLimit");
        if (s.limitView().name() != null) {
          limit.put("name", s.limitView().name());
        }
        limit.put("requestsPerUnit", s.limitView().requestsPerUnit());
        limit.put("unit", s.limitView().unit().name());
        o.put("limitRemaining", Math.max(0, s.remaining()));
        if (s.nanosUntilReset() > 0) {
          o.put("durationUntilReset", durationText(s.nanosUntilReset()));
        }
      } else if (s.unlimited()) {
        o.put("limitRemaining", 0xFFFF_FFFFL);
      }
      if (s.shadowed()) {
        o.put("shadowMode", true);
      }
    }
    return root;
  }

  /** Proto3 JSON duration text: seconds with up to 9 decimals, like {@code 1.500s}. */
  static String durationText(long nanos) {
    long s = nanos / 1_000_000_000L;
    long n = nanos % 1_000_000_000L;
    if (n == 0) {
      return s + "s";
    }
    String frac = String.format(Locale.ROOT, "%09d", n).replaceAll("0+$", "");
    return s + "." + frac + "s";
  }

  // ---- /check (proxy) ----------------------------------------------------------------------

  private void proxy(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    try {
      Headers h = exchange.getRequestHeaders();
      String domain = options.proxyDomain;
      if (domain == null) {
        metrics.countError("http_proxy", "invalid");
        error(exchange, 400, "/check needs a domain: the configuration has several, so start"
            + " the service with --proxy-domain");
        return;
      }
      List<CheckRequest.Descriptor> descriptors = new ArrayList<>();
      for (List<String[]> spec : options.proxyDescriptors) {
        List<String[]> entries = new ArrayList<>();
        for (String[] e : spec) {
          String value = h.getFirst(e[1]);
          if (value == null) {
            entries = null;
            break;
          }
          entries.add(new String[] {e[0], value});
        }
        // As in Envoy's request_headers action: a missing header means no descriptor.
        if (entries != null) {
          descriptors.add(new CheckRequest.Descriptor(entries, null, null));
        }
      }
      long hits = 1;
      String hitsText = h.getFirst(options.proxyHitsHeader);
      if (hitsText != null) {
        if (!hitsText.trim().matches("\\d{1,10}")) {
          metrics.countError("http_proxy", "invalid");
          error(exchange, 400, options.proxyHitsHeader + " must be a whole number >= 0 (got '"
              + clip(hitsText) + "')");
          return;
        }
        hits = Long.parseLong(hitsText.trim());
      }
      if (descriptors.isEmpty()) {
        send(exchange, 200, "text/plain", "no descriptor\n");
        return;
      }
      CheckResult result = decide(exchange, "http_proxy",
          new CheckRequest(domain, descriptors, hits));
      if (result == null) {
        return;
      }
      Headers out = exchange.getResponseHeaders();
      addRateLimitHeaders(out, result);
      if (result.overLimit()) {
        long wait = result.retryAfterNanos();
        if (wait > 0) {
          out.set("Retry-After", Long.toString(RateLimitGrpcService.ceilSeconds(wait)));
        }
        send(exchange, options.proxyDenyStatus, "text/plain", "over limit\n");
      } else {
        send(exchange, 200, "text/plain", "ok\n");
      }
    } finally {
      metrics.recordLatency("http_proxy", System.nanoTime() - start);
    }
  }

  private void addRateLimitHeaders(Headers out, CheckResult result) {
    CheckResult.Status s = result.headerStatus();
    if (!options.rateLimitHeaders || s == null) {
      return;
    }
    out.set("RateLimit-Limit", Long.toString(s.limitView().requestsPerUnit()));
    out.set("RateLimit-Remaining", Long.toString(Math.max(0, s.remaining())));
    out.set("RateLimit-Reset",
        Long.toString(RateLimitGrpcService.ceilSeconds(Math.max(0, s.nanosUntilReset()))));
  }

  // ---- plumbing -----------------------------------------------------------------------------

  /**
   * The request body, or null after answering 413 when it is larger than the limit. The
   * stream stays open: {@link #send} discards what is left of it before answering.
   */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("\\d{1,18}")
        && Long.parseLong(length) > options.maxRequestBytes) {
      error(exchange, 413, "body is larger than " + options.maxRequestBytes + " bytes");
      return null;
    }
    byte[] body = exchange.getRequestBody().readNBytes(options.maxRequestBytes + 1);
    if (body.length > options.maxRequestBytes) {
      error(exchange, 413, "body is larger than " + options.maxRequestBytes + " bytes");
      return null;
    }
    return body;
  }

  /**
   * Reads and drops what the client sent of the request body and we did not read, up to
   * {@link #MAX_DISCARD_BYTES}; past that, marks the response {@code Connection: close}.
   *
   * <p>Why: an answer written before the body is read (a 413 on the announced length, a 404 or
   * 405 to a POST) leaves request bytes in the socket. The JDK server then drops the
   * connection, and closing a socket with unread input sends a TCP reset, which can destroy
   * the answer in flight: the client saw {@code fixed content-length: 43, bytes received: 0}
   * or {@code header parser received no bytes} (HttpApiDrainTest). Reading the rest first
   * ends the exchange cleanly and keeps the connection reusable.
   */
  private static void discardRequestBody(HttpExchange exchange) {
    byte[] buffer = new byte[8192];
    long leftBytes = MAX_DISCARD_BYTES;
    try {
      InputStream in = exchange.getRequestBody();
      while (leftBytes > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, leftBytes));
        if (n < 0) {
          return;
        }
        leftBytes -= n;
      }
    } catch (IOException e) {
      log.debug("cannot discard the rest of a request body: {}", e.toString());
    }
    exchange.getResponseHeaders().set("Connection", "close");
  }

  private static void error(HttpExchange exchange, int status, String message)
      throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message);
    send(exchange, status, "application/json", JSON.writeValueAsString(o));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    discardRequestBody(exchange);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (exchange.getRequestMethod().equals("HEAD")) {
      // Headers only: a length here made the JDK server log a WARN for every HEAD request.
      exchange.sendResponseHeaders(status, -1);
      exchange.getResponseBody().close();
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
