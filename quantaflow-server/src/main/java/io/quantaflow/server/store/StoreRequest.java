package io.quantaflow.server.store;

import io.quantaflow.core.Limit;
import java.util.Locale;

/**
 * One key's part of a decision: take {@code hits} tokens (0 = check only) from the state at
 * {@code stateKey} under {@code limit}.
 */
public record StoreRequest(String stateKey, Limit limit, long hits) {

  public StoreRequest {
    if (stateKey == null || stateKey.isEmpty()) {
      throw new IllegalArgumentException("stateKey must not be empty");
    }
    if (limit == null) {
      throw new IllegalArgumentException("limit must not be null");
    }
    if (hits < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "hits must be >= 0 (got %d)", hits));
    }
  }
}
