package io.quantaflow.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.quantaflow.core.Clock;

/**
 * How a {@link RedisStore} reaches Redis and what it does when Redis cannot answer.
 * Immutable; build with {@link #of(String)} and the {@code with...} methods.
 *
 * <ul>
 *   <li>{@code uri}: {@code redis://host:port[/db]} (or {@code rediss://}) for one server;
 *       {@code redis-cluster://host:port[,host:port...]} for Redis Cluster seeds.
 *   <li>{@code keyPrefix} (default {@code qf:}): every state hash is
 *       {@code prefix + "{" + hashTag + "}" + rest of the state key}.
 *   <li>{@code hashTagSeparator} (default none): the hash tag is the state key up to the
 *       first occurrence of this text, or the whole key. In Redis Cluster, all keys of one
 *       call that share a slot are decided in one atomic script; give the descriptors of a
 *       tenant a common tag (for example with separator {@code "|"} when state keys begin
 *       with {@code tenant|}) to keep every call in one slot. {@link #withFirstEntryHashTag}
 *       does this for the server's state keys ({@code domain/key=value/...#rule}): the tag
 *       is the domain and the first descriptor entry.
 *   <li>{@code timeout} (default 5 ms, well under Envoy's 20 ms budget): the most one call
 *       waits for Redis before answering with the failure policy.
 *   <li>{@code failurePolicy} (default fail open) and per-rule overrides: the longest
 *       configured prefix of a state key picks its policy.
 *   <li>{@code breakerFailures} (default 5) failures in a row open the circuit breaker for
 *       {@code breakerOpen} (default 500 ms); then one call probes Redis.
 *   <li>{@code ttlSlack} (default 10 s): how long an idle state is kept once it is full.
 * </ul>
 */
public final class RedisStoreConfig {

  /** The longest timeout accepted: 10 s. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  private final String uri;
  private final String keyPrefix;
  private final String hashTagSeparator;
  /** The server's key layout: tag = domain and first entry; overrides the separator. */
  private final boolean firstEntryHashTag;
  private final Duration timeout;
  private final FailurePolicy failurePolicy;
  private final Map<String, FailurePolicy> rulePolicies;
  private final int breakerFailures;
  private final Duration breakerOpen;
  private final Duration ttlSlack;
  private final Clock injectedClock;

  private RedisStoreConfig(String uri, String keyPrefix, String hashTagSeparator,
      boolean firstEntryHashTag, Duration timeout, FailurePolicy failurePolicy,
      Map<String, FailurePolicy> rulePolicies, int breakerFailures, Duration breakerOpen,
      Duration ttlSlack, Clock injectedClock) {
    this.uri = uri;
    this.keyPrefix = keyPrefix;
    this.hashTagSeparator = hashTagSeparator;
    this.firstEntryHashTag = firstEntryHashTag;
    this.timeout = timeout;
    this.failurePolicy = failurePolicy;
    this.rulePolicies = Map.copyOf(rulePolicies);
    this.breakerFailures = breakerFailures;
    this.breakerOpen = breakerOpen;
    this.ttlSlack = ttlSlack;
    this.injectedClock = injectedClock;
  }

  /** Returns the defaults for Redis at {@code uri}. */
  public static RedisStoreConfig of(String uri) {
    RedisTarget.parse(uri);
    return new RedisStoreConfig(uri, "qf:", null, false, Duration.ofMillis(5),
        FailurePolicy.FAIL_OPEN, Map.of(), 5, Duration.ofMillis(500), Duration.ofSeconds(10),
        null);
  }

  public RedisStoreConfig withKeyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.contains("{") || keyPrefix.contains("}")) {
      throw new IllegalArgumentException(
          "keyPrefix must not contain '{' or '}' (got \"" + keyPrefix + "\")");
    }
    return copy(keyPrefix, hashTagSeparator, timeout, failurePolicy, rulePolicies,
        breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  /** Returns this config with the hash tag ending before {@code separator}; null for none. */
  public RedisStoreConfig withHashTagSeparator(String separator) {
    if (separator != null && separator.isEmpty()) {
      throw new IllegalArgumentException("hashTagSeparator must not be empty (use null)");
    }
    return new RedisStoreConfig(uri, keyPrefix, separator, false, timeout, failurePolicy,
        rulePolicies, breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  /**
   * Returns this config with hash tags for the server's state keys
   * ({@code domain/key=value/...#rule}): the domain and the first descriptor entry, so that
   * all descriptors of one tenant (same first entry) are decided in one atomic script.
   */
  public RedisStoreConfig withFirstEntryHashTag() {
    return new RedisStoreConfig(uri, keyPrefix, null, true, timeout, failurePolicy,
        rulePolicies, breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  public RedisStoreConfig withTimeout(Duration timeout) {
    checkDuration("timeout", timeout, Duration.ofMillis(1), MAX_TIMEOUT);
    return copy(keyPrefix, hashTagSeparator, timeout, failurePolicy, rulePolicies,
        breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  public RedisStoreConfig withFailurePolicy(FailurePolicy policy) {
    Objects.requireNonNull(policy, "failurePolicy");
    return copy(keyPrefix, hashTagSeparator, timeout, policy, rulePolicies,
        breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  /** Returns this config with {@code policy} for state keys starting with {@code prefix}. */
  public RedisStoreConfig withRulePolicy(String stateKeyPrefix, FailurePolicy policy) {
    Objects.requireNonNull(stateKeyPrefix, "stateKeyPrefix");
    Objects.requireNonNull(policy, "failurePolicy");
    Map<String, FailurePolicy> policies = new LinkedHashMap<>(rulePolicies);
    policies.put(stateKeyPrefix, policy);
    return copy(keyPrefix, hashTagSeparator, timeout, failurePolicy, policies,
        breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  public RedisStoreConfig withBreaker(int failuresInARow, Duration openFor) {
    if (failuresInARow < 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "breakerFailures must be >= 1 (got %d)", failuresInARow));
    }
    checkDuration("breakerOpen", openFor, Duration.ZERO, Duration.ofMinutes(10));
    return copy(keyPrefix, hashTagSeparator, timeout, failurePolicy, rulePolicies,
        failuresInARow, openFor, ttlSlack, injectedClock);
  }

  public RedisStoreConfig withTtlSlack(Duration slack) {
    checkDuration("ttlSlack", slack, Duration.ZERO, Duration.ofDays(365));
    return copy(keyPrefix, hashTagSeparator, timeout, failurePolicy, rulePolicies,
        breakerFailures, breakerOpen, slack, injectedClock);
  }

  /**
   * TESTS ONLY. Returns this config reading time from {@code clock} instead of Redis TIME,
   * so the Redis store can be compared decision for decision with the in-memory store under
   * a manual clock. States then get no TTL. Never use it in production: instances with
   * skewed clocks could mint extra tokens, which Redis TIME prevents.
   */
  public RedisStoreConfig withInjectedClockForTests(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return copy(keyPrefix, hashTagSeparator, timeout, failurePolicy, rulePolicies,
        breakerFailures, breakerOpen, ttlSlack, clock);
  }

  public String uri() {
    return uri;
  }

  public String keyPrefix() {
    return keyPrefix;
  }

  /** Returns the hash tag separator, or null when the whole state key is the tag. */
  public String hashTagSeparator() {
    return hashTagSeparator;
  }

  public Duration timeout() {
    return timeout;
  }

  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  public Map<String, FailurePolicy> rulePolicies() {
    return rulePolicies;
  }

  public int breakerFailures() {
    return breakerFailures;
  }

  public Duration breakerOpen() {
    return breakerOpen;
  }

  public Duration ttlSlack() {
    return ttlSlack;
  }

  /** Returns the injected test clock, or null: production reads Redis TIME. */
  Clock injectedClock() {
    return injectedClock;
  }

  /** Returns the failure policy of {@code stateKey}: its longest matching rule prefix. */
  FailurePolicy policyFor(String stateKey) {
    FailurePolicy best = failurePolicy;
    int bestLength = -1;
    for (Map.Entry<String, FailurePolicy> rule : rulePolicies.entrySet()) {
      String prefix = rule.getKey();
      if (prefix.length() > bestLength && stateKey.startsWith(prefix)) {
        best = rule.getValue();
        bestLength = prefix.length();
      }
    }
    return best;
  }

  /** Returns the Redis key of {@code stateKey}: prefix, hash tag in braces, the rest. */
  String redisKey(String stateKey) {
    int end = firstEntryHashTag ? firstEntryEnd(stateKey)
        : hashTagSeparator == null ? -1 : stateKey.indexOf(hashTagSeparator);
    if (end < 0) {
      return keyPrefix + "{" + stateKey + "}";
    }
    return keyPrefix + "{" + stateKey.substring(0, end) + "}" + stateKey.substring(end);
  }

  /** Where "domain/key=value" ends in "domain/key=value/...#rule"; -1 for the whole key. */
  private static int firstEntryEnd(String stateKey) {
    int firstSlash = stateKey.indexOf('/');
    if (firstSlash <= 0) {
      return -1;
    }
    int rule = stateKey.indexOf('#', firstSlash);
    int secondSlash = stateKey.indexOf('/', firstSlash + 1);
    if (secondSlash >= 0 && (rule < 0 || secondSlash < rule)) {
      return secondSlash;
    }
    return rule;
  }

  private RedisStoreConfig copy(String keyPrefix, String hashTagSeparator, Duration timeout,
      FailurePolicy failurePolicy, Map<String, FailurePolicy> rulePolicies,
      int breakerFailures, Duration breakerOpen, Duration ttlSlack, Clock injectedClock) {
    return new RedisStoreConfig(uri, keyPrefix, hashTagSeparator, firstEntryHashTag, timeout,
        failurePolicy, rulePolicies, breakerFailures, breakerOpen, ttlSlack, injectedClock);
  }

  private static void checkDuration(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%s must be in [%d ms, %d ms] (got %s)", name, min.toMillis(), max.toMillis(),
          value.toNanos() % 1_000_000 == 0 ? value.toMillis() + " ms" : value.toNanos() + " ns"));
    }
  }
}
