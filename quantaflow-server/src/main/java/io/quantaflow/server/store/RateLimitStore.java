package io.quantaflow.server.store;

import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import java.util.List;

/**
 * Where the service keeps per-key admission state. The contract, shared by every backend and
 * checked by the test suite {@code RateLimitStoreContract}:
 *
 * <ul>
 *   <li>One call is one atomic decision over all its requests, against one clock reading
 *       taken inside the atomic section (after the state is read).
 *   <li>All or nothing: if any request with hits > 0 would be denied, no request consumes;
 *       each request still gets its own decision. A request that alone would have been
 *       allowed gets the decision of a check-only request (n = 0: allowed, nothing taken,
 *       remaining = its bank); the caller learns that the batch failed from the others.
 *   <li>Requests naming the same key in one call are decided together: their hits are
 *       summed and each gets the decision for the sum.
 *   <li>States advance to the clock reading even when the batch is denied (catching up never
 *       changes what a key may take, so this is invisible to callers).
 *   <li>Callers never give one key two different limits; the server puts a fingerprint of the
 *       limit in every key, so a changed limit means a new key.
 *   <li>Decisions follow {@link io.quantaflow.core.Admission#decide} exactly: same requests
 *       and same clock readings give identical decisions on every backend.
 * </ul>
 */
public interface RateLimitStore extends AutoCloseable {

  /** Decides the requests together; returns one decision per request, in order. */
  List<Decision> decideAll(List<StoreRequest> requests);

  /**
   * Refuses a limit this store cannot hold. The server asks for every rule and pool when a
   * configuration loads (at startup and on every reload), so such a rule is a configuration
   * error with its file and line, never a failed request. Accepts every limit by default.
   *
   * @throws IllegalArgumentException saying what the store cannot hold and what it can
   */
  default void checkLimit(Limit limit) {}

  /** Whether the store can take decisions now (for readiness checks). */
  default boolean ready() {
    return true;
  }

  @Override
  default void close() {}
}
