package io.quantaflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Regression: grpc-java logged an oversized request as {@code WARNING: Exception processing
 * message} plus a 15-line stack trace through java.util.logging's console handler, past our
 * logback configuration. The bridge makes every JUL record one line through SLF4J.
 */
final class ServeLoggingTest {

  @Test
  void lineOf_recordWithNestedException_oneLineWithEveryCauseAndNoFrames() {
    LogRecord record = new LogRecord(Level.WARNING, "Exception processing message");
    record.setThrown(new RuntimeException("RESOURCE_EXHAUSTED: gRPC message exceeds maximum"
        + " size 65536:\n100023", new IllegalStateException("inner")));

    String line = ServeLogging.lineOf(record);

    assertThat(line).isEqualTo("Exception processing message: java.lang.RuntimeException:"
        + " RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 65536: 100023; caused by"
        + " java.lang.IllegalStateException: inner");
  }

  @Test
  void lineOf_parameters_filledIn() {
    LogRecord record = new LogRecord(Level.INFO, "port {0} and {1}");
    record.setParameters(new Object[] {8081, "x"});

    assertThat(ServeLogging.lineOf(record)).isEqualTo("port 8081 and x");
  }

  @Test
  void install_twice_leavesOneBridgeAsTheOnlyRootHandler() {
    ServeLogging.install();
    ServeLogging.install();

    Handler[] handlers = LogManager.getLogManager().getLogger("").getHandlers();
    assertThat(handlers).hasSize(1);
    assertThat(handlers[0]).isInstanceOf(ServeLogging.class);
  }
}
