package io.quantaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantaflow.core.WindowError;
import io.quantaflow.sim.CarrySimulation;
import io.quantaflow.sim.Comparison;
import io.quantaflow.sim.PlanSource;
import io.quantaflow.sim.mint.MintAlgorithm;
import io.quantaflow.sim.mint.MintSettings;
import io.quantaflow.sim.plot.ComparePlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quantaflow compare}: one plan through every minting algorithm side by side, with
 * each one's worst window error, long-run drift and the ticks at which the carry rule's
 * two bounds first broke.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    sortOptions = false,
    description = {
        "Runs one plan through the carry rule and the usual minting algorithms, each handing "
            + "whole tokens to a client that takes every token as soon as it may, and prints "
            + "per algorithm: tokens minted, drift (minted - planned, tokens), the worst "
            + "sliding-window error (tokens) and the first tick at which each bound broke.",
        "Bounds: window error <= 1 - 1/Q; drift never a whole token (|minted - planned| < 1).",
    },
    footer = {
        "",
        "Algorithms: carry-rule, naive-rounding, double-accumulation, randomized-rounding, "
            + "token-bucket-float, gcra, fixed-window, sliding-log, sliding-window "
            + "(docs/simulator.md says where each model comes from).",
        "",
        "Exit codes: 0 done, 2 bad option or plan file, 1 failure.",
    })
public final class CompareCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  PlanOptions plan;

  @Option(names = "--algorithms", paramLabel = "NAME", split = ",",
      converter = AlgorithmConverter.class,
      description = "Algorithms to run, comma separated (default: all nine).")
  List<MintAlgorithm> algorithms = Arrays.asList(MintAlgorithm.values());

  @Option(names = "--window", paramLabel = "TICKS", defaultValue = "100",
      description = "Window of fixed-window, sliding-log and sliding-window, in ticks, "
          + "1..10000000; their limit is the plan of the last window "
          + "(default: ${DEFAULT-VALUE}).")
  long windowTicks;

  @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "1ms",
      converter = Durations.Converter.class,
      description = "Length of a tick, for gcra, which keeps time in whole nanoseconds: "
          + "1us..1d, like 1ms or 100us (default: ${DEFAULT-VALUE}).")
  Duration tick;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Also draw the run to FILE, .png or .svg: cumulative plan and tokens, "
          + "window error over time, and the algorithms side by side (default: none).")
  Path plotFile;

  @Override
  public Integer call() throws IOException {
    plan.validate();
    plan.requireInRange("--window", windowTicks, 1, MintSettings.MAX_WINDOW_TICKS);
    Durations.requireTick("--tick", tick);
    if (plotFile != null) {
      ComparePlot.checkFileName(plotFile);
      OutputFiles.checkWritable("--plot", plotFile, plan.planFile);
    }

    MintSettings settings = new MintSettings(plan.q, plan.maxTokensPerTick, plan.seed,
        windowTicks, tick.toNanos());
    Comparison comparison = new Comparison(algorithms, settings, plotFile != null);
    Progress progress = Progress.onTerminal(spec.commandLine().getErr(), "ticks");
    try (PlanSource ticks = plan.open()) {
      comparison.run(ticks, plan.maxPlanUnits(), progress::update);
    } finally {
      progress.finish();
    }
    List<Comparison.Outcome> outcomes = comparison.outcomes();

    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case JSON:
        printJson(out, comparison, outcomes);
        break;
      case CSV:
        printCsv(out, outcomes);
        break;
      default:
        printTable(out, comparison, outcomes);
    }
    out.flush();

    if (plotFile != null) {
      ComparePlot.write(plotFile, plan.q, plan.planName(), comparison);
      spec.commandLine().getErr().println("quantaflow compare: plot written to " + plotFile);
    }
    return 0;
  }

  private void printTable(PrintWriter out, Comparison comparison,
      List<Comparison.Outcome> outcomes) {
    out.println("QuantaFlow compare");
    out.println("  q           = " + plan.q);
    out.println("  ticks       = " + comparison.ticks());
    out.println("  scenario    = " + plan.planName());
    out.println("  tokens/tick = " + plan.maxTokensPerTick);
    out.println("  planned     = " + planned(outcomes) + " tokens");
    out.println("  window      = " + windowTicks + " ticks (fixed-window, sliding-log, "
        + "sliding-window)");
    out.println("  tick        = " + Durations.format(tick) + " (gcra)");
    out.println("  bounds      = window error <= " + windowBound() + " (1 - 1/q), "
        + "|minted - planned| < 1 token");
    out.println();

    TextTable table = new TextTable("algorithm", "minted", "drift", "max window error",
        "window bound", "drift bound").leftAligned(4, 5);
    for (Comparison.Outcome outcome : outcomes) {
      table.row(outcome.algorithm().cliName(), outcome.mintedTokens(), outcome.drift(),
          outcome.maxWindowError(), broken(outcome.firstWindowBreakTick()),
          broken(outcome.firstDriftBreakTick()));
    }
    table.print(out);
  }

  private void printCsv(PrintWriter out, List<Comparison.Outcome> outcomes) {
    out.println("algorithm,ticks,planned,minted,drift,max_window_error,"
        + "first_window_break_tick,first_drift_break_tick");
    for (Comparison.Outcome outcome : outcomes) {
      out.println(String.join(",", outcome.algorithm().cliName(),
          Long.toString(outcome.ticks()), outcome.planned(),
          Long.toString(outcome.mintedTokens()), outcome.drift(), outcome.maxWindowError(),
          tickOrEmpty(outcome.firstWindowBreakTick()),
          tickOrEmpty(outcome.firstDriftBreakTick())));
    }
  }

  private void printJson(PrintWriter out, Comparison comparison,
      List<Comparison.Outcome> outcomes) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("q", plan.q);
    root.put("ticks", comparison.ticks());
    root.put("plan", plan.planName());
    root.put("tokensPerTick", plan.maxTokensPerTick);
    root.put("windowTicks", windowTicks);
    root.put("tickNanos", tick.toNanos());
    root.put("seed", plan.seed);
    root.put("planned", new BigDecimal(planned(outcomes)));
    root.put("windowBound", new BigDecimal(windowBound()));
    ArrayNode rows = root.putArray("algorithms");
    for (Comparison.Outcome outcome : outcomes) {
      ObjectNode row = rows.addObject();
      row.put("name", outcome.algorithm().cliName());
      row.put("minted", outcome.mintedTokens());
      row.put("drift", new BigDecimal(outcome.drift()));
      row.put("maxWindowError", new BigDecimal(outcome.maxWindowError()));
      putTick(row, "firstWindowBreakTick", outcome.firstWindowBreakTick());
      putTick(row, "firstDriftBreakTick", outcome.firstDriftBreakTick());
      row.put("model", outcome.algorithm().source());
    }
    out.println(mapper.writeValueAsString(root));
  }

  private String planned(List<Comparison.Outcome> outcomes) {
    return outcomes.get(0).planned();
  }

  private String windowBound() {
    return CarrySimulation.formatDown(plan.q - 1, plan.q);
  }

  private static String broken(long tick) {
    return tick < 0 ? "held" : "broken at tick " + tick;
  }

  private static String tickOrEmpty(long tick) {
    return tick < 0 ? "" : Long.toString(tick);
  }

  private static void putTick(ObjectNode row, String name, long tick) {
    if (tick < 0) {
      row.putNull(name);
    } else {
      row.put(name, tick);
    }
  }

  /** Converts {@code --algorithms} names, with the accepted names in the error. */
  static final class AlgorithmConverter implements CommandLine.ITypeConverter<MintAlgorithm> {
    @Override
    public MintAlgorithm convert(String value) {
      try {
        return MintAlgorithm.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
