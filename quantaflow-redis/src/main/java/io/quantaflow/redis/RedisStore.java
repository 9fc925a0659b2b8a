package io.quantaflow.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.quantaflow.core.Admission;
import io.quantaflow.core.AdmissionState;
import io.quantaflow.core.Clock;
import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.core.Tick;
import io.quantaflow.server.store.RateLimitStore;
import io.quantaflow.server.store.StoreRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RateLimitStore} whose states live in Redis, shared by every service instance that
 * points at the same Redis or Redis Cluster.
 *
 * <p>Maintainer's note. One call of {@link #decideAll} is one execution of
 * {@code admit-v1.lua} per cluster slot involved (one, unless a call spans hash tags in a
 * cluster): the script reads Redis TIME, catches every key up, admits all requests or none,
 * writes the states back and returns each key's state after the catch-up. The Java side then
 * replays {@link Admission#decide} on those states at the same clock reading, so the
 * decisions (remaining tokens, exact waits) come from the same code as the in-memory store's
 * and agree with it decision for decision. A call spanning several slots runs one script per
 * slot; if some slot denies, the tokens taken in the others are given back with
 * {@code refund-v1.lua} (capped at the burst, so a refund never mints). Until the refund
 * lands, other callers see fewer tokens, never more: across slots the guarantee is that no
 * key is ever over-admitted, and all-or-nothing holds once the refund is applied.
 *
 * <p>When Redis fails, is slower than the timeout, or the circuit breaker is open, each
 * request is answered by its failure policy: fail open answers as if the key were full, fail
 * closed as if it were empty (n = 0 is still allowed). A call is allowed only if every
 * request with n > 0 is. An outage costs at most one timeout per call until the breaker
 * opens, then nothing; Lettuce reconnects on its own and the breaker's probe closes it again.
 *
 * <p>Limits: constant plans only (schedules are refused), tickNanos a multiple of 1000
 * (Redis TIME has microsecond resolution).
 */
public final class RedisStore implements RateLimitStore, MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

  /** Injected test ticks must stay within +-2^51, so every tick in the script is exact. */
  static final long MAX_INJECTED_TICKS = 1L << 51;

  private final RedisStoreConfig config;
  private final RedisTarget target;
  private final long timeoutNanos;
  private final String ttlSlackMillis;
  private final CircuitBreaker breaker;
  private final RedisStoreMetrics metrics;
  /** Every registry the store's meters are published to; more can be bound later. */
  private final CompositeMeterRegistry registries = new CompositeMeterRegistry();
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final AtomicReference<StatefulConnection<String, String>> connection =
      new AtomicReference<>();
  private final AtomicReference<RedisScriptingAsyncCommands<String, String>> commands =
      new AtomicReference<>();
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile boolean closed;

  private RedisStore(RedisStoreConfig config, MeterRegistry registry) {
    this.config = config;
    this.target = RedisTarget.parse(config.uri());
    this.timeoutNanos = config.timeout().toNanos();
    this.ttlSlackMillis = Long.toString(config.ttlSlack().toMillis());
    this.breaker = new CircuitBreaker(
        config.breakerFailures(), config.breakerOpen().toNanos(), System::nanoTime);
    this.registries.add(registry);
    this.metrics = new RedisStoreMetrics(registries, breaker);
    // Reconnect attempts back off from 10 ms to at most 1 s, so a returning Redis is found
    // within about a second (Lettuce's default backs off to 30 s).
    this.resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(
            Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = target.cluster() ? clusterClient() : standaloneClient();
  }

  /**
   * Opens a store on {@code config}, waiting up to {@code connectWait} for the first
   * connection. If Redis is not reachable yet the store still opens: calls are answered by
   * the failure policy and the connection is retried in the background.
   */
  public static RedisStore open(RedisStoreConfig config, MeterRegistry registry,
      Duration connectWait) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    RedisStore store = new RedisStore(config, registry);
    CompletableFuture<?> first = store.connectAsync();
    long deadlineNanos = System.nanoTime() + connectWait.toNanos();
    try {
      first.get(connectWait.toNanos(), TimeUnit.NANOSECONDS);
      store.warmUp(deadlineNanos);
      LOG.info("Redis store connected to {}; scripts loaded", config.uri());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Redis at {} is not reachable yet ({}); answering with the failure policy "
          + "until it is", config.uri(), describe(e));
    }
    return store;
  }

  /**
   * Loads the scripts (SCRIPT LOAD, on every master of a cluster) and makes one more round
   * trip, retrying until {@code deadlineNanos}: a cold first call (connection set-up, class
   * loading, script load) took more than the default 5 ms timeout and was decided by the
   * failure policy while Redis was up.
   */
  private void warmUp(long deadlineNanos) throws InterruptedException, TimeoutException {
    ExecutionException last = null;
    while (System.nanoTime() < deadlineNanos) {
      RedisScriptingAsyncCommands<String, String> redis = commands.get();
      try {
        for (RedisScript script : List.of(RedisScript.ADMIT, RedisScript.REFUND)) {
          redis.scriptLoad(script.body()).get();
        }
        if (redis.scriptExists(RedisScript.ADMIT.sha1()).get().equals(List.of(true))) {
          return;
        }
      } catch (ExecutionException e) {
        last = e;
      }
      Thread.sleep(10);
    }
    throw new TimeoutException("scripts not loaded in time"
        + (last == null ? "" : ": " + describe(last)));
  }

  /**
   * Checks that the Redis store can hold {@code limit}: unlimited, or a constant plan with a
   * tick that is a whole number of microseconds.
   *
   * @throws IllegalArgumentException naming the limit and what is allowed
   */
  public static void checkSupported(Limit limit) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isUnlimited()) {
      return;
    }
    if (!limit.isConstant()) {
      throw new IllegalArgumentException("the Redis store runs constant rates only, not a"
          + " schedule; write one rate, or keep state in memory");
    }
    if (limit.tickNanos() % 1_000 != 0) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the tick must be a whole number of microseconds for the Redis store, whose clock"
              + " (Redis TIME) counts microseconds (got %d ns)", limit.tickNanos()));
    }
  }

  /** Refuses what {@link #checkSupported} refuses. */
  @Override
  public void checkLimit(Limit limit) {
    checkSupported(limit);
  }

  @Override
  public List<Decision> decideAll(List<StoreRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      return List.of();
    }
    Clock clock = config.injectedClock();
    long nowNanos = clock == null ? 0 : clock.nowNanos();
    List<KeyCall> calls = aggregate(requests);
    Map<Integer, List<KeyCall>> groups = new LinkedHashMap<>();
    for (KeyCall call : calls) {
      if (call.redisKey != null) {
        int slot = target.cluster() ? SlotHash.getSlot(call.redisKey) : 0;
        groups.computeIfAbsent(slot, s -> new ArrayList<>()).add(call);
      }
    }
    if (groups.isEmpty()) {
      calls.forEach(c -> c.nowNanos = nowNanos);
      decideAllOrNothing(calls, true);
      return answer(requests, calls);
    }
    if (!breaker.tryAcquire()) {
      return byPolicy(requests, calls, nowNanos, RedisStoreMetrics.PolicyCause.BREAKER_OPEN);
    }
    RedisScriptingAsyncCommands<String, String> redis = commands.get();
    if (redis == null) {
      connectAsync();
      metrics.error(RedisStoreMetrics.ErrorKind.CONNECTION);
      recordFailure("not connected");
      return byPolicy(requests, calls, nowNanos, RedisStoreMetrics.PolicyCause.REDIS_ERROR);
    }

    // One script execution per slot, all in flight at once, all within one timeout.
    List<List<KeyCall>> slots = new ArrayList<>(groups.values());
    List<CompletableFuture<List<Object>>> replies = new ArrayList<>(slots.size());
    for (List<KeyCall> slot : slots) {
      replies.add(runAdmit(redis, slot, clock, nowNanos));
    }
    List<List<Object>> results;
    try {
      results = awaitAll(replies);
    } catch (Failure failure) {
      metrics.error(failure.kind);
      recordFailure(failure.getMessage());
      List<Decision> decisions =
          byPolicy(requests, calls, nowNanos, RedisStoreMetrics.PolicyCause.REDIS_ERROR);
      if (decisions.stream().anyMatch(d -> !d.allowed())) {
        refundAllowed(redis, slots, replies);
      }
      return decisions;
    }
    recordSuccess();

    // All or nothing across slots: give back what the allowed slots took.
    boolean allowed = results.stream().allMatch(r -> ((Long) r.get(0)) == 1L);
    if (!allowed && slots.size() > 1) {
      refundAllowed(redis, slots, replies);
    }
    decideFromSnapshots(calls, slots, results, allowed);
    return answer(requests, calls);
  }

  /**
   * Publishes the store's meters to {@code registry} too, for example the server's own
   * registry behind its /metrics endpoint.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public boolean ready() {
    if (commands.get() == null) {
      // Readiness probes reconnect too: a store opened before Redis was up, with no traffic
      // (a load balancer sends none to an instance that is not ready), stayed unready forever.
      connectAsync();
      return false;
    }
    // HALF_OPEN is ready: the next call probes Redis, and it needs traffic to do so.
    return breaker.state() != CircuitBreaker.State.OPEN;
  }

  @Override
  public void close() {
    closed = true;
    StatefulConnection<String, String> current = connection.getAndSet(null);
    commands.set(null);
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** Returns the circuit breaker's state, for tests and diagnostics. */
  CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  /** One distinct key of a call: its limit and the sum of its hits, then its decision. */
  private static final class KeyCall {
    final String stateKey;
    final String redisKey;
    final Limit limit;
    long hits;
    /** The state to decide on (null for a fresh or unlimited key) and the clock reading. */
    AdmissionState state;
    long nowNanos;
    Decision decision;

    KeyCall(String stateKey, String redisKey, Limit limit) {
      this.stateKey = stateKey;
      this.redisKey = redisKey;
      this.limit = limit;
    }
  }

  /** Checks the requests and sums the hits per key, in first-seen order. */
  private List<KeyCall> aggregate(List<StoreRequest> requests) {
    Map<String, KeyCall> byKey = new LinkedHashMap<>();
    for (StoreRequest request : requests) {
      Objects.requireNonNull(request, "request");
      Limit limit = request.limit();
      checkSupported(limit);
      KeyCall call = byKey.get(request.stateKey());
      if (call == null) {
        String redisKey = limit.isUnlimited() ? null : config.redisKey(request.stateKey());
        call = new KeyCall(request.stateKey(), redisKey, limit);
        byKey.put(request.stateKey(), call);
      } else if (!call.limit.equals(limit)) {
        throw new IllegalArgumentException("key " + request.stateKey()
            + " given two different limits in one call: " + call.limit + " and " + limit);
      }
      call.hits = Math.addExact(call.hits, request.hits());
    }
    return new ArrayList<>(byKey.values());
  }

  private static List<Decision> answer(List<StoreRequest> requests, List<KeyCall> calls) {
    Map<String, Decision> byKey = new HashMap<>();
    calls.forEach(c -> byKey.put(c.stateKey, c.decision));
    List<Decision> decisions = new ArrayList<>(requests.size());
    for (StoreRequest request : requests) {
      decisions.add(byKey.get(request.stateKey()));
    }
    return decisions;
  }

  private CompletableFuture<List<Object>> runAdmit(
      RedisScriptingAsyncCommands<String, String> redis, List<KeyCall> slot, Clock clock,
      long nowNanos) {
    String[] slotKeys = new String[slot.size()];
    int stride = clock == null ? 5 : 7;
    String[] args = new String[2 + stride * slot.size()];
    args[0] = clock == null ? "T" : "I";
    args[1] = ttlSlackMillis;
    for (int j = 0; j < slot.size(); j++) {
      KeyCall call = slot.get(j);
      long burst = call.limit.burstTokens();
      slotKeys[j] = call.redisKey;
      int base = 2 + stride * j;
      args[base] = Long.toString(call.limit.q());
      args[base + 1] = Long.toString(call.limit.planUnits());
      args[base + 2] = Long.toString(burst);
      args[base + 3] = Long.toString(call.limit.tickNanos() / 1_000L);
      // More than B + 1 is denied all the same; capping keeps the script's sums small.
      args[base + 4] = Long.toString(Math.min(call.hits, burst + 1));
      if (clock != null) {
        long tick = Tick.tickOf(nowNanos, call.limit.tickNanos());
        if (!(tick > -MAX_INJECTED_TICKS && tick < MAX_INJECTED_TICKS)) {
          throw new IllegalArgumentException(String.format(Locale.ROOT,
              "injected test clock must stay within +-2^51 ticks of %d ns (got %d ns)",
              call.limit.tickNanos(), nowNanos));
        }
        args[base + 5] = Long.toString(tick);
        args[base + 6] = Long.toString(nowNanos - tick * call.limit.tickNanos());
      }
    }
    return RedisScript.ADMIT.run(redis, slotKeys, args, metrics::scriptReload)
        .toCompletableFuture();
  }

  private List<List<Object>> awaitAll(List<CompletableFuture<List<Object>>> replies)
      throws Failure {
    long deadline = System.nanoTime() + timeoutNanos;
    List<List<Object>> results = new ArrayList<>(replies.size());
    for (CompletableFuture<List<Object>> reply : replies) {
      try {
        results.add(reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        replies.forEach(r -> r.cancel(false));
        throw new Failure(RedisStoreMetrics.ErrorKind.TIMEOUT, String.format(Locale.ROOT,
            "no answer within %d us", timeoutNanos / 1_000));
      } catch (ExecutionException e) {
        throw classify(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(RedisStoreMetrics.ErrorKind.OTHER, "interrupted");
      }
    }
    return results;
  }

  /**
   * Decides every key on the state the script returned (already caught up to the reading),
   * with the in-memory store's rules: when the call is denied, the keys that alone would have
   * been allowed get the decision of a check (n = 0).
   */
  private static void decideFromSnapshots(List<KeyCall> calls, List<List<KeyCall>> slots,
      List<List<Object>> results, boolean allowed) {
    for (int g = 0; g < slots.size(); g++) {
      List<KeyCall> slot = slots.get(g);
      List<Object> reply = results.get(g);
      for (int j = 0; j < slot.size(); j++) {
        KeyCall call = slot.get(j);
        long tick = (Long) reply.get(1 + 4 * j);
        long phaseNanos = (Long) reply.get(2 + 4 * j);
        call.state = AdmissionState.of(
            tick, (Long) reply.get(3 + 4 * j), (Long) reply.get(4 + 4 * j));
        // The reading itself: the start of its tick plus the phase, exact in a long.
        call.nowNanos = Math.addExact(Math.multiplyExact(tick, call.limit.tickNanos()),
            phaseNanos);
      }
    }
    decideAllOrNothing(calls, allowed);
  }

  /**
   * Decides every key at its state and reading; when the call is denied ({@code allowed}
   * false, or some key denies), the keys that alone would have been allowed get the decision
   * of a check (n = 0), as in the in-memory store.
   */
  private static void decideAllOrNothing(List<KeyCall> calls, boolean allowed) {
    for (KeyCall call : calls) {
      call.decision = Admission.decide(call.limit, call.state, call.nowNanos, call.hits)
          .decision();
      allowed &= call.decision.allowed();
    }
    if (!allowed) {
      for (KeyCall call : calls) {
        if (call.decision.allowed()) {
          call.decision = Admission.decide(call.limit, call.state, call.nowNanos, 0).decision();
        }
      }
    }
  }

  /**
   * Answers every key by its failure policy: fail open as if the key were full, fail closed
   * as if it were empty; when any key is denied, the allowed ones become checks (n = 0).
   */
  private List<Decision> byPolicy(List<StoreRequest> requests, List<KeyCall> calls,
      long nowNanos, RedisStoreMetrics.PolicyCause cause) {
    for (KeyCall call : calls) {
      call.nowNanos = nowNanos;
      if (call.redisKey != null) {
        FailurePolicy policy = config.policyFor(call.stateKey);
        metrics.policyDecision(policy, cause);
        long tick = Tick.tickOf(nowNanos, call.limit.tickNanos());
        call.state = policy == FailurePolicy.FAIL_CLOSED
            ? AdmissionState.of(tick, 0, 0) : Admission.initial(call.limit, tick);
      }
    }
    decideAllOrNothing(calls, true);
    return answer(requests, calls);
  }

  /** Gives back, fire and forget, what the slots that allowed their keys took. */
  private void refundAllowed(RedisScriptingAsyncCommands<String, String> redis,
      List<List<KeyCall>> slots, List<CompletableFuture<List<Object>>> replies) {
    for (int g = 0; g < slots.size(); g++) {
      CompletableFuture<List<Object>> reply = replies.get(g);
      if (!reply.isDone() || reply.isCompletedExceptionally() || reply.isCancelled()
          || ((Long) reply.join().get(0)) != 1L) {
        continue;
      }
      List<KeyCall> slot = slots.get(g);
      String[] keys = new String[slot.size()];
      String[] args = new String[2 * slot.size()];
      for (int j = 0; j < slot.size(); j++) {
        KeyCall call = slot.get(j);
        keys[j] = call.redisKey;
        args[2 * j] = Long.toString(call.limit.burstTokens());
        args[2 * j + 1] = Long.toString(Math.min(call.hits, call.limit.burstTokens()));
      }
      RedisScript.REFUND.run(redis, keys, args, metrics::scriptReload)
          .whenComplete((ok, error) -> {
            if (error != null) {
              LOG.warn("could not give back tokens to {}: {}", List.of(keys), describe(error));
            }
          });
    }
  }

  private void recordFailure(String cause) {
    boolean wasClosed = breaker.state() == CircuitBreaker.State.CLOSED;
    breaker.onFailure();
    if (wasClosed && breaker.state() != CircuitBreaker.State.CLOSED) {
      LOG.warn("Redis at {} is failing ({}); answering with the failure policy, probing again "
          + "in {} ms", config.uri(), cause, config.breakerOpen().toMillis());
    }
  }

  private void recordSuccess() {
    boolean wasOpen = breaker.state() != CircuitBreaker.State.CLOSED;
    breaker.onSuccess();
    if (wasOpen) {
      LOG.info("Redis at {} answers again; deciding through Redis", config.uri());
    }
  }

  /** Starts connecting unless a connection exists or is being made. */
  private CompletableFuture<?> connectAsync() {
    if (closed || commands.get() != null || !connecting.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<? extends StatefulConnection<String, String>> future;
    if (client instanceof RedisClusterClient cluster) {
      // An asynchronous cluster connect needs the slot map loaded first.
      future = cluster.refreshPartitionsAsync().toCompletableFuture()
          .thenCompose(loaded -> cluster.connectAsync(StringCodec.UTF8));
    } else {
      future = ((RedisClient) client)
          .connectAsync(StringCodec.UTF8, target.uris().get(0)).toCompletableFuture();
    }
    return future.whenComplete((made, error) -> {
      if (error == null) {
        connection.set(made);
        if (made instanceof StatefulRedisClusterConnection<String, String> c) {
          commands.set(c.async());
        } else {
          commands.set(((StatefulRedisConnection<String, String>) made).async());
        }
        if (closed) {
          made.close();
        }
      }
      connecting.set(false);
    });
  }

  private RedisClient standaloneClient() {
    RedisClient redis = RedisClient.create(resources);
    redis.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
        .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
        .build());
    return redis;
  }

  private RedisClusterClient clusterClient() {
    RedisClusterClient redis = RedisClusterClient.create(resources, target.uris());
    redis.setOptions(ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
        .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers()
            .enablePeriodicRefresh(Duration.ofSeconds(10))
            .build())
        .build());
    return redis;
  }

  private static Failure classify(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    RedisStoreMetrics.ErrorKind kind;
    if (cause instanceof RedisCommandTimeoutException) {
      kind = RedisStoreMetrics.ErrorKind.TIMEOUT;
    } else if (cause instanceof RedisConnectionException
        || (cause.getMessage() != null && cause.getMessage().contains("not connected"))) {
      kind = RedisStoreMetrics.ErrorKind.CONNECTION;
    } else if (cause instanceof RedisCommandExecutionException) {
      kind = RedisStoreMetrics.ErrorKind.REDIS;
    } else {
      kind = RedisStoreMetrics.ErrorKind.OTHER;
    }
    return new Failure(kind, describe(cause));
  }

  private static String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** A Redis call that did not produce an answer, with the kind counted in the metrics. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient RedisStoreMetrics.ErrorKind kind;

    Failure(RedisStoreMetrics.ErrorKind kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }
  }
}
