package io.quantaflow.sim.replay;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shapes of synthetic traffic, each with a mean of r requests per second per tenant.
 *
 * <ul>
 *   <li>{@link #POISSON}: independent arrivals, exponential gaps of mean 1/r.
 *   <li>{@link #ON_OFF}: bursts and silences: ON periods of mean 10 s with Poisson arrivals
 *       at 4r, OFF periods of mean 30 s with none (both lengths exponential), so the mean
 *       stays r.
 *   <li>{@link #DIURNAL_NOISE}: Poisson arrivals at r * (1 + 0.5 sin(2 pi t / 1 day)) *
 *       (1 + n), n drawn uniformly in [-0.3, 0.3] for each minute; made by thinning.
 *   <li>{@link #PARETO_BURSTS}: heavy-tailed bursts: burst epochs are Poisson and each
 *       burst sends ceil(X) requests at once, X Pareto with scale 1 and shape 1.5 (mean 3,
 *       infinite variance), epochs at r/3.5 per second so the mean stays near r.
 * </ul>
 */
public enum TraceShape {
  POISSON("poisson"),
  ON_OFF("on-off"),
  DIURNAL_NOISE("diurnal-noise"),
  PARETO_BURSTS("pareto-bursts");

  private final String cliName;

  TraceShape(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static String names() {
    return Arrays.stream(values()).map(TraceShape::cliName).collect(Collectors.joining(", "));
  }

  /**
   * Parses a name as {@link #cliName()} gives it.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static TraceShape parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (TraceShape shape : values()) {
      if (shape.cliName.equals(name)) {
        return shape;
      }
    }
    throw new IllegalArgumentException(String.format(Locale.ROOT,
        "shape must be one of %s (got \"%s\")", names(), text));
  }
}
