package io.quantaflow.cli;

import io.quantaflow.sim.BadInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command, {@code quantaflow}. Subcommands are listed once, in the annotation below;
 * a new command is one more line there.
 *
 * <p>Errors reach the user as one line on stderr, {@code quantaflow sim: <what is wrong>},
 * never as a stack trace: bad options, bad files and values the core rejects exit with 2,
 * anything unexpected with 1.
 */
@Command(
    name = "quantaflow",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    description = "Exact multi-tenant rate limiting with the carry rule.",
    subcommands = {
        SimCommand.class,
        CompareCommand.class,
        ReplayCommand.class,
        TraceCommand.class,
        ServeCommand.class,
        CheckConfigCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class QuantaFlowCommand implements Callable<Integer> {

  /** Exit code of a run that failed for a reason other than its input. */
  static final int EXIT_FAILURE = 1;

  @Spec
  CommandSpec spec;

  /** A command line for {@code quantaflow} with the error handling every caller needs. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new QuantaFlowCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(QuantaFlowCommand::onBadInput);
    commandLine.setExecutionExceptionHandler(QuantaFlowCommand::onExecutionFailure);
    return commandLine;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: choose one of "
        + String.join(", ", spec.subcommands().keySet()) + " (see quantaflow --help)");
  }

  private static int onBadInput(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    if (e instanceof CommandLine.UnmatchedArgumentException && command.getParent() == null
        && args.length > 0 && !args[0].startsWith("-")
        && !command.getSubcommands().containsKey(args[0])) {
      // A mistyped command: say so, not "Unmatched argument at index 0".
      return badInput(command, "unknown command '" + args[0] + "': choose one of "
          + String.join(", ", command.getSubcommands().keySet()) + " (see quantaflow --help)");
    }
    return badInput(command, e.getMessage());
  }

  private static int onExecutionFailure(Exception e, CommandLine command,
      CommandLine.ParseResult parseResult) {
    if (e instanceof ParameterException) {
      return badInput(((ParameterException) e).getCommandLine(), e.getMessage());
    }
    if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
      // Inputs the commands and the core reject carry messages written for the user.
      return badInput(command, e.getMessage());
    }
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      printError(command, e.getCause().getMessage());
      return EXIT_FAILURE;
    }
    printError(command, "internal error: " + e);
    return EXIT_FAILURE;
  }

  private static int badInput(CommandLine command, String message) {
    printError(command, message);
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static void printError(CommandLine command, String message) {
    String oneLine = String.valueOf(message).replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine);
    err.flush();
  }

  /** Reads the version from the jar manifest; a build from source says so. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = QuantaFlowCommand.class.getPackage().getImplementationVersion();
      return new String[] {"quantaflow " + (version == null ? "(development build)" : version)};
    }
  }
}
