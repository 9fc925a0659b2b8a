package io.quantaflow.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the reference fixtures in {@code ../shared} (beside the repository root), found by
 * walking up from the working directory. {@code -Dquantaflow.shared=DIR} overrides the
 * search. The fixtures are not copied into the repository: the product does not ship them.
 */
final class SharedFixtures {

  private SharedFixtures() {}

  static BufferedReader open(String relativePath) throws IOException {
    return Files.newBufferedReader(locate(relativePath), StandardCharsets.UTF_8);
  }

  static Path locate(String relativePath) {
    String override = System.getProperty("quantaflow.shared");
    if (override != null) {
      return Path.of(override).resolve(relativePath);
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("shared").resolve(relativePath);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("fixture shared/" + relativePath + " not found above "
        + start + " (expected ../shared next to the repository); set -Dquantaflow.shared=DIR");
  }
}
