package io.quantaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress counter on stderr for runs longer than about a second, and only when
 * stderr is a terminal; otherwise (pipes, files, tests) it prints nothing.
 *
 * <p>Java 17 cannot ask isatty(2) directly ({@code System.console()} looks at stdin and
 * stdout, so {@code replay big.csv > out.txt} at a terminal would show nothing and
 * {@code 2> err.log} would fill the log with carriage returns). On Linux the link
 * /proc/self/fd/2 names what stderr is; a terminal is /dev/pts/N, /dev/ttyN, /dev/tty or
 * /dev/console. Where that link cannot be read (other systems) the counter stays quiet.
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

  private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");

  /** A counter that shows itself only if stderr is a terminal. */
  static Progress onTerminal(PrintWriter err, String what) {
    return new Progress(err, what, isTerminal(STDERR_LINK));
  }

  /**
   * Whether the file descriptor link {@code fdLink} (like /proc/self/fd/2) points at a
   * terminal device; false when it cannot be read.
   */
  static boolean isTerminal(Path fdLink) {
    String target;
    try {
      target = Files.readSymbolicLink(fdLink).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
        || target.equals("/dev/console");
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
