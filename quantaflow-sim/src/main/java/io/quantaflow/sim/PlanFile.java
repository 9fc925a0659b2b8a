package io.quantaflow.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * Reads a plan from a text file, one tick after another: integers x_q (units of 1/q)
 * separated by whitespace, commas or newlines, in tick order. Everything after a {@code #}
 * on a line is a comment. The file is read as it is consumed, so its length does not
 * matter.
 *
 * <p>A leading UTF-8 byte order mark is skipped. A value that is not an integer, or lies
 * outside {@code [0, maxPlanUnits]}, stops the read with a {@link PlanFileException} naming
 * the file, the line and the value.
 */
public final class PlanFile implements PlanSource {

  private final String name;
  private final BufferedReader reader;
  private final long maxPlanUnits;

  private String[] fields = new String[0];
  private int fieldIndex;
  private long lineNumber;
  private boolean finished;

  private PlanFile(String name, BufferedReader reader, long maxPlanUnits) {
    this.name = name;
    this.reader = reader;
    this.maxPlanUnits = maxPlanUnits;
  }

  /**
   * Opens {@code file} for reading.
   *
   * @param maxPlanUnits the largest plan a tick may have, M*q
   * @throws PlanFileException when the file cannot be opened
   */
  public static PlanFile open(Path file, long maxPlanUnits) {
    try {
      // Malformed bytes become U+FFFD, reported with their line by readLine.
      return new PlanFile(file.toString(), new BufferedReader(
          new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)),
          maxPlanUnits);
    } catch (NoSuchFileException e) {
      throw new PlanFileException("cannot read plan file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new PlanFileException("cannot read plan file " + file + ": " + reason(e), e);
    }
  }

  /** Reads a plan from {@code reader}; {@code name} stands for it in messages. */
  public static PlanFile of(String name, BufferedReader reader, long maxPlanUnits) {
    return new PlanFile(name, reader, maxPlanUnits);
  }

  @Override
  public boolean hasNext() {
    while (fieldIndex >= fields.length) {
      if (finished || !readLine()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long nextPlanUnits() {
    if (!hasNext()) {
      throw new NoSuchElementException("plan file " + name + " has no more values");
    }
    return parse(fields[fieldIndex++]);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean readLine() {
    String line;
    try {
      line = reader.readLine();
    } catch (CharacterCodingException e) {
      throw new PlanFileException(String.format(Locale.ROOT,
          "plan file %s line %d: not UTF-8 text (is it a binary file?)", name,
          lineNumber + 1), e);
    } catch (IOException e) {
      throw new PlanFileException(String.format(Locale.ROOT,
          "cannot read plan file %s after line %d: %s", name, lineNumber, reason(e)), e);
    }
    if (line == null) {
      finished = true;
      return false;
    }
    lineNumber++;
    if (lineNumber == 1 && line.startsWith("\uFEFF")) {
      // A byte order mark some editors put first is not part of the plan.
      line = line.substring(1);
    }
    if (line.indexOf('\uFFFD') >= 0) {
      throw new PlanFileException(String.format(Locale.ROOT,
          "plan file %s line %d: not UTF-8 text (is it a binary file?)", name, lineNumber));
    }
    int comment = line.indexOf('#');
    String values = (comment >= 0 ? line.substring(0, comment) : line).trim();
    fields = values.isEmpty() ? new String[0] : values.split("[\\s,]+");
    fieldIndex = fields.length > 0 && fields[0].isEmpty() ? 1 : 0;
    return true;
  }

  private long parse(String field) {
    long value;
    try {
      value = Long.parseLong(field);
    } catch (NumberFormatException e) {
      if (field.matches("[+-]?[0-9]+")) {
        throw new PlanFileException(String.format(Locale.ROOT,
            "plan file %s line %d: x_q must be in [0, %d] (got %s)",
            name, lineNumber, maxPlanUnits, new BigInteger(field)));
      }
      throw new PlanFileException(String.format(Locale.ROOT,
          "plan file %s line %d: \"%s\" is not an integer x_q (units of 1/q)",
          name, lineNumber, field));
    }
    if (value < 0 || value > maxPlanUnits) {
      throw new PlanFileException(String.format(Locale.ROOT,
          "plan file %s line %d: x_q must be in [0, %d] (got %d)",
          name, lineNumber, maxPlanUnits, value));
    }
    return value;
  }

  private static String reason(IOException e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
