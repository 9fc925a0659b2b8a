package io.quantaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quantaflow.core.ExactRate;
import io.quantaflow.core.GridPlan;
import io.quantaflow.sim.plot.ReplayPlot;
import io.quantaflow.sim.replay.AdmitAlgorithm;
import io.quantaflow.sim.replay.AdmitSettings;
import io.quantaflow.sim.replay.Replay;
import io.quantaflow.sim.replay.TenantOutcome;
import io.quantaflow.sim.replay.TenantPlans;
import io.quantaflow.sim.replay.TimeUnit;
import io.quantaflow.sim.replay.TraceFormat;
import io.quantaflow.sim.replay.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code quantaflow replay}: timed requests from a trace through every admission algorithm
 * with the same rate and burst per tenant, with admitted, denied, false throttles and
 * over-admissions per algorithm and tenant.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = QuantaFlowCommand.Version.class,
    sortOptions = false,
    description = {
        "Replays a request trace (CSV) through QuantaFlow and the usual admission algorithms, "
            + "every tenant with the same rate and burst, and counts per algorithm: admitted, "
            + "denied, false throttles, over-admissions and window-bound violations.",
        "False throttle: a denied request whose tenant's demand, it included, stayed within "
            + "plan + burst in every window ending at it. Over-admission: an admitted request "
            + "that takes the tenant past plan(W) + burst + 1 in some window W. Bound "
            + "violation: past plan(W) + burst + (1 - 1/q), QuantaFlow's guarantee. "
            + "docs/simulator.md defines the windows exactly.",
    },
    footer = {
        "",
        "Example: quantaflow replay ../shared/traces/nasa-http-1995-07-01.csv --rate 1/10s "
            + "--burst 2",
        "",
        "Exit codes: 0 done, 2 bad option or trace row (with its line number), 1 failure.",
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TRACE",
      description = "The trace: CSV with a header line, one request per row, in time order.")
  Path trace;

  @Option(names = "--rate", paramLabel = "RATE",
      description = "Each tenant's plan: tokens per period, like 1/10s, 3/s, 100/1m, 5/1h; "
          + "or tokens per tick, like 3/10. Required unless --plans sets a default.")
  String rate;

  @Option(names = "--burst", paramLabel = "TOKENS", defaultValue = "1",
      description = "Each tenant's burst B: the most tokens it may bank, 1..2147483647 "
          + "(default: ${DEFAULT-VALUE}).")
  long burstTokens;

  @Option(names = "--plans", paramLabel = "FILE",
      description = "Per-tenant limits: lines tenant,rate[,burst]; tenant * sets the "
          + "default, others override it; # starts a comment (default: none, every tenant "
          + "gets --rate and --burst).")
  Path plansFile;

  @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "1ms",
      converter = Durations.Converter.class,
      description = "Length of a tick, 1us..1d (default: ${DEFAULT-VALUE}).")
  Duration tick;

  @Option(names = "--time-column", paramLabel = "NAME",
      description = "Column holding the request time (default: the first of time, time_s, "
          + "time_ms, timestamp, ts).")
  String timeColumn;

  @Option(names = "--time-unit", paramLabel = "UNIT", converter = TimeUnitConverter.class,
      description = "How times are written: s (seconds, decimals allowed), ms, or iso "
          + "(ISO-8601, UTC unless an offset is given) (default: from the column name, "
          + "time_s or time_ms, else from the first value).")
  TimeUnit timeUnit;

  @Option(names = "--tenant-column", paramLabel = "NAME", defaultValue = "tenant",
      description = "Column holding the tenant (default: ${DEFAULT-VALUE}).")
  String tenantColumn;

  @Option(names = "--cost-column", paramLabel = "NAME",
      description = "Column holding each request's cost in tokens, a whole number >= 1 "
          + "(default: cost if there is such a column, else every request costs 1).")
  String costColumn;

  @Option(names = "--algorithms", paramLabel = "NAME", split = ",",
      converter = AlgorithmConverter.class,
      description = "Algorithms to run, comma separated: quantaflow, token-bucket-float, "
          + "gcra, fixed-window, sliding-log, sliding-window (default: all six).")
  List<AdmitAlgorithm> algorithms = Arrays.asList(AdmitAlgorithm.values());

  @Option(names = "--top", paramLabel = "N", defaultValue = "5",
      description = "Also list the N busiest tenants in the table, 0 for none "
          + "(default: ${DEFAULT-VALUE}). JSON and CSV list every tenant.")
  int topTenants;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--plot", paramLabel = "FILE",
      description = "Also draw the comparison to FILE, .png or .svg (default: none).")
  Path plotFile;

  @Override
  public Integer call() throws IOException {
    TenantPlans plans = plans();
    AdmitSettings settings = plans.defaultSettings();
    if (topTenants < 0) {
      throw bad("--top must be >= 0 (got %d)", topTenants);
    }
    if (plotFile != null) {
      ReplayPlot.checkFileName(plotFile);
      OutputFiles.checkWritable("--plot", plotFile, trace, plansFile);
    }

    Replay replay = new Replay(algorithms, plans);
    TraceFormat traceFormat = new TraceFormat(timeColumn, timeUnit, tenantColumn, costColumn);
    String timeDescription;
    Progress progress = Progress.onTerminal(spec.commandLine().getErr(), "replayed requests");
    try (TraceReader reader = TraceReader.open(trace, traceFormat)) {
      while (reader.hasNext()) {
        replay.accept(reader.next());
        progress.update(replay.requests());
      }
      timeDescription = "time column " + reader.timeColumn() + ", unit "
          + (reader.timeUnit() == null ? "none" : reader.timeUnit().cliName());
    } finally {
      progress.finish();
    }

    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case JSON:
        printJson(out, replay, settings);
        break;
      case CSV:
        printCsv(out, replay);
        break;
      default:
        printTable(out, replay, plans, timeDescription);
    }
    out.flush();

    if (plotFile != null) {
      ReplayPlot.write(plotFile, trace.getFileName() + ", " + limitText(plans), replay);
      spec.commandLine().getErr().println("quantaflow replay: plot written to " + plotFile);
    }
    return 0;
  }

  private TenantPlans plans() {
    AdmitSettings fallback = rate == null ? null : settings();
    if (plansFile == null) {
      if (fallback == null) {
        throw bad("--rate is required (or a --plans file with a default line *,RATE,BURST)");
      }
      return TenantPlans.uniform(fallback);
    }
    return TenantPlans.read(plansFile, fallback, tick);
  }

  private String limitText(TenantPlans plans) {
    AdmitSettings fallback = plans.defaultSettings();
    String text = (rate != null ? rate : fallback.planUnits() + "/" + fallback.q()
        + " per tick") + ", burst " + fallback.burstTokens();
    return plans.overrideCount() == 0 ? text
        : text + " (" + TextTable.count(plans.overrideCount(), "tenant", "tenants") + " from "
            + plansFile + ")";
  }

  private AdmitSettings settings() {
    if (burstTokens < 1 || burstTokens > Integer.MAX_VALUE) {
      throw bad("--burst must be in [1, 2147483647] (got %d)", burstTokens);
    }
    long tickNanos = Durations.requireTick("--tick", tick);
    GridPlan plan;
    try {
      plan = ExactRate.parsePerPeriod(rate, tick).onGrid();
    } catch (IllegalArgumentException e) {
      throw bad("--rate: %s", e.getMessage());
    }
    return new AdmitSettings(plan, burstTokens, tickNanos);
  }

  private void printTable(PrintWriter out, Replay replay, TenantPlans plans,
      String timeDescription) {
    AdmitSettings settings = plans.defaultSettings();
    out.println("QuantaFlow replay");
    out.println("  trace       = " + trace);
    out.printf(Locale.ROOT, "  requests    = %d from %s over %s (%s)%n",
        replay.requests(), TextTable.count(replay.tenantCount(), "tenant", "tenants"),
        seconds(replay.spanNanos()), timeDescription);
    if (replay.reorderedRequests() > 0) {
      out.printf(Locale.ROOT, "  reordered   = %d request(s) earlier than the one before, "
          + "replayed at that time%n", replay.reorderedRequests());
    }
    out.printf(Locale.ROOT, "  limit       = %s per tenant, burst %d, tick %s "
        + "(q = %d, x_q = %d per tick)%n",
        rate != null ? rate : settings.planUnits() + "/" + settings.q(),
        settings.burstTokens(), Durations.format(tick), settings.q(), settings.planUnits());
    if (plans.overrideCount() > 0) {
      out.printf(Locale.ROOT, "  overrides   = %s with their own limit, from %s%n",
          TextTable.count(plans.overrideCount(), "tenant", "tenants"), plansFile);
    }
    out.println();

    Map<AdmitAlgorithm, TenantOutcome> totals = replay.totals();
    Map<AdmitAlgorithm, long[]> affected = replay.tenantsAffected();
    TextTable table = new TextTable("algorithm", "admitted", "denied", "false throttles",
        "over-admissions", "bound violations", "tenants falsely throttled",
        "tenants over-admitted");
    for (AdmitAlgorithm algorithm : replay.algorithms()) {
      TenantOutcome total = totals.get(algorithm);
      table.row(algorithm.cliName(), total.admitted(), total.denied(), total.falseThrottles(),
          total.overAdmissions(), total.boundViolations(), affected.get(algorithm)[0],
          affected.get(algorithm)[1]);
    }
    table.print(out);
    if (replay.algorithms().contains(AdmitAlgorithm.QUANTAFLOW)) {
      out.println();
      out.println("Note: quantaflow's bank holds B tokens plus a carried fraction of a token (up");
      out.println("to 1 - 1/q), so in a window it may admit one request more than a B-token");
      out.println("bucket or GCRA: its extra admissions are that allowance, not a free win.");
      out.println("Over-admission counts only what passes plan + B + 1.");
    }

    if (topTenants > 0) {
      printTopTenants(out, replay);
    }
  }

  private void printTopTenants(PrintWriter out, Replay replay) {
    List<Map.Entry<String, Map<AdmitAlgorithm, TenantOutcome>>> busiest =
        replay.perTenant().entrySet().stream()
            .sorted(Comparator.comparingLong(
                (Map.Entry<String, Map<AdmitAlgorithm, TenantOutcome>> e) ->
                    -e.getValue().values().iterator().next().requests()))
            .limit(topTenants)
            .collect(Collectors.toList());
    out.println();
    out.println("Busiest tenants (admitted / false throttles / over-admissions):");
    String[] header = new String[replay.algorithms().size() + 2];
    header[0] = "tenant";
    header[1] = "requests";
    for (int i = 0; i < replay.algorithms().size(); i++) {
      header[i + 2] = replay.algorithms().get(i).cliName();
    }
    TextTable table = new TextTable(header);
    for (Map.Entry<String, Map<AdmitAlgorithm, TenantOutcome>> entry : busiest) {
      Object[] row = new Object[header.length];
      row[0] = entry.getKey();
      row[1] = entry.getValue().values().iterator().next().requests();
      for (int i = 0; i < replay.algorithms().size(); i++) {
        TenantOutcome outcome = entry.getValue().get(replay.algorithms().get(i));
        row[i + 2] = outcome.admitted() + " / " + outcome.falseThrottles() + " / "
            + outcome.overAdmissions();
      }
      table.row(row);
    }
    table.print(out);
  }

  private void printCsv(PrintWriter out, Replay replay) {
    out.println("algorithm,tenant,requests,admitted,denied,false_throttles,over_admissions,"
        + "bound_violations");
    for (AdmitAlgorithm algorithm : replay.algorithms()) {
      csvRow(out, algorithm, "*", replay.totals().get(algorithm));
    }
    for (Map.Entry<String, Map<AdmitAlgorithm, TenantOutcome>> entry
        : replay.perTenant().entrySet()) {
      for (AdmitAlgorithm algorithm : replay.algorithms()) {
        csvRow(out, algorithm, entry.getKey(), entry.getValue().get(algorithm));
      }
    }
  }

  private static void csvRow(PrintWriter out, AdmitAlgorithm algorithm, String tenant,
      TenantOutcome outcome) {
    out.println(String.join(",", algorithm.cliName(), csvField(tenant),
        Long.toString(outcome.requests()), Long.toString(outcome.admitted()),
        Long.toString(outcome.denied()), Long.toString(outcome.falseThrottles()),
        Long.toString(outcome.overAdmissions()), Long.toString(outcome.boundViolations())));
  }

  private static String csvField(String text) {
    if (text.contains(",") || text.contains("\"")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private void printJson(PrintWriter out, Replay replay, AdmitSettings settings)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("trace", trace.toString());
    root.put("requests", replay.requests());
    root.put("tenants", replay.tenantCount());
    root.put("spanNanos", replay.spanNanos());
    root.put("reorderedRequests", replay.reorderedRequests());
    root.put("rate", rate);
    root.put("burst", settings.burstTokens());
    root.put("tickNanos", tick.toNanos());
    root.put("q", settings.q());
    root.put("planUnits", settings.planUnits());
    ArrayNode totals = root.putArray("algorithms");
    Map<AdmitAlgorithm, long[]> affected = replay.tenantsAffected();
    for (Map.Entry<AdmitAlgorithm, TenantOutcome> entry : replay.totals().entrySet()) {
      ObjectNode node = outcomeNode(totals.addObject(), entry.getValue());
      node.put("name", entry.getKey().cliName());
      node.put("tenantsFalselyThrottled", affected.get(entry.getKey())[0]);
      node.put("tenantsOverAdmitted", affected.get(entry.getKey())[1]);
      node.put("model", entry.getKey().source());
    }
    ArrayNode tenants = root.putArray("perTenant");
    for (Map.Entry<String, Map<AdmitAlgorithm, TenantOutcome>> entry
        : replay.perTenant().entrySet()) {
      ObjectNode tenant = tenants.addObject();
      tenant.put("tenant", entry.getKey());
      ObjectNode byAlgorithm = tenant.putObject("algorithms");
      for (Map.Entry<AdmitAlgorithm, TenantOutcome> outcome : entry.getValue().entrySet()) {
        outcomeNode(byAlgorithm.putObject(outcome.getKey().cliName()), outcome.getValue());
      }
    }
    out.println(mapper.writeValueAsString(root));
  }

  private static ObjectNode outcomeNode(ObjectNode node, TenantOutcome outcome) {
    node.put("requests", outcome.requests());
    node.put("admitted", outcome.admitted());
    node.put("denied", outcome.denied());
    node.put("falseThrottles", outcome.falseThrottles());
    node.put("overAdmissions", outcome.overAdmissions());
    node.put("boundViolations", outcome.boundViolations());
    return node;
  }

  private static String seconds(long nanos) {
    return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + " s";
  }

  private ParameterException bad(String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }

  /** Converts {@code --algorithms} names, with the accepted names in the error. */
  static final class AlgorithmConverter implements CommandLine.ITypeConverter<AdmitAlgorithm> {
    @Override
    public AdmitAlgorithm convert(String value) {
      try {
        return AdmitAlgorithm.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Converts {@code --time-unit} names, with the accepted names in the error. */
  static final class TimeUnitConverter implements CommandLine.ITypeConverter<TimeUnit> {
    @Override
    public TimeUnit convert(String value) {
      try {
        return TimeUnit.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
