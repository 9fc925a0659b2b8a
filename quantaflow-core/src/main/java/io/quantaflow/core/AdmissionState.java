package io.quantaflow.core;

import io.quantaflow.core.internal.Args;
import java.util.Locale;

/**
 * The state of one key: the tick it was last brought up to ({@code anchorTick}), the tokens
 * it has banked (0..B) and its carry in plan units (0..q-1). Immutable; see
 * {@link Admission} for the functions that move it.
 */
public final class AdmissionState {

  private final long anchorTick;
  private final long bankTokens;
  private final long carryUnits;

  private AdmissionState(long anchorTick, long bankTokens, long carryUnits) {
    this.anchorTick = anchorTick;
    this.bankTokens = bankTokens;
    this.carryUnits = carryUnits;
  }

  /**
   * Returns the state (anchorTick, bankTokens, carryUnits).
   *
   * @throws IllegalArgumentException if bankTokens is outside [0, 2^31 - 1] or carryUnits is
   *     outside [0, 2^31 - 2]; {@link Admission} further checks them against the limit
   */
  public static AdmissionState of(long anchorTick, long bankTokens, long carryUnits) {
    Args.inRange("bankTokens", bankTokens, 0, Limit.MAX_BURST_TOKENS);
    Args.inRange("carryUnits", carryUnits, 0, Plan.MAX_Q - 1);
    return new AdmissionState(anchorTick, bankTokens, carryUnits);
  }

  /** Returns the tick the state was last advanced to. */
  public long anchorTick() {
    return anchorTick;
  }

  /** Returns the banked tokens. */
  public long bankTokens() {
    return bankTokens;
  }

  /** Returns the carry, in plan units (1/q tokens). */
  public long carryUnits() {
    return carryUnits;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AdmissionState that
        && anchorTick == that.anchorTick
        && bankTokens == that.bankTokens
        && carryUnits == that.carryUnits;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(anchorTick * 961 + bankTokens * 31 + carryUnits);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "(anchor %d, bank %d, carry %d)",
        anchorTick, bankTokens, carryUnits);
  }
}
