package io.quantaflow.cli;

import io.quantaflow.core.CarryRule;
import io.quantaflow.sim.CarrySimulation;
import io.quantaflow.sim.PlanFile;
import io.quantaflow.sim.PlanSource;
import io.quantaflow.sim.Scenario;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quantaflow sim}: the reference simulator. Runs a generated or file plan through the
 * carry rule and prints the worst sliding-window error next to the bound the carry rule
 * proves. Streams: memory does not grow with {@code --ticks}.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    sortOptions = false,
    description = {
        "Runs a plan through the carry rule and prints the worst sliding-window error "
            + "(tokens) and the bound 1 - 1/q the carry rule proves.",
        "A plan gives x_q per tick: the tokens planned for the tick, in units of 1/q token.",
    },
    footer = {
        "",
        "Scenarios (span = M*q units, the plan of a full tick; with M = 1 the sequences are "
            + "the reference simulator's):",
        "  diurnal  clamp(trunc(0.4*span) + trunc(trunc(amp*span)*sin(2*pi*i/100)), 0, span)",
        "  spiky    span for the first 5 ticks of every 40, else 0",
        "  saw      1 unit on odd ticks, else 0 (alias: sawtooth)",
        "  rand     uniform in [0, span] per tick, SplitMix64 seeded with --seed",
        "",
        "Exit codes: 0 done, 2 bad option or plan file, 1 failure.",
    })
public final class SimCommand implements Callable<Integer> {

  @Spec
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
      description = "Seed of the rand scenario, any 64-bit integer "
          + "(default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--emit", paramLabel = "FILE",
      description = "Also write one CSV row per tick to FILE, or to stdout with '-' (the "
          + "summary then goes to stderr): tick,x_q,y,carry,deviation; x_q, carry and "
          + "deviation in units of 1/Q, y in tokens (default: none).")
  String emit;

  @Override
  public Integer call() throws IOException {
    validate();
    boolean emitToStdout = "-".equals(emit);

    CarrySimulation.Result result;
    try (PlanSource plan = openPlan(); Writer csv = openEmit(emitToStdout)) {
      CarrySimulation.TickListener listener = csv == null ? null : csvRows(csv);
      result = CarrySimulation.run(plan, q, maxTokensPerTick, listener);
    }

    CommandLine commandLine = spec.commandLine();
    PrintWriter report = emitToStdout ? commandLine.getErr() : commandLine.getOut();
    report.println("QuantaFlow simulation");
    report.println("  q           = " + q);
    report.println("  ticks       = " + result.ticks());
    report.println("  scenario    = " + planName());
    if (maxTokensPerTick != 1) {
      report.println("  tokens/tick = " + maxTokensPerTick);
    }
    report.println("  max window error = " + result.maxWindowError());
    report.println("  theory bound     = " + result.theoryBound());
    report.flush();
    return 0;
  }

  private void validate() {
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

  private PlanSource openPlan() {
    if (planFile == null) {
      return scenario.plan(q * maxTokensPerTick, ticks, amp, seed);
    }
    PlanFile file = PlanFile.open(planFile, q * maxTokensPerTick);
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

  private Writer openEmit(boolean toStdout) {
    if (emit == null) {
      return null;
    }
    Writer writer;
    if (toStdout) {
      // Not closed with the run: stdout belongs to the caller.
      writer = new NonClosingWriter(spec.commandLine().getOut());
    } else {
      try {
        writer = Files.newBufferedWriter(Path.of(emit), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw bad("cannot write --emit file %s: %s", emit, reason(e));
      }
    }
    try {
      writer.write("tick,x_q,y,carry,deviation\n");
    } catch (IOException e) {
      throw bad("cannot write --emit file %s: %s", emit, reason(e));
    }
    return writer;
  }

  private static CarrySimulation.TickListener csvRows(Writer csv) {
    return (tick, planUnits, tokens, carryUnits, deviationUnits) -> {
      csv.write(Long.toString(tick));
      csv.write(',');
      csv.write(Long.toString(planUnits));
      csv.write(',');
      csv.write(Long.toString(tokens));
      csv.write(',');
      csv.write(Long.toString(carryUnits));
      csv.write(',');
      csv.write(Long.toString(deviationUnits));
      csv.write('\n');
    };
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private String planName() {
    return planFile == null ? scenario.cliName() : "plan " + planFile;
  }

  private void requireInRange(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw max == Long.MAX_VALUE
          ? bad("%s must be >= %d (got %d)", option, min, value)
          : bad("%s must be in [%d, %d] (got %d)", option, min, max, value);
    }
  }

  private ParameterException bad(String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
        : message == null ? e.getClass().getSimpleName() : message;
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

  /** Buffers writes to a writer the command does not own, and flushes instead of closing. */
  private static final class NonClosingWriter extends BufferedWriter {
    NonClosingWriter(Writer target) {
      super(target, 1 << 16);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
