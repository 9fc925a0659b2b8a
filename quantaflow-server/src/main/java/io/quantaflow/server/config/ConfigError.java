package io.quantaflow.server.config;

import java.util.Locale;

/** One problem in a configuration file: where it is and what is wrong. Line is 1-based. */
public record ConfigError(String file, int line, String message) {

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s:%d: %s", file, line, message);
  }
}
