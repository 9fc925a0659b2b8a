import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded HTTP load for the nginx end-to-end test, run as its own process:
 *
 * <pre>java scripts/LoadGenerator.java URL REQUESTS_PER_TENANT THREADS TENANT...</pre>
 *
 * Each thread sends its share of every tenant's requests, tenants interleaved, with the tenant
 * in the X-Tenant header, one request at a time. Prints one line per tenant:
 * {@code tenant=NAME sent=N ok=N denied=N other=N retry_after=N} (denied = 429 answers,
 * retry_after = denied answers that carried a Retry-After header), then
 * {@code window_nanos=START END}: System.nanoTime before the first request and after the
 * last answer.
 */
public final class LoadGenerator {

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: LoadGenerator URL REQUESTS_PER_TENANT THREADS TENANT...");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    int perTenant = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    List<String> tenants = List.of(args).subList(3, args.length);
    int n = tenants.size();
    AtomicLongArray sent = new AtomicLongArray(n);
    AtomicLongArray ok = new AtomicLongArray(n);
    AtomicLongArray denied = new AtomicLongArray(n);
    AtomicLongArray other = new AtomicLongArray(n);
    AtomicLongArray retryAfter = new AtomicLongArray(n);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    long startNanos = System.nanoTime();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int share = perTenant / threads + (t < perTenant % threads ? 1 : 0);
      Thread w = new Thread(() -> {
        for (int i = 0; i < share; i++) {
          for (int k = 0; k < n; k++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("X-Tenant", tenants.get(k)).GET().build();
            sent.incrementAndGet(k);
            try {
              HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                ok.incrementAndGet(k);
              } else if (r.statusCode() == 429) {
                denied.incrementAndGet(k);
                if (r.headers().firstValue("Retry-After").isPresent()) {
                  retryAfter.incrementAndGet(k);
                }
              } else {
                other.incrementAndGet(k);
              }
            } catch (Exception e) {
              other.incrementAndGet(k);
            }
          }
        }
      });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    long endNanos = System.nanoTime();
    for (int k = 0; k < n; k++) {
      System.out.printf("tenant=%s sent=%d ok=%d denied=%d other=%d retry_after=%d%n",
          tenants.get(k), sent.get(k), ok.get(k), denied.get(k), other.get(k),
          retryAfter.get(k));
    }
    // System.nanoTime is the machine's monotonic clock on Linux, shared by processes: every
    // decision the service took for this load happened inside this window.
    System.out.printf("window_nanos=%d %d%n", startNanos, endNanos);
  }
}
