package io.quantaflow.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the reference's parity files from {@code shared/parity}, which sits next to the
 * repository (or the worktree): the first ancestor of the working directory that holds
 * {@code shared/parity/<file>} wins. {@code -Dquantaflow.shared=DIR} overrides the search.
 */
final class ParityFixtures {

  static final String SCENARIOS = "seed-scenarios.csv";
  static final String RANDOM = "seed-random-20261203.csv";

  /** One row: the plan, the reference's output and its printed window error. */
  record Row(String file, int caseId, String scenario, long q, int ticks,
      String maxWindowError, long[] planUnits, long[] tokens) {
    @Override
    public String toString() {
      return file + " case " + caseId + " (" + scenario + ", q=" + q + ", ticks=" + ticks + ")";
    }
  }

  private ParityFixtures() {}

  static List<Row> rows(String fileName) {
    Path file = locate(fileName);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read parity fixture " + file, e);
    }

    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        rows.add(parse(fileName, header, lines.get(i), i + 1));
      }
    }
    return rows;
  }

  static Path locate(String fileName) {
    String override = System.getProperty("quantaflow.shared");
    if (override != null) {
      Path file = Path.of(override, "parity", fileName);
      if (Files.isRegularFile(file)) {
        return file;
      }
      throw new IllegalStateException("parity fixture not found at " + file
          + " (from -Dquantaflow.shared=" + override + ")");
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("shared").resolve("parity").resolve(fileName);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("parity fixture " + fileName + " not found: looked for"
        + " shared/parity/" + fileName + " in " + start + " and every directory above it"
        + " (expected ../shared next to the repository); set -Dquantaflow.shared=DIR");
  }

  private static Row parse(String fileName, List<String> header, String line, int lineNumber) {
    String[] cells = line.split(",", -1);
    if (cells.length != header.size()) {
      throw new IllegalStateException(String.format(
          "%s line %d: %d cells, header has %d", fileName, lineNumber, cells.length,
          header.size()));
    }
    return new Row(fileName,
        Integer.parseInt(cell(header, cells, "case")),
        cell(header, cells, "scenario"),
        Long.parseLong(cell(header, cells, "q")),
        Integer.parseInt(cell(header, cells, "ticks")),
        cell(header, cells, "max_window_error"),
        numbers(cell(header, cells, "x_q")),
        numbers(cell(header, cells, "y")));
  }

  private static String cell(List<String> header, String[] cells, String column) {
    int index = header.indexOf(column);
    if (index < 0) {
      throw new IllegalStateException("parity fixture has no column " + column + ": " + header);
    }
    return cells[index].strip();
  }

  private static long[] numbers(String spaceSeparated) {
    if (spaceSeparated.isEmpty()) {
      return new long[0];
    }
    return Arrays.stream(spaceSeparated.split("\\s+")).mapToLong(Long::parseLong).toArray();
  }
}
