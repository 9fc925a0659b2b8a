package io.quantaflow.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@code redis-server} on a free port of 127.0.0.1 (never 6379), with its own temporary
 * directory, no persistence, stoppable and restartable on the same port. Every process is
 * also destroyed by a JVM shutdown hook, so an aborted test run leaves nothing behind.
 */
final class RedisProcess implements AutoCloseable {

  private static final Set<RedisProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(RedisProcess::close)));
  }

  private final Path binary;
  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private Process process;

  private RedisProcess(Path binary, Path dir, int port, List<String> extraArgs) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** Starts a standalone server; callers skip their test when no binary exists. */
  static RedisProcess start(String... extraArgs) {
    Path binary = RedisBinaries.server()
        .orElseThrow(() -> new IllegalStateException(RedisBinaries.missingMessage()));
    for (int attempt = 0; ; attempt++) {
      int port = freePort();
      try {
        RedisProcess redis = new RedisProcess(
            binary, Files.createTempDirectory("quantaflow-redis-" + port), port,
            List.of(extraArgs));
        LIVE.add(redis);
        redis.startProcess();
        return redis;
      } catch (IOException | IllegalStateException e) {
        if (attempt >= 3) {
          throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
      }
    }
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  Object call(String... args) {
    try {
      return Resp.call(port, args);
    } catch (IOException e) {
      throw new UncheckedIOException("redis on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Stops the server (SHUTDOWN NOSAVE, then the process) but keeps its directory. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    Resp.tryCall(port, "SHUTDOWN", "NOSAVE");
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the server again on the same port and directory (a cluster node keeps its id). */
  synchronized void restart() {
    stop();
    try {
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    stop();
    LIVE.remove(this);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // The directory is under the system temp dir; a leftover is harmless.
    }
  }

  private void startProcess() throws IOException {
    List<String> command = new ArrayList<>(List.of(
        binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning"));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if ("PONG".equals(Resp.tryCall(port, "PING"))) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited: "
            + Files.readString(dir.resolve("redis.log")).strip());
      }
      sleepMillis(20);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING");
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        // The cluster bus listens on port + 10000, which must stay below 65536.
        if (port != 6379 && port < 55_000) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port below 55000");
  }
}
