package io.quantaflow.cli;

/** The {@code quantaflow} command line. Exit codes: 0 success, 2 bad input, 1 failure. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(QuantaFlowCommand.commandLine().execute(args));
  }
}
