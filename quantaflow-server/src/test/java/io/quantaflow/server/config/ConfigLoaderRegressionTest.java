package io.quantaflow.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defects a fresh user found in check-config's messages, one regression test each. */
final class ConfigLoaderRegressionTest {

  private static final String GOOD = """
      domain: d
      descriptors:
        - key: tenant
          rate_limit: {unit: second, requests_per_unit: 10}
      """;

  private static final String BAD = """
      domain: d
      descriptors:
        - key: tenant
          rate_limit:
            unit: fortnight
            requests_per_unit: -5
        - key: path
          rate_limit: {unit: second, requests_per_unit: 5, burts: 3}
      """;

  private static List<String> messages(ConfigException e) {
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  /**
   * Went wrong: a directory whose second file repeated domain 'd' printed only "domain 'd' is
   * defined twice", hiding that file's own errors and not saying where 'd' was first.
   */
  @Test
  void load_directoryWithRepeatedDomain_reportsEveryErrorAndTheFirstDefinition(
      @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), GOOD);
    Files.writeString(dir.resolve("b.yaml"), BAD);
    String a = dir.resolve("a.yaml").toString();
    String b = dir.resolve("b.yaml").toString();

    ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(dir),
        ConfigException.class);

    assertThat(messages(e)).anySatisfy(m -> assertThat(m)
        .startsWith(b + ":1: domain 'd' is defined twice (first at " + a + ":1)"));
    assertThat(messages(e)).anySatisfy(m -> assertThat(m).startsWith(b + ":5: unit 'fortnight'"));
    assertThat(messages(e)).anySatisfy(m -> assertThat(m).startsWith(b + ":6: requests_per_unit")
        .endsWith("(got '-5')"));
    assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains("burts"));
  }

  /**
   * Went wrong: an unknown key hid every other error of its mapping, so a top-level typo hid
   * the bad unit below it. A misspelt required key is still reported once, not also as missing.
   */
  @Test
  void parse_unknownTopLevelKey_stillReadsTheRestAndSortsByLine() {
    String yaml = "domain: d\nburts: 3\ndescriptors:\n  - key: k\n    rate_limit:"
        + " {unit: fortnight, requests_per_unit: 1}\n  - key: j\n    rate_limit:"
        + " {unit: second, request_per_unit: 1}\n";

    ConfigException e = catchThrowableOfType(() -> ConfigLoader.parse("t.yaml", yaml),
        ConfigException.class);

    assertThat(messages(e)).hasSize(3);
    assertThat(messages(e).get(0)).startsWith("t.yaml:2: unknown key 'burts' in the document");
    assertThat(messages(e).get(1)).startsWith("t.yaml:5: unit 'fortnight'");
    assertThat(messages(e).get(2)).startsWith("t.yaml:7: unknown key 'request_per_unit'");
  }

  /** Went wrong: the same for two documents of one file; the first line was not named. */
  @Test
  void parse_twoDocumentsWithOneDomain_namesTheFirstDocumentsLine() {
    String yaml = GOOD + "---\n" + "domain: d\ndescriptors:\n  - key: x\n    rate_limit:"
        + " {unit: second, requests_per_unit: 1, burts: 2}\n";

    ConfigException e = catchThrowableOfType(() -> ConfigLoader.parse("two.yaml", yaml),
        ConfigException.class);

    // The second document starts on line 6, after the five lines of GOOD and the separator.
    assertThat(messages(e)).anySatisfy(m -> assertThat(m)
        .startsWith("two.yaml:6: domain 'd' is defined twice (first at two.yaml:1)"));
    assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains("burts"));
  }

  /**
   * Went wrong: requests_per_unit 3.14159265358979 was "must be a number >= 0 such as 100 or
   * 0.5"; the real reason is the grid its decimals need, above q <= 2^31-1.
   */
  @Test
  void parse_requestsPerUnitWithFourteenDecimals_namesTheGridLimit() {
    String yaml = "domain: d\ndescriptors:\n  - key: k\n    rate_limit:"
        + " {unit: second, requests_per_unit: 3.14159265358979}\n";

    ConfigException e = catchThrowableOfType(() -> ConfigLoader.parse("pi.yaml", yaml),
        ConfigException.class);

    assertThat(e.getMessage()).contains("3.14159265358979").contains("needs a grid")
        .contains("2147483647").doesNotContain("must be a number");
  }

  /** Went wrong: 1e308 was "must be a number"; it is a number, too many tokens per tick. */
  @Test
  void parse_requestsPerUnitOf1e308_namesTheTokensPerTickLimit() {
    String yaml = "domain: d\ndescriptors:\n  - key: k\n    rate_limit:"
        + " {unit: second, requests_per_unit: 1e308}\n";

    ConfigException e = catchThrowableOfType(() -> ConfigLoader.parse("big.yaml", yaml),
        ConfigException.class);

    assertThat(e.getMessage()).contains("more than 1048576 tokens per tick")
        .contains("about 1.05e12 per second").doesNotContain("must be a number");
  }

  @Test
  void parse_requestsPerUnitInScientificNotation_readsTheExactValue() throws Exception {
    String yaml = "domain: d\ndescriptors:\n  - key: k\n    rate_limit:"
        + " {unit: second, requests_per_unit: 1e3}\n";

    RateLimitConfig c = ConfigLoader.parse("e3.yaml", yaml);

    assertThat(c.rules().get(0).requestsPerUnit()).isEqualByComparingTo("1000");
  }

  /** Went wrong: check-config printed "OK: 1 rules in 1 domains". */
  @Test
  void summary_oneRuleInOneDomain_isSingular() throws Exception {
    RateLimitConfig c = ConfigLoader.parse("good.yaml", GOOD);

    assertThat(c.summary()).isEqualTo("1 rule in 1 domain");
    assertThat(RateLimitConfig.count(2, "rule")).isEqualTo("2 rules");
    assertThat(RateLimitConfig.count(0, "domain")).isEqualTo("0 domains");
  }
}
