package io.quantaflow.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress counter on stderr for runs longer than about a second, and only when
 * the process talks to a terminal; otherwise (pipes, files, tests) it prints nothing.
 */
final class Progress {

  private static final long FIRST_REPORT_NANOS = 1_000_000_000L;
  private static final long REPORT_EVERY_NANOS = 250_000_000L;

  private final PrintWriter err;
  private final String what;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long nextReportNanos = startNanos + FIRST_REPORT_NANOS;
  private boolean printed;

  private Progress(PrintWriter err, String what, boolean enabled) {
    this.err = err;
    this.what = what;
    this.enabled = enabled;
  }

  /** A counter that shows itself only if stdout and stderr reach a terminal. */
  static Progress onTerminal(PrintWriter err, String what) {
    return new Progress(err, what, System.console() != null);
  }

  /** Whether anything will be shown; callers may skip the bookkeeping when not. */
  boolean enabled() {
    return enabled;
  }

  /** Reports {@code done} items so far; cheap enough to call for every item. */
  void update(long done) {
    if (!enabled || (done & 0xfff) != 0) {
      return;
    }
    long now = System.nanoTime();
    if (now - nextReportNanos < 0) {
      return;
    }
    nextReportNanos = now + REPORT_EVERY_NANOS;
    double seconds = (now - startNanos) / 1e9;
    err.printf(Locale.ROOT, "\r%s: %,d in %.1f s (%,.0f/s)   ", what, done, seconds,
        done / seconds);
    err.flush();
    printed = true;
  }

  /** Clears the line, if anything was shown. */
  void finish() {
    if (printed) {
      err.print("\r" + " ".repeat(72) + "\r");
      err.flush();
    }
  }
}
