package io.quantaflow.server.config;

import java.util.List;

/**
 * A periodic, piecewise-constant plan: the segment whose start offset is the last one at or
 * before {@code wallNanos mod periodNanos} (UTC wall time) is in force. Every segment is on the
 * same grid q, so the carry a key holds stays meaningful when the segment changes.
 *
 * <p>Warning: the server applies the segment in force at the moment of a request to the whole
 * gap since the key's last request; a key idle across a boundary is caught up at the new
 * segment's rate. The engine's exact cross-segment catch-up is not used by the server.
 */
public record ScheduleSpec(long periodNanos, List<Segment> segments) {

  /** One segment: from {@code startNanos} (offset in the period) on, {@code planUnits} per tick. */
  public record Segment(long startNanos, long planUnits, String rateText) {}

  public ScheduleSpec {
    segments = List.copyOf(segments);
  }

  /** Plan units in force at {@code wallNanos} (nanoseconds since the Unix epoch). */
  public long planUnitsAt(long wallNanos) {
    long offset = Math.floorMod(wallNanos, periodNanos);
    long units = segments.get(0).planUnits();
    for (Segment segment : segments) {
      if (segment.startNanos() <= offset) {
        units = segment.planUnits();
      }
    }
    return units;
  }
}
