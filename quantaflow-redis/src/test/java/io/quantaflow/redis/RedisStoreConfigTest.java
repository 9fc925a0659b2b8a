package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

final class RedisStoreConfigTest {

  private final RedisStoreConfig config = RedisStoreConfig.of("redis://127.0.0.1:7000");

  @Test
  void redisKey_defaults_wholeStateKeyIsTheTag() {
    assertThat(config.redisKey("api/tenant=acme#r1")).isEqualTo("qf:{api/tenant=acme#r1}");
  }

  @Test
  void redisKey_separator_tagEndsBeforeIt() {
    RedisStoreConfig tagged = config.withKeyPrefix("x:").withHashTagSeparator("|");

    assertThat(tagged.redisKey("acme|orders")).isEqualTo("x:{acme}|orders");
    assertThat(tagged.redisKey("acme")).isEqualTo("x:{acme}");
  }

  @Test
  void redisKey_firstEntry_oneSlotPerTenantOfTheServersKeys() {
    RedisStoreConfig tagged = config.withFirstEntryHashTag();

    // The tag is domain/first-entry, with or without further entries.
    assertThat(tagged.redisKey("api/tenant=acme#r1")).isEqualTo("qf:{api/tenant=acme}#r1");
    assertThat(tagged.redisKey("api/tenant=acme/path=%2Fx#r2"))
        .isEqualTo("qf:{api/tenant=acme}/path=%2Fx#r2");
    // A pool key: one slot per pool.
    assertThat(tagged.redisKey("#pool/gold#f")).isEqualTo("qf:{#pool/gold}#f");
  }

  @Test
  void policyFor_longestRulePrefixWins() {
    RedisStoreConfig policies = config.withFailurePolicy(FailurePolicy.FAIL_OPEN)
        .withRulePolicy("pay/", FailurePolicy.FAIL_CLOSED)
        .withRulePolicy("pay/tenant=free", FailurePolicy.FAIL_OPEN);

    assertThat(policies.policyFor("pay/tenant=acme#r")).isEqualTo(FailurePolicy.FAIL_CLOSED);
    assertThat(policies.policyFor("pay/tenant=free#r")).isEqualTo(FailurePolicy.FAIL_OPEN);
    assertThat(policies.policyFor("api/tenant=acme#r")).isEqualTo(FailurePolicy.FAIL_OPEN);
  }

  @Test
  void of_unknownScheme_namesTheUri() {
    assertThatThrownBy(() -> RedisStoreConfig.of("http://127.0.0.1:7000"))
        .hasMessage("redis uri must start with redis://, rediss:// or redis-cluster:// "
            + "(got \"http://127.0.0.1:7000\")");
  }

  @Test
  void withTimeout_tooLong_namesTheRange() {
    assertThatThrownBy(() -> config.withTimeout(Duration.ofSeconds(11)))
        .hasMessage("timeout must be in [1 ms, 10000 ms] (got 11000 ms)");
  }

  @Test
  void withKeyPrefix_brace_isRefused() {
    assertThatThrownBy(() -> config.withKeyPrefix("a{b"))
        .hasMessage("keyPrefix must not contain '{' or '}' (got \"a{b\")");
  }
}
