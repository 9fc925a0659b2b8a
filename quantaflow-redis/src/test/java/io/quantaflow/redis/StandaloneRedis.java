package io.quantaflow.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private standalone redis-server for a test class, never the shared one on 6379.
 * Registered on a static field it lives for the class; on an instance field, for each test.
 * Skips the tests, saying why, when no redis-server binary is available.
 */
final class StandaloneRedis
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  private RedisProcess process;
  private boolean perTest;

  @Override
  public void beforeAll(ExtensionContext context) {
    process = startProcess();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (process == null) {
      perTest = true;
      process = startProcess();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  String uri() {
    return process.uri();
  }

  int port() {
    return process.port();
  }

  Object call(String... args) {
    return process.call(args);
  }

  void stop() {
    process.stop();
  }

  void restart() {
    process.restart();
  }

  private static RedisProcess startProcess() {
    assumeTrue(RedisBinaries.server().isPresent(), RedisBinaries.missingMessage());
    return RedisProcess.start();
  }

  private void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}
