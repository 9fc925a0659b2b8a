package io.quantaflow.core;

import java.util.Locale;

/**
 * The answer to a request for n tokens. Immutable.
 *
 * <ul>
 *   <li>{@link #allowed()}: the tokens were taken (a denied request takes nothing);
 *   <li>{@link #remainingTokens()}: the bank after the decision;
 *   <li>{@link #nanosUntilAvailable()}: 0 if allowed or if the tokens are there now (a batch
 *       denied for another key's sake); otherwise the exact wait until n tokens will be
 *       banked, never rounded down; -1 when the request can never succeed
 *       ({@link #possible()} is false: n > B, or a plan of zero);
 *   <li>{@link #nanosUntilFull()}: the wait until the bank holds B tokens; 0 when full; -1
 *       for a plan of zero.
 * </ul>
 *
 * <p>Waits are measured from the clock reading the decision was made at. They saturate at
 * {@link Long#MAX_VALUE} (about 292 years).
 */
public final class Decision {

  private final boolean allowed;
  private final boolean possible;
  private final long requestedTokens;
  private final long remainingTokens;
  private final Limit limit;
  // The state the decision left, from which the waits are computed when asked.
  private final long nowNanos;
  private final long anchorTick;
  private final long carryUnits;

  Decision(boolean allowed, boolean possible, long requestedTokens, long remainingTokens,
      Limit limit, long nowNanos, long anchorTick, long carryUnits) {
    this.allowed = allowed;
    this.possible = possible;
    this.requestedTokens = requestedTokens;
    this.remainingTokens = remainingTokens;
    this.limit = limit;
    this.nowNanos = nowNanos;
    this.anchorTick = anchorTick;
    this.carryUnits = carryUnits;
  }

  /** Returns true if the tokens were granted (and taken). */
  public boolean allowed() {
    return allowed;
  }

  /** Returns false if the request can never succeed under this limit. */
  public boolean possible() {
    return possible;
  }

  /** Returns n, the tokens asked for. */
  public long requestedTokens() {
    return requestedTokens;
  }

  /** Returns the tokens left in the bank after this decision. */
  public long remainingTokens() {
    return remainingTokens;
  }

  /**
   * Returns the nanoseconds until n tokens will be available: 0 if they are now, -1 if never.
   */
  public long nanosUntilAvailable() {
    if (allowed) {
      return 0;
    }
    if (!possible) {
      return -1;
    }
    return Bucket.nanosUntilTokens(limit, nowNanos, anchorTick, remainingTokens, carryUnits,
        requestedTokens);
  }

  /** Returns the nanoseconds until the bank is full: 0 if it is, -1 if never. */
  public long nanosUntilFull() {
    if (limit.isUnlimited()) {
      return 0;
    }
    if (limit.admitsNothing()) {
      return -1;
    }
    return Bucket.nanosUntilTokens(limit, nowNanos, anchorTick, remainingTokens, carryUnits,
        limit.burstTokens());
  }

  /** Returns the limit the decision was made under. */
  public Limit limit() {
    return limit;
  }

  /**
   * Returns this decision, made without consuming, as denied for another request's sake:
   * the tokens are there (wait 0) but were not taken.
   */
  Decision asDenied() {
    return allowed ? new Decision(false, possible, requestedTokens, remainingTokens, limit,
        nowNanos, anchorTick, carryUnits) : this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Decision that
        && allowed == that.allowed
        && possible == that.possible
        && requestedTokens == that.requestedTokens
        && remainingTokens == that.remainingTokens
        && nanosUntilAvailable() == that.nanosUntilAvailable()
        && nanosUntilFull() == that.nanosUntilFull()
        && limit.equals(that.limit);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(remainingTokens * 31 + requestedTokens) + (allowed ? 1 : 0);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "Decision[%s n=%d remaining=%d untilAvailable=%d ns untilFull=%d ns%s]",
        allowed ? "allowed" : "denied", requestedTokens, remainingTokens,
        nanosUntilAvailable(), nanosUntilFull(), possible ? "" : " impossible");
  }
}
