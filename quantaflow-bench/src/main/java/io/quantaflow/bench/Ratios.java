package io.quantaflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH CSV result ({@code -rf csv}) into the Markdown table of
 * docs/performance.md: for each benchmark and parameter set, QuantaFlow's score, each
 * peer's score and the ratio QuantaFlow / peer (above 1 means QuantaFlow is faster).
 * Secondary results (the {@code :allowed}/{@code :denied} counters, profilers) are listed
 * after the table. Everything comes from the one CSV, so every ratio is from the same run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.quantaflow.bench.Ratios result.csv}
 */
public final class Ratios {

  private static final String IMPLEMENTATION = "Param: implementation";

  private Ratios() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: Ratios <jmh-result.csv>");
      System.exit(2);
    }
    try {
      List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
      System.out.print(markdown(lines));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("cannot read " + args[0] + ": " + e.getMessage());
      System.exit(2);
    }
  }

  /** The ratio table and the counters, from the lines of one JMH CSV file. */
  static String markdown(List<String> csvLines) {
    if (csvLines.isEmpty()) {
      throw new IllegalArgumentException("the CSV file is empty");
    }
    List<String> header = fields(csvLines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : csvLines.subList(1, csvLines.size())) {
      if (!line.isBlank()) {
        rows.add(row(header, fields(line)));
      }
    }
    StringBuilder out = new StringBuilder();
    ratioTable(header, rows, out);
    counterTable(header, rows, out);
    return out.toString();
  }

  private static void ratioTable(
      List<String> header, List<Map<String, String>> rows, StringBuilder out) {
    // Case -> implementation -> metric ("" for the score) -> value, in the run's order.
    Map<String, Map<String, Map<String, Double>>> cases = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    List<String> peers = new ArrayList<>();
    for (Map<String, String> row : rows) {
      String[] benchmark = row.get("Benchmark").split(":", 2);
      String metric = benchmark.length == 2 ? benchmark[1] : "";
      String implementation = row.getOrDefault(IMPLEMENTATION, "");
      String key = shortName(benchmark[0]) + params(header, row);
      cases.computeIfAbsent(key, k -> new LinkedHashMap<>())
          .computeIfAbsent(implementation, k -> new LinkedHashMap<>())
          .put(metric, Double.parseDouble(row.get("Score")));
      if (metric.isEmpty()) {
        units.put(key, row.get("Unit"));
      }
      if (!implementation.isEmpty() && !implementation.equals(Limiters.QUANTAFLOW)
          && !peers.contains(implementation)) {
        peers.add(implementation);
      }
    }

    out.append("Throughput (wall clock), QuantaFlow / peer: above 1 means QuantaFlow is"
        + " faster.\n\n");
    table(cases, units, peers, out, (metrics) -> metrics.get(""), false);
    out.append("\nCPU nanoseconds per operation (the cpuNanos counter over the score), peer /"
        + " QuantaFlow: above 1 means QuantaFlow needs less CPU per operation.\n\n");
    Map<String, String> nanos = new LinkedHashMap<>();
    cases.keySet().forEach(key -> nanos.put(key, "cpu ns/op"));
    table(cases, nanos, peers, out, Ratios::cpuNanosPerOp, true);
  }

  private static Double cpuNanosPerOp(Map<String, Double> metrics) {
    Double score = metrics.get("");
    Double cpuNanos = metrics.get("cpuNanos");
    return score == null || cpuNanos == null || score == 0 ? null : cpuNanos / score;
  }

  private static void table(Map<String, Map<String, Map<String, Double>>> cases,
      Map<String, String> units, List<String> peers, StringBuilder out,
      java.util.function.Function<Map<String, Double>, Double> value, boolean peerOverOurs) {
    out.append("| benchmark | unit | quantaflow |");
    for (String peer : peers) {
      out.append(' ').append(peer).append(" | ")
          .append(peerOverOurs ? peer + "/quantaflow" : "quantaflow/" + peer).append(" |");
    }
    out.append('\n').append("|---|---|---:|");
    out.append("---:|---:|".repeat(peers.size())).append('\n');
    for (Map.Entry<String, Map<String, Map<String, Double>>> entry : cases.entrySet()) {
      Map<String, Map<String, Double>> byImplementation = entry.getValue();
      Map<String, Double> ourMetrics = byImplementation.containsKey(Limiters.QUANTAFLOW)
          ? byImplementation.get(Limiters.QUANTAFLOW)
          : byImplementation.get("");
      Double ours = ourMetrics == null ? null : value.apply(ourMetrics);
      out.append("| ").append(entry.getKey()).append(" | ").append(units.get(entry.getKey()))
          .append(" | ").append(number(ours)).append(" |");
      for (String peer : peers) {
        Map<String, Double> theirMetrics = byImplementation.get(peer);
        Double theirs = theirMetrics == null ? null : value.apply(theirMetrics);
        String ratio = ours == null || theirs == null ? "-"
            : ratio(peerOverOurs ? theirs / ours : ours / theirs);
        out.append(' ').append(number(theirs)).append(" | ").append(ratio).append(" |");
      }
      out.append('\n');
    }
  }

  private static void counterTable(
      List<String> header, List<Map<String, String>> rows, StringBuilder out) {
    out.append("\n| counter | implementation | score | unit |\n|---|---|---:|---|\n");
    for (Map<String, String> row : rows) {
      String benchmark = row.get("Benchmark");
      if (benchmark.contains(":")) {
        out.append("| ").append(shortName(benchmark)).append(params(header, row))
            .append(" | ").append(row.getOrDefault(IMPLEMENTATION, ""))
            .append(" | ").append(number(Double.parseDouble(row.get("Score"))))
            .append(" | ").append(row.get("Unit")).append(" |\n");
      }
    }
  }

  private static String params(List<String> header, Map<String, String> row) {
    StringBuilder params = new StringBuilder();
    for (String column : header) {
      String value = row.get(column);
      if (column.startsWith("Param: ") && !column.equals(IMPLEMENTATION)
          && value != null && !value.isEmpty()) {
        params.append(' ').append(column.substring("Param: ".length()))
            .append('=').append(value);
      }
    }
    return params.toString();
  }

  private static String shortName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
  }

  private static String number(Double value) {
    if (value == null) {
      return "-";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.2fx", value);
  }

  private static Map<String, String> row(List<String> header, List<String> fields) {
    if (fields.size() > header.size()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "a row has %d fields, more than the %d header columns", fields.size(), header.size()));
    }
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      row.put(header.get(i), fields.get(i));
    }
    return row;
  }

  /** Splits one CSV line; JMH quotes strings with {@code "} and writes no embedded quotes. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
