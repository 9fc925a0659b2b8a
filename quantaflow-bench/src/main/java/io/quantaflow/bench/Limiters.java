package io.quantaflow.bench;

/** Builds the limiter a benchmark parameter names: QuantaFlow's own, or a peer's. */
final class Limiters {

  static final String QUANTAFLOW = "quantaflow";

  private Limiters() {}

  static Decider single(String implementation, long ratePerSecond) {
    if (QUANTAFLOW.equals(implementation)) {
      throw new UnsupportedOperationException("QuantaFlow's Limiter has not landed yet");
    }
    return Peers.single(implementation, ratePerSecond);
  }

  static KeyedDecider keyed(String implementation, long ratePerSecond) {
    if (QUANTAFLOW.equals(implementation)) {
      throw new UnsupportedOperationException("QuantaFlow's TenantTable has not landed yet");
    }
    return Peers.keyed(implementation, ratePerSecond);
  }
}
