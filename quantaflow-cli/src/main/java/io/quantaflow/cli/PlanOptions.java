package io.quantaflow.cli;

import io.quantaflow.core.CarryRule;
import io.quantaflow.sim.PlanFile;
import io.quantaflow.sim.PlanFileException;
import io.quantaflow.sim.PlanSource;
import io.quantaflow.sim.Scenario;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The plan options {@code sim} and {@code compare} share: the grid, the run's length, a
 * generated scenario or a plan file, and M.
 */
final class PlanOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--q", paramLabel = "Q", defaultValue = "10",
      description = "Grid: plans are whole multiples of 1/Q token, 2..2147483647 "
          + "(default: ${DEFAULT-VALUE}).")
  long q;

  @Option(names = "--ticks", paramLabel = "N", defaultValue = "200",
      description = "Length of the run in ticks, >= 0 (default: ${DEFAULT-VALUE}). With "
          + "--plan, stops after N ticks if the file is longer.")
  long ticks;

  @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "diurnal",
      converter = ScenarioConverter.class,
      description = "Generated plan: diurnal, spiky, saw (alias sawtooth) or rand "
          + "(default: ${DEFAULT-VALUE}).")
  Scenario scenario;

  @Option(names = "--amp", paramLabel = "FRACTION", defaultValue = "0.3",
      description = "Diurnal amplitude as a fraction of a full tick's plan, 0..1 "
          + "(default: ${DEFAULT-VALUE}).")
  double amp;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7",
      description = "Seed of every random choice (the rand scenario, randomized rounding), "
          + "any 64-bit integer (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--tokens-per-tick", paramLabel = "M", defaultValue = "1",
      description = "M, the most tokens one tick may emit (tokens/tick), 1..1048576; plans "
          + "may reach M*Q units per tick (default: ${DEFAULT-VALUE}).")
  long maxTokensPerTick;

  @Option(names = "--plan", paramLabel = "FILE",
      description = "Read x_q per tick (units of 1/Q, integers 0..M*Q separated by spaces, "
          + "commas or newlines; # starts a comment) from FILE instead of a scenario "
          + "(default: none).")
  Path planFile;

  /** Checks every option; throws a ParameterException naming the first one that is wrong. */
  void validate() {
    requireInRange("--q", q, 2, CarryRule.MAX_Q);
    requireInRange("--ticks", ticks, 0, Long.MAX_VALUE);
    requireInRange("--tokens-per-tick", maxTokensPerTick, 1, CarryRule.MAX_TOKENS_PER_TICK);
    if (!(amp >= 0.0 && amp <= 1.0)) {
      throw bad("--amp must be in [0, 1] (got %s)", amp);
    }
    if (planFile != null && given("--scenario")) {
      throw bad("--plan and --scenario cannot be used together (got --plan %s and "
          + "--scenario %s)", planFile, scenario.cliName());
    }
  }

  /** The largest plan one tick may have, M*Q units. */
  long maxPlanUnits() {
    return q * maxTokensPerTick;
  }

  /** Opens the plan: the scenario's generator, or the plan file read as it is consumed. */
  PlanSource open() {
    if (planFile == null) {
      return scenario.plan(maxPlanUnits(), ticks, amp, seed);
    }
    PlanFile file = PlanFile.open(planFile, maxPlanUnits());
    if (!file.hasNext()) {
      file.close();
      throw new PlanFileException("plan file " + planFile + " has no values");
    }
    long limit = given("--ticks") ? ticks : Long.MAX_VALUE;
    return new PlanSource() {
      private long read;

      @Override
      public boolean hasNext() {
        return read < limit && file.hasNext();
      }

      @Override
      public long nextPlanUnits() {
        read++;
        return file.nextPlanUnits();
      }

      @Override
      public void close() {
        file.close();
      }
    };
  }

  /** The plan's name in reports: the scenario, or "plan FILE". */
  String planName() {
    return planFile == null ? scenario.cliName() : "plan " + planFile;
  }

  ParameterException bad(String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }

  void requireInRange(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw max == Long.MAX_VALUE
          ? bad("%s must be >= %d (got %d)", option, min, value)
          : bad("%s must be in [%d, %d] (got %d)", option, min, max, value);
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Converts {@code --scenario} values, with the accepted names in the error. */
  static final class ScenarioConverter implements CommandLine.ITypeConverter<Scenario> {
    @Override
    public Scenario convert(String value) {
      try {
        return Scenario.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
