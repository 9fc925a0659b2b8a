package io.quantaflow.server;

import io.quantaflow.server.config.ConfigError;
import io.quantaflow.server.config.ConfigException;
import io.quantaflow.server.config.ConfigLoader;
import io.quantaflow.server.metrics.ServerMetrics;
import io.quantaflow.server.store.RateLimitStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the configuration in force and reloads it when its file (or any file of its directory)
 * changes. A reload swaps the whole configuration atomically; a request sees either the old or
 * the new one, never a mix. Rules whose effective limit did not change keep their state,
 * because state keys carry the limit's fingerprint; changed rules start afresh with a full
 * bank. An invalid file is rejected with a logged error and the old configuration keeps
 * serving. A configuration is also invalid when the store cannot run one of its rules (the
 * Redis store runs no schedules, and only ticks of whole microseconds): see
 * {@link RateLimitStore#checkLimit}.
 *
 * <p>Change detection polls a SHA-256 of the files' bytes, so it also sees a Kubernetes
 * ConfigMap's symlink swap, which file-system events often miss.
 */
public final class ConfigHolder implements Supplier<CompiledConfig>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigHolder.class);

  private final Path path;
  private final ServerMetrics metrics;
  private final RateLimitStore store;
  private final AtomicReference<CompiledConfig> current = new AtomicReference<>();
  private volatile String digest;
  private volatile String lastError;
  private ScheduledExecutorService watcher;

  /** Loads {@code path} now for a store that runs every rule; see the other constructor. */
  public ConfigHolder(Path path, ServerMetrics metrics) throws ConfigException {
    this(path, metrics, requests -> {
      throw new UnsupportedOperationException("a store that only accepts every limit");
    });
  }

  /**
   * Loads {@code path} now; throws if the first configuration is invalid or has a rule that
   * {@code store} cannot run.
   */
  public ConfigHolder(Path path, ServerMetrics metrics, RateLimitStore store)
      throws ConfigException {
    this.path = path;
    this.metrics = metrics;
    this.store = store;
    this.digest = digestOf(path);
    current.set(load());
    log.info("loaded {} ({}) from {}", current.get().config().summary(),
        current.get().config().domains(), path);
  }

  @Override
  public CompiledConfig get() {
    return current.get();
  }

  /** The last reload error, or null if the last reload succeeded. */
  public String lastError() {
    return lastError;
  }

  /**
   * Reloads if the files changed since the last attempt. Returns true if a new configuration
   * is now in force.
   */
  public synchronized boolean reloadIfChanged() {
    String now = digestOf(path);
    if (now.equals(digest)) {
      return false;
    }
    digest = now;
    try {
      CompiledConfig next = load();
      current.set(next);
      lastError = null;
      metrics.reloadSucceeded();
      log.info("reloaded {}: {} ({})", path, next.config().summary(),
          next.config().domains());
      return true;
    } catch (ConfigException e) {
      lastError = e.getMessage();
      metrics.reloadFailed();
      log.error("rejected new configuration {}; the previous one keeps serving:\n{}", path,
          e.getMessage());
      return false;
    } catch (RuntimeException e) {
      lastError = e.toString();
      metrics.reloadFailed();
      log.error("rejected new configuration {}; the previous one keeps serving: {}", path,
          e.toString());
      return false;
    }
  }

  private CompiledConfig load() throws ConfigException {
    CompiledConfig next = new CompiledConfig(ConfigLoader.load(path));
    List<ConfigError> unsupported = next.unsupportedBy(store);
    if (!unsupported.isEmpty()) {
      throw new ConfigException(unsupported);
    }
    return next;
  }

  /** Starts polling every {@code intervalMillis} (> 0). */
  public synchronized void watch(long intervalMillis) {
    if (watcher != null) {
      return;
    }
    watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quantaflow-config-watch");
      t.setDaemon(true);
      return t;
    });
    watcher.scheduleWithFixedDelay(this::reloadIfChanged, intervalMillis, intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  private static String digestOf(Path path) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      List<Path> files;
      if (Files.isDirectory(path)) {
        try (Stream<Path> s = Files.list(path)) {
          files = s.sorted().toList();
        }
      } else {
        files = List.of(path);
      }
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          md.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
          md.update(Files.readAllBytes(f));
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
