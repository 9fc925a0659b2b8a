package io.quantaflow.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends java.util.logging (grpc-java and Netty log through it) to SLF4J, one line per record:
 * a record's exception becomes {@code : Type: message} after the text, never a stack trace.
 * Without it, an oversized gRPC request printed {@code WARNING: Exception processing message}
 * and a 15-line stack trace on stderr, past our logback configuration. Records below INFO are
 * dropped before they are formatted, and DEBUG on the SLF4J side shows JUL's FINE.
 */
final class ServeLogging extends Handler {

  private ServeLogging() {}

  /** Replaces the JUL root handlers (the console one) with this bridge; idempotent. */
  static synchronized void install() {
    java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new ServeLogging());
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    String name = record.getLoggerName() == null ? "jul" : record.getLoggerName();
    Logger log = LoggerFactory.getLogger(name);
    int level = record.getLevel().intValue();
    if (level >= Level.SEVERE.intValue() && log.isErrorEnabled()) {
      log.error(lineOf(record));
    } else if (level >= Level.WARNING.intValue() && log.isWarnEnabled()) {
      log.warn(lineOf(record));
    } else if (level >= Level.INFO.intValue() && log.isInfoEnabled()) {
      log.info(lineOf(record));
    } else if (level >= Level.FINE.intValue() && log.isDebugEnabled()) {
      log.debug(lineOf(record));
    } else if (log.isTraceEnabled()) {
      log.trace(lineOf(record));
    }
  }

  /** The record's text with its parameters filled in, then its exception, on one line. */
  static String lineOf(LogRecord record) {
    // {0}, {1}... filled in with String.valueOf, not MessageFormat (which prints 8,081).
    String text = String.valueOf(record.getMessage());
    Object[] parameters = record.getParameters();
    for (int i = 0; parameters != null && i < parameters.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(parameters[i]));
    }
    Throwable t = record.getThrown();
    if (t != null) {
      StringBuilder causes = new StringBuilder();
      for (Throwable c = t; c != null && causes.length() < 300; c = c.getCause()) {
        causes.append(causes.length() == 0 ? "" : "; caused by ").append(c);
      }
      text = text + ": " + causes;
    }
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
