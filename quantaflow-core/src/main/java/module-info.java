/** QuantaFlow's math core: the carry rule and everything built on it. Requires nothing. */
module io.quantaflow.core {
  exports io.quantaflow.core;
  exports io.quantaflow.core.pool;
}
