package io.quantaflow.sim.replay;

/**
 * Which columns of a trace CSV hold what. A null time column means "the first column named
 * time, time_s, time_ms, timestamp or ts"; a null unit means "from the column's name
 * (time_s, time_ms), else from the first value (a number is seconds, else ISO-8601)"; a
 * null cost column means "a column named cost if there is one, else every request costs 1".
 */
public record TraceFormat(String timeColumn, TimeUnit timeUnit, String tenantColumn,
    String costColumn) {

  /** The defaults: found from the header. */
  public static TraceFormat detect() {
    return new TraceFormat(null, null, "tenant", null);
  }
}
