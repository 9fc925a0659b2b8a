package io.quantaflow.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: numbers right-aligned, the first and any text column left-aligned. */
final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;
  private final boolean[] leftAligned;

  TextTable(String... header) {
    this.columns = header.length;
    this.leftAligned = new boolean[columns];
    this.leftAligned[0] = true;
    rows.add(header);
  }

  /** Aligns the given columns (0-based) to the left. */
  TextTable leftAligned(int... columnIndexes) {
    for (int column : columnIndexes) {
      leftAligned[column] = true;
    }
    return this;
  }

  TextTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(
          "a row needs " + columns + " cells (got " + cells.length + ")");
    }
    String[] text = new String[columns];
    for (int i = 0; i < columns; i++) {
      text[i] = String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(leftAligned[i] ? row[i] + pad : pad + row[i]);
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** {@code count} and the noun that agrees with it: "1 tenant", "2 tenants". */
  static String count(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
