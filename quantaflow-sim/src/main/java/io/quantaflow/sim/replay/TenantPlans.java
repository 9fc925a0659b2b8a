package io.quantaflow.sim.replay;

import io.quantaflow.core.ExactRate;
import io.quantaflow.core.GridPlan;
import io.quantaflow.sim.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Each tenant's limit in a replay: a default, and overrides for named tenants.
 *
 * <p>A plans file is CSV without a header: {@code tenant,rate,burst} per line, where rate is
 * written as for {@code --rate} ({@code 1/10s}, {@code 3/s}, {@code 3/10} per tick) and
 * burst is optional (the default's burst when missing). The tenant {@code *} sets the
 * default. {@code #} starts a comment; blank lines are skipped.
 */
public final class TenantPlans {

  private final AdmitSettings defaultSettings;
  private final Map<String, AdmitSettings> overrides;

  private TenantPlans(AdmitSettings defaultSettings, Map<String, AdmitSettings> overrides) {
    this.defaultSettings = defaultSettings;
    this.overrides = Collections.unmodifiableMap(overrides);
  }

  /** Every tenant gets {@code settings}. */
  public static TenantPlans uniform(AdmitSettings settings) {
    return new TenantPlans(settings, Map.of());
  }

  /**
   * Reads a plans file.
   *
   * @param defaultSettings the limit of tenants the file does not name, or null if the file
   *     must set one with a {@code *} line
   * @param tick the tick length rates are converted to
   * @throws BadInputException naming the file, the line and what is wrong
   */
  public static TenantPlans read(Path file, AdmitSettings defaultSettings, Duration tick) {
    Map<String, AdmitSettings> overrides = new HashMap<>();
    AdmitSettings fallback = defaultSettings;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        int comment = line.indexOf('#');
        String text = (comment >= 0 ? line.substring(0, comment) : line).trim();
        if (text.isEmpty()) {
          continue;
        }
        String[] fields = text.split("\\s*,\\s*", -1);
        if (fields.length < 2 || fields.length > 3 || fields[0].isEmpty()) {
          throw fail(file, lineNumber, "expected tenant,rate[,burst] (got \"" + text + "\")");
        }
        long burst = fields.length == 3 ? parseBurst(file, lineNumber, fields[2])
            : fallback != null ? fallback.burstTokens() : 1;
        AdmitSettings settings = settings(file, lineNumber, fields[1], burst, tick);
        if (fields[0].equals("*")) {
          fallback = settings;
        } else if (overrides.put(fields[0], settings) != null) {
          throw fail(file, lineNumber, "tenant " + fields[0] + " is listed twice");
        }
      }
    } catch (NoSuchFileException e) {
      throw new BadInputException("cannot read plans file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new BadInputException("cannot read plans file " + file + ": " + e.getMessage(), e);
    }
    if (fallback == null) {
      throw new BadInputException("plans file " + file + " has no default: add a line "
          + "\"*,RATE,BURST\" or give --rate");
    }
    return new TenantPlans(fallback, overrides);
  }

  /** The limit of {@code tenant}. */
  public AdmitSettings forTenant(String tenant) {
    return overrides.getOrDefault(tenant, defaultSettings);
  }

  public AdmitSettings defaultSettings() {
    return defaultSettings;
  }

  /** How many tenants have a limit of their own. */
  public int overrideCount() {
    return overrides.size();
  }

  private static AdmitSettings settings(Path file, long line, String rate, long burst,
      Duration tick) {
    try {
      GridPlan plan = ExactRate.parsePerPeriod(rate, tick).onGrid();
      return new AdmitSettings(plan, burst, tick.toNanos());
    } catch (IllegalArgumentException e) {
      throw fail(file, line, e.getMessage());
    }
  }

  private static long parseBurst(Path file, long line, String text) {
    try {
      long burst = Long.parseLong(text);
      if (burst >= 1 && burst <= Integer.MAX_VALUE) {
        return burst;
      }
    } catch (NumberFormatException e) {
      // Reported below with the allowed range.
    }
    throw fail(file, line, String.format(Locale.ROOT,
        "burst must be a whole number in [1, 2147483647] (got \"%s\")", text));
  }

  private static BadInputException fail(Path file, long line, String what) {
    return new BadInputException(String.format(Locale.ROOT, "plans file %s line %d: %s",
        file, line, what));
  }
}
