package io.quantaflow.sim.replay;

import io.quantaflow.sim.BadInputException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads a request trace from CSV, one row at a time, so a trace of any length replays in
 * the memory of one row. The first line is a header naming the columns; {@link TraceFormat}
 * says which columns to use. Fields may be quoted with double quotes ("a,b"; "" is a quote).
 * Blank lines are skipped.
 *
 * <p>A row that cannot be used stops the read with a {@link BadInputException} naming the
 * file, the line and what is wrong with it.
 */
public final class TraceReader implements Closeable {

  private static final List<String> TIME_COLUMN_NAMES =
      List.of("time", "time_s", "time_ms", "timestamp", "ts");

  private final String name;
  private final BufferedReader reader;
  private final int timeIndex;
  private final int tenantIndex;
  private final int costIndex;
  private final String timeColumn;
  private TimeUnit timeUnit;
  private long lineNumber;
  private TraceRequest next;
  private boolean finished;

  private TraceReader(String name, BufferedReader reader, TraceFormat format) {
    this.name = name;
    this.reader = reader;

    String header = readLine();
    if (header == null) {
      throw fail(1, "the file is empty; the first line must name the columns");
    }
    List<String> columns = split(header, 1);
    this.timeColumn = format.timeColumn() != null
        ? format.timeColumn() : findColumn(columns, TIME_COLUMN_NAMES);
    this.timeIndex = indexOf(columns, timeColumn, "time");
    this.tenantIndex = indexOf(columns, format.tenantColumn(), "tenant");
    String costColumn = format.costColumn() != null
        ? format.costColumn() : (columns.contains("cost") ? "cost" : null);
    this.costIndex = costColumn == null ? -1 : indexOf(columns, costColumn, "cost");
    this.timeUnit = format.timeUnit() != null ? format.timeUnit()
        : TimeUnit.fromColumnName(timeColumn);
  }

  /**
   * Opens a trace file.
   *
   * @throws BadInputException when the file cannot be read or its header lacks a column
   */
  public static TraceReader open(Path file, TraceFormat format) {
    BufferedReader reader;
    try {
      // Malformed bytes become U+FFFD, reported with their line by readLine.
      reader = new BufferedReader(
          new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new BadInputException("cannot read trace file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new BadInputException("cannot read trace file " + file + ": " + e.getMessage(), e);
    }
    try {
      return new TraceReader(file.toString(), reader, format);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
  }

  /** Reads a trace from {@code reader}; {@code name} stands for it in messages. */
  public static TraceReader of(String name, BufferedReader reader, TraceFormat format) {
    return new TraceReader(name, reader, format);
  }

  /** The time unit in use, once known (after the first row at the latest). */
  public TimeUnit timeUnit() {
    return timeUnit;
  }

  public String timeColumn() {
    return timeColumn;
  }

  public boolean hasNext() {
    while (next == null && !finished) {
      String line = readLine();
      if (line == null) {
        finished = true;
      } else if (!line.isBlank()) {
        next = parse(line);
      }
    }
    return next != null;
  }

  public TraceRequest next() {
    if (!hasNext()) {
      throw new NoSuchElementException("trace " + name + " has no more rows");
    }
    TraceRequest request = next;
    next = null;
    return request;
  }

  @Override
  public void close() {
    closeQuietly(reader);
  }

  private TraceRequest parse(String line) {
    List<String> fields = split(line, lineNumber);
    int needed = Math.max(timeIndex, Math.max(tenantIndex, costIndex)) + 1;
    if (fields.size() < needed) {
      throw fail(lineNumber, String.format(Locale.ROOT,
          "expected at least %d fields, found %d", needed, fields.size()));
    }

    String timeText = fields.get(timeIndex);
    if (timeUnit == null) {
      timeUnit = TimeUnit.fromValue(timeText);
    }
    long timeNanos;
    try {
      timeNanos = timeUnit.toNanos(timeText);
    } catch (IllegalArgumentException e) {
      throw fail(lineNumber, "column " + timeColumn + ": " + e.getMessage());
    }

    String tenant = fields.get(tenantIndex).trim();
    if (tenant.isEmpty()) {
      throw fail(lineNumber, "the tenant is empty");
    }

    long cost = 1;
    if (costIndex >= 0) {
      String costText = fields.get(costIndex).trim();
      try {
        cost = Long.parseLong(costText);
      } catch (NumberFormatException e) {
        cost = -1;
      }
      if (cost < 1) {
        throw fail(lineNumber, String.format(Locale.ROOT,
            "cost must be a whole number >= 1 (got \"%s\")", costText));
      }
    }
    return new TraceRequest(lineNumber, timeNanos, tenant, cost);
  }

  private String readLine() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          // A byte order mark some editors put first is not part of the header.
          line = line.substring(1);
        }
        if (line.indexOf('\uFFFD') >= 0) {
          throw fail(lineNumber, "not UTF-8 text (is it a binary file?)");
        }
      }
      return line;
    } catch (IOException e) {
      throw new BadInputException(String.format(Locale.ROOT,
          "cannot read trace file %s after line %d: %s", name, lineNumber, e.getMessage()), e);
    }
  }

  private List<String> split(String line, long number) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw fail(number, "a quoted field is not closed");
    }
    fields.add(field.toString());
    return fields;
  }

  private String findColumn(List<String> columns, List<String> candidates) {
    for (String column : columns) {
      if (candidates.contains(column.trim().toLowerCase(Locale.ROOT))) {
        return column.trim();
      }
    }
    throw fail(1, String.format(Locale.ROOT,
        "no time column: expected one of %s, or name it with --time-column (columns: %s)",
        String.join(", ", candidates), String.join(", ", columns)));
  }

  private int indexOf(List<String> columns, String column, String role) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).trim().equals(column)) {
        return i;
      }
    }
    throw fail(1, String.format(Locale.ROOT, "no %s column \"%s\" (columns: %s)", role,
        column, String.join(", ", columns)));
  }

  private BadInputException fail(long line, String what) {
    return new BadInputException(String.format(Locale.ROOT, "trace %s line %d: %s",
        name, line, what));
  }

  private static void closeQuietly(BufferedReader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // Nothing more can be done about a reader that fails to close.
    }
  }
}
