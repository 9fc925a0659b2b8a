package io.quantaflow.sim.mint;

/**
 * One minting algorithm with its state: told each tick's plan, it says how many whole
 * tokens the tick makes available to a client that takes every token as soon as it can.
 * Not thread-safe; one instance per run.
 */
public interface Minter {

  /**
   * Advances one tick.
   *
   * @param planUnits the tick's plan x_q, in units of 1/q token, in [0, M*q]
   * @return the whole tokens minted in the tick, {@code >= 0}
   */
  long mint(long planUnits);
}
