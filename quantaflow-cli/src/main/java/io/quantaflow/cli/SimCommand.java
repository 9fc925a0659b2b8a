package io.quantaflow.cli;

import io.quantaflow.sim.CarrySimulation;
import io.quantaflow.sim.PlanSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

  @Mixin
  PlanOptions plan;

  @Option(names = "--emit", paramLabel = "FILE",
      description = "Also write one CSV row per tick to FILE, or to stdout with '-' (the "
          + "summary then goes to stderr): tick,x_q,y,carry,deviation; x_q, carry and "
          + "deviation in units of 1/Q, y in tokens (default: none).")
  String emit;

  @Override
  public Integer call() {
    plan.validate();
    boolean emitToStdout = "-".equals(emit);
    if (emit != null && !emitToStdout) {
      OutputFiles.checkWritable("--emit", emit, plan.planFile);
    }

    CarrySimulation.Result result;
    Progress progress = Progress.onTerminal(spec.commandLine().getErr(), "ticks");
    try (PlanSource ticks = plan.open(); Writer csv = openEmit(emitToStdout)) {
      CarrySimulation.TickListener listener = csv != null ? csvRows(csv)
          : progress.enabled() ? (tick, x, y, carry, deviation) -> progress.update(tick + 1)
          : null;
      result = CarrySimulation.run(ticks, plan.q, plan.maxTokensPerTick, listener);
    } catch (IOException e) {
      // Only the CSV is written here; plan files report their own errors.
      throw OutputFiles.writeFailed("--emit", emit, e);
    } finally {
      progress.finish();
    }

    CommandLine commandLine = spec.commandLine();
    PrintWriter report = emitToStdout ? commandLine.getErr() : commandLine.getOut();
    report.println("QuantaFlow simulation");
    report.println("  q           = " + plan.q);
    report.println("  ticks       = " + result.ticks());
    report.println("  scenario    = " + plan.planName());
    if (plan.maxTokensPerTick != 1) {
      report.println("  tokens/tick = " + plan.maxTokensPerTick);
    }
    report.println("  max window error = " + result.maxWindowError());
    report.println("  theory bound     = " + result.theoryBound());
    report.flush();
    return 0;
  }

  private Writer openEmit(boolean toStdout) throws IOException {
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
        throw OutputFiles.cannotCreate("--emit", emit, e);
      }
    }
    writer.write("tick,x_q,y,carry,deviation\n");
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
