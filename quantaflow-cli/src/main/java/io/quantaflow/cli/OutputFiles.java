package io.quantaflow.cli;

import io.quantaflow.sim.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks the files a command will write before the run starts, and words write failures
 * for a user: an output that cannot be created, or that names one of the run's inputs, is
 * bad input (exit 2) found before any work is done; a write that fails later (a full disk)
 * is a failure (exit 1). Every message names the option, the file and the reason.
 */
final class OutputFiles {

  private OutputFiles() {}

  /**
   * Returns the path {@code name} gives for {@code option}, after checking that a file can
   * be created there and that it is none of {@code inputs} (null entries are skipped).
   *
   * @throws BadInputException naming the option, the file and what is wrong
   */
  static Path checkWritable(String option, String name, Path... inputs) {
    if (name == null || name.isBlank()) {
      throw new BadInputException(option + " file name is empty");
    }
    Path file;
    try {
      file = Path.of(name);
    } catch (InvalidPathException e) {
      throw new BadInputException(String.format(Locale.ROOT,
          "%s file name \"%s\" is not a valid path: %s", option, name, e.getReason()));
    }
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      throw cannot(option, name, "it is a directory");
    }
    Path parent = absolute.getParent();
    if (parent != null && !Files.exists(parent)) {
      throw cannot(option, name, "no such directory " + parent);
    }
    if (parent != null && !Files.isDirectory(parent)) {
      throw cannot(option, name, parent + " is not a directory");
    }
    if (Files.exists(absolute) ? !Files.isWritable(absolute)
        : parent != null && !Files.isWritable(parent)) {
      throw cannot(option, name, "permission denied");
    }
    for (Path input : inputs) {
      if (input != null && sameFile(absolute, input)) {
        throw new BadInputException(String.format(Locale.ROOT,
            "%s %s names the input file %s; writing it would destroy the input", option,
            name, input));
      }
    }
    return file;
  }

  /** The same check for a Path option. */
  static Path checkWritable(String option, Path file, Path... inputs) {
    return checkWritable(option, file == null ? null : file.toString(), inputs);
  }

  /** A creation failure found while opening {@code name}, as bad input. */
  static BadInputException cannotCreate(String option, String name, Exception e) {
    return cannot(option, name, reason(e, Path.of(name)));
  }

  /** A failure while writing {@code name}, after the run started: exit code 1. */
  static UncheckedIOException writeFailed(String option, String name, IOException e) {
    return new UncheckedIOException(new IOException(String.format(Locale.ROOT,
        "cannot write %s file %s: %s", option, name, reason(e, Path.of(name))), e));
  }

  /**
   * The reason of an I/O failure in words, without the file name Java repeats in it. A file
   * that cannot be created in a directory that exists (as in /proc) is said to be refused.
   */
  static String reason(Exception e, Path file) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      Path parent = file.toAbsolutePath().normalize().getParent();
      return parent != null && Files.isDirectory(parent)
          ? "directory " + parent + " refuses new files (a read-only or virtual file system)"
          : "no such file or directory";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason().toLowerCase(Locale.ROOT);
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName()
        : message.toLowerCase(Locale.ROOT);
  }

  private static boolean sameFile(Path output, Path input) {
    try {
      if (Files.exists(output) && Files.exists(input)) {
        return Files.isSameFile(output, input);
      }
    } catch (IOException e) {
      // Unknown: compare the names below.
    }
    return output.equals(input.toAbsolutePath().normalize());
  }

  private static BadInputException cannot(String option, String name, String reason) {
    return new BadInputException(String.format(Locale.ROOT, "cannot write %s file %s: %s",
        option, name, reason));
  }
}
