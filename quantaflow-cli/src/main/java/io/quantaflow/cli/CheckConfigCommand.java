package io.quantaflow.cli;

import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.redis.RedisStore;
import io.quantaflow.server.CompiledConfig;
import io.quantaflow.server.config.ConfigError;
import io.quantaflow.server.config.ConfigException;
import io.quantaflow.server.config.ConfigLoader;
import io.quantaflow.server.config.RateLimitConfig;
import io.quantaflow.server.store.RateLimitStore;
import io.quantaflow.server.store.StoreRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Option(names = "--redis", negatable = false,
      description = "Also check that every rule can run on the Redis store, as under"
          + " serve --redis (no schedules). Connects to nothing.")
  boolean redis;

  /** The Redis store's limit check, without a connection. */
  private static final RateLimitStore REDIS_LIMITS = new RateLimitStore() {
    @Override
    public List<Decision> decideAll(List<StoreRequest> requests) {
      throw new UnsupportedOperationException("only checks limits");
    }

    @Override
    public void checkLimit(Limit limit) {
      RedisStore.checkSupported(limit);
    }
  };

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      RateLimitConfig config = ConfigLoader.load(file);
      if (redis) {
        List<ConfigError> unsupported = new CompiledConfig(config).unsupportedBy(REDIS_LIMITS);
        if (!unsupported.isEmpty()) {
          throw new ConfigException(unsupported);
        }
      }
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
