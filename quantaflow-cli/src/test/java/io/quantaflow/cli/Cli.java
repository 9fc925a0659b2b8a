package io.quantaflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code quantaflow} in-process with captured stdout and stderr. */
final class Cli {

  /** What one run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = QuantaFlowCommand.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
