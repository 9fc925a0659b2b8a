package io.quantaflow.server;

import java.util.List;

/**
 * A protocol-neutral rate-limit request: a domain and descriptors, as in Envoy's
 * {@code RateLimitRequest}.
 *
 * @param hits tokens each descriptor takes unless it sets its own (0 = check only)
 */
public record CheckRequest(String domain, List<Descriptor> descriptors, long hits) {

  /**
   * One descriptor.
   *
   * @param entries {key, value} pairs, in order
   * @param hits this descriptor's own hits, or null to use the request's
   * @param override a per-request limit (Envoy's {@code limit} field), or null
   */
  public record Descriptor(List<String[]> entries, Long hits, LimitOverride override) {}

  /** A per-request limit: whole requests per unit. */
  public record LimitOverride(long requestsPerUnit,
      io.quantaflow.server.config.TimeUnitName unit) {}

  public CheckRequest {
    descriptors = List.copyOf(descriptors);
  }
}
