package io.quantaflow.cli;

import io.quantaflow.server.config.ConfigError;
import io.quantaflow.server.config.ConfigException;
import io.quantaflow.server.config.ConfigLoader;
import io.quantaflow.server.config.RateLimitConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quantaflow check-config FILE}: validates a rate-limit configuration and prints the
 * effective rules, or every problem as {@code file:line: what is wrong}, one per line.
 */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    description = {
        "Validates a rate-limit configuration (Envoy rate-limit service YAML, with QuantaFlow's"
            + " additions) and prints the effective rules: the exact rate per tick, the grid q"
            + " and the burst of each.",
    },
    footer = {"", "Exit codes: 0 valid, 2 invalid (every problem is printed on stderr)."})
public final class CheckConfigCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE",
      description = "A YAML file (several documents allowed) or a directory of .yaml files.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      RateLimitConfig config = ConfigLoader.load(file);
      out.print(config.describe());
      out.println("OK: " + config.summary());
      out.flush();
      return 0;
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        err.println("quantaflow check-config: " + error);
      }
      err.flush();
      return spec.exitCodeOnInvalidInput();
    }
  }
}
