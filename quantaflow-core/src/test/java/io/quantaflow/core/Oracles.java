package io.quantaflow.core;

/** Slow, obviously correct models that the fast code is checked against. */
final class Oracles {

  private Oracles() {}

  /** The worst window error in units of 1/q by summing every window [i, j): O(n^2). */
  static long bruteForceWindowErrorUnits(long[] planUnits, long[] tokens, long q) {
    long worst = 0;
    for (int i = 0; i < planUnits.length; i++) {
      long windowUnits = 0;
      for (int j = i; j < planUnits.length; j++) {
        windowUnits += planUnits[j] - q * tokens[j];
        worst = Math.max(worst, Math.abs(windowUnits));
      }
    }
    return worst;
  }

  /**
   * The reference limiter's step as the reference states it for plans in [0, q]: add the
   * plan to the carry; when the carry reaches q, emit one token and take q away.
   */
  static final class ReferenceStep {
    private final long q;
    private long carryUnits;

    ReferenceStep(long q) {
      this.q = q;
    }

    long step(long planUnits) {
      carryUnits += planUnits;
      if (carryUnits >= q) {
        carryUnits -= q;
        return 1;
      }
      return 0;
    }
  }

  /** Runs a fresh carry rule over a plan and returns the tokens of every tick. */
  static long[] run(long q, long maxTokensPerTick, long[] planUnits) {
    CarryRule rule = new CarryRule(q, maxTokensPerTick);
    long[] tokens = new long[planUnits.length];
    for (int t = 0; t < planUnits.length; t++) {
      tokens[t] = rule.step(planUnits[t]);
    }
    return tokens;
  }

  /** Joins numbers without separators when all are single digits, else with spaces. */
  static String transcript(long[] values) {
    StringBuilder out = new StringBuilder();
    boolean digits = true;
    for (long value : values) {
      digits &= value >= 0 && value <= 9;
    }
    for (long value : values) {
      if (!digits && out.length() > 0) {
        out.append(' ');
      }
      out.append(value);
    }
    return out.toString();
  }

  /** Parses "3,3,3" into {3, 3, 3}. */
  static long[] plan(String commaSeparated) {
    String[] parts = commaSeparated.split(",");
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Long.parseLong(parts[i].strip());
    }
    return values;
  }
}
