package io.quantaflow.core.pool;

/** The order in which a pool hands its capacity to tenants whose carry holds a whole token. */
public enum ServiceOrder {

  /**
   * One token at a time to the tenant with the largest carry; ties go to the lowest index. A
   * tenant may take several tokens in one tick. Keeps every carry within H_n - 1/q tokens
   * when the plans fit the capacity (docs/math.md, "Shared capacity").
   */
  LARGEST_DEFICIT_FIRST,

  /**
   * In ascending index order, each tenant takes all the whole tokens its carry holds while
   * capacity lasts.
   *
   * <p>Warning: kept for comparison only. A late index can fall behind by n - 2 tokens and
   * more: the error grows linearly with the number of tenants.
   */
  FIXED_ORDER
}
