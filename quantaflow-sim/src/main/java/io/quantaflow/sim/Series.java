package io.quantaflow.sim;

import java.util.Arrays;

/**
 * A time series of at most {@link #MAX_POINTS} points, whatever the run's length: when
 * full, every other point is dropped and only every second tick after that is kept, so a
 * plot of a 10^8-tick run costs the same memory as one of a thousand.
 */
public final class Series {

  /** The most points kept. */
  public static final int MAX_POINTS = 2048;

  private final long[] ticks = new long[MAX_POINTS];
  private final double[] values = new double[MAX_POINTS];
  private int size;
  private long strideTicks = 1;

  /** Records the value at {@code tick}; ticks must come in increasing order. */
  public void add(long tick, double value) {
    if (tick % strideTicks != 0) {
      return;
    }
    if (size == MAX_POINTS) {
      halve();
      if (tick % strideTicks != 0) {
        return;
      }
    }
    ticks[size] = tick;
    values[size] = value;
    size++;
  }

  private void halve() {
    strideTicks *= 2;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (ticks[i] % strideTicks == 0) {
        ticks[kept] = ticks[i];
        values[kept] = values[i];
        kept++;
      }
    }
    size = kept;
  }

  public int size() {
    return size;
  }

  public long tick(int index) {
    return ticks[index];
  }

  public double value(int index) {
    return values[index];
  }

  /** The ticks kept, in order. */
  public long[] ticks() {
    return Arrays.copyOf(ticks, size);
  }
}
