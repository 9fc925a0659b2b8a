package io.quantaflow.server;

import io.quantaflow.server.config.RateLimitRule;
import io.quantaflow.server.config.TimeUnitName;
import java.util.List;

/**
 * The answer to a {@link CheckRequest}: one status per descriptor, in request order, and the
 * overall verdict (over limit if any descriptor is over and not in shadow mode).
 */
public record CheckResult(boolean overLimit, List<Status> statuses, int mostRestrictive) {

  /** Per-descriptor code; never unknown. */
  public enum Code { OK, OVER_LIMIT }

  /**
   * One descriptor's status.
   *
   * @param rule the rule applied, or null when none matched (or it was replaced)
   * @param limitView the limit as whole requests per unit, or null when there is none
   * @param remaining tokens left, or -1 when unlimited or not limited
   * @param nanosUntilReset when OK, until the bank is full again; when over limit, until the
   *     hits would be admitted (until full if they never can)
   * @param shadowed over the limit but answered OK because of shadow mode
   */
  public record Status(Code code, RateLimitRule rule, LimitView limitView, long remaining,
      long nanosUntilReset, boolean shadowed, boolean unlimited) {}

  /** A limit as Envoy's {@code current_limit} can express it: whole requests per unit. */
  public record LimitView(String name, long requestsPerUnit, TimeUnitName unit) {}

  public CheckResult {
    statuses = List.copyOf(statuses);
  }

  /** The status the RateLimit headers describe, or null if none is limited. */
  public Status headerStatus() {
    return mostRestrictive < 0 ? null : statuses.get(mostRestrictive);
  }

  /** The longest wait among over-limit descriptors, for Retry-After; 0 if none. */
  public long retryAfterNanos() {
    long max = 0;
    for (Status s : statuses) {
      if (s.code() == Code.OVER_LIMIT) {
        max = Math.max(max, s.nanosUntilReset());
      }
    }
    return max;
  }
}
