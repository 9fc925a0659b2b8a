package io.quantaflow.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the Redis binaries the tests run: {@code redis-server} and {@code redis-cli} from the
 * PATH when there; otherwise the linux-amd64 {@code redis-server} carried by the test-scoped
 * embedded-redis artifact, extracted once per JVM. Without {@code redis-cli} the cluster
 * harness forms the cluster with CLUSTER ADDSLOTS and CLUSTER MEET itself.
 */
final class RedisBinaries {

  /** The resource inside the embedded-redis jar (Redis 6.2). */
  private static final String BUNDLED_SERVER = "redis-server-6.2.6-v5-linux-amd64";

  private static volatile Path server;

  private RedisBinaries() {}

  /** Returns the redis-server to run, or empty (with the reason logged to stderr). */
  static synchronized Optional<Path> server() {
    if (server == null) {
      boolean bundled = "bundled".equals(System.getProperty("quantaflow.redis.server"));
      server = (bundled ? Optional.<Path>empty() : onPath("redis-server"))
          .orElseGet(RedisBinaries::extractBundled);
      System.out.println("redis tests run " + server);
    }
    return Optional.ofNullable(server);
  }

  static Optional<Path> cli() {
    if ("none".equals(System.getProperty("quantaflow.redis.cli"))) {
      return Optional.empty();
    }
    return onPath("redis-cli");
  }

  static String missingMessage() {
    return "no redis-server on the PATH and no bundled binary for "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
        + "; install redis-server (apt-get install -y redis-server) to run the Redis tests";
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Path extractBundled() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return null;
    }
    try (InputStream in = RedisBinaries.class.getClassLoader()
        .getResourceAsStream(BUNDLED_SERVER)) {
      if (in == null) {
        return null;
      }
      Path dir = Files.createTempDirectory("quantaflow-redis-bin");
      Path target = dir.resolve("redis-server");
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true);
      target.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      System.err.println("could not extract the bundled redis-server: " + e.getMessage());
      return null;
    }
  }
}
