package io.quantaflow.cli;

import io.quantaflow.core.ExactRate;
import io.quantaflow.sim.replay.TraceGenerator;
import io.quantaflow.sim.replay.TraceRequest;
import io.quantaflow.sim.replay.TraceShape;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code quantaflow trace}: writes a seeded synthetic request trace for {@code replay}. */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    sortOptions = false,
    description = {
        "Writes a synthetic request trace as CSV (time_ms,tenant), ready for quantaflow "
            + "replay. Every tenant is an independent seeded stream with the given mean rate.",
        "Shapes: poisson (exponential gaps); on-off (10 s ON at 4x the rate, 30 s OFF, on "
            + "average); diurnal-noise (rate * (1 + 0.5 sin(2 pi t / 1 day)), times a "
            + "per-minute noise in [0.7, 1.3]); pareto-bursts (bursts of ceil(Pareto(1, 1.5)) "
            + "requests at once).",
    },
    footer = {
        "",
        "Example: quantaflow trace --shape pareto-bursts --tenants 50 --rate 1/s "
            + "--duration 1h --out bursts.csv",
    })
public final class TraceCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--shape", paramLabel = "SHAPE", defaultValue = "poisson",
      converter = ShapeConverter.class,
      description = "poisson, on-off, diurnal-noise or pareto-bursts "
          + "(default: ${DEFAULT-VALUE}).")
  TraceShape shape;

  @Option(names = "--tenants", paramLabel = "N", defaultValue = "10",
      description = "Number of tenants, 1..1000000 (default: ${DEFAULT-VALUE}).")
  int tenants;

  @Option(names = "--rate", paramLabel = "RATE", defaultValue = "1/s",
      description = "Mean requests per tenant per period, like 1/s, 30/1m, 0.5/s "
          + "(default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1h",
      converter = Durations.Converter.class,
      description = "Length of the trace, like 10m, 1h, 1d (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "7",
      description = "Seed of every draw, any 64-bit integer (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "-",
      description = "Where to write the CSV, - for stdout (default: ${DEFAULT-VALUE}).")
  String out;

  @Override
  public Integer call() throws IOException {
    double perSecond;
    try {
      ExactRate exact = ExactRate.parsePerPeriod(rate, Duration.ofSeconds(1));
      perSecond = (double) exact.numerator() / exact.denominator();
    } catch (IllegalArgumentException e) {
      throw bad("--rate: %s", e.getMessage());
    }
    TraceGenerator generator;
    try {
      generator = new TraceGenerator(shape, tenants, perSecond, duration.toNanos(), seed);
    } catch (IllegalArgumentException e) {
      throw bad("%s", e.getMessage());
    }

    boolean toStdout = "-".equals(out);
    if (!toStdout) {
      OutputFiles.checkWritable("--out", out);
    }
    Writer writer;
    if (toStdout) {
      writer = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
    } else {
      try {
        writer = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw OutputFiles.cannotCreate("--out", out, e);
      }
    }
    try {
      writer.write("time_ms,tenant\n");
      while (generator.hasNext()) {
        TraceRequest request = generator.next();
        writer.write(Long.toString(request.timeNanos() / 1_000_000));
        writer.write(',');
        writer.write(request.tenant());
        writer.write('\n');
      }
      if (toStdout) {
        writer.flush();
      } else {
        writer.close();
      }
    } catch (IOException e) {
      throw OutputFiles.writeFailed("--out", out, e);
    }
    return 0;
  }

  private ParameterException bad(String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }

  /** Converts {@code --shape} names, with the accepted names in the error. */
  static final class ShapeConverter implements CommandLine.ITypeConverter<TraceShape> {
    @Override
    public TraceShape convert(String value) {
      try {
        return TraceShape.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
