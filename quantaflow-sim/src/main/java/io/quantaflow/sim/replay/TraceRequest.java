package io.quantaflow.sim.replay;

/**
 * One request of a trace.
 *
 * @param lineNumber the line of the trace file it came from (the header is line 1)
 * @param timeNanos when it arrived, nanoseconds from the trace's time origin
 * @param tenant who sent it
 * @param cost the tokens it asks for, {@code >= 1}
 */
public record TraceRequest(long lineNumber, long timeNanos, String tenant, long cost) {}
