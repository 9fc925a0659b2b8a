package io.quantaflow.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.quantaflow.core.Admission;
import io.quantaflow.core.AdmissionState;
import io.quantaflow.core.ConstantPlan;
import io.quantaflow.core.Limit;
import io.quantaflow.core.Plan;
import io.quantaflow.core.Tick;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * admit-v1.lua against the engine's {@link Admission}, state by state: the script runs on a
 * real redis-server with an injected time, from states written straight into the hash, and
 * must return exactly the state {@link Admission#advance} computes. The cases reach the
 * edges of the 2^53 argument in the script's header: q = 2^31 - 1 with f and r next to q,
 * 2^20 tokens per tick, bursts of 2^31 - 1 and gaps up to 2^50 ticks.
 */
final class AdmitScriptTest {

  private static final long MAX_Q = Plan.MAX_Q;
  private static final long M = Plan.MAX_TOKENS_PER_TICK;
  private static final long[] TICK_NANOS = {1_000, 1_000_000, 1_000_000_000, Tick.MAX_TICK_NANOS};

  @RegisterExtension
  static final StandaloneRedis redis = new StandaloneRedis();
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void startRedis() {
    client = RedisClient.create(redis.uri());
    connection = client.connect(StringCodec.UTF8);
  }

  @AfterAll
  static void stopRedis() {
    if (connection != null) {
      connection.close();
      client.shutdown();
    }
  }

  @Test
  void admit_newKey_startsFullAndTakes() {
    Limit limit = Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000);

    List<Object> reply = admit(2_000_500_000L, "new", limit, 2);

    // Tick 2000 of 1 ms, 500 us into it; bank 5 before taking 2.
    assertThat(reply).containsExactly(1L, 2000L, 500_000L, 5L, 0L);
    assertThat(connection.sync().hget("new", "b")).isEqualTo("3");
  }

  @Test
  void admit_zeroPlan_admitsNothingButChecks() {
    Limit limit = Limit.of(ConstantPlan.of(10, 0), 5, 1_000_000);

    assertThat(admit(0, "zero", limit, 1).get(0)).isEqualTo(0L);
    assertThat(admit(0, "zero", limit, 0).get(0)).isEqualTo(1L);
  }

  @Test
  void admit_limitChanged_startsAfresh() {
    Limit before = Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000);
    Limit after = Limit.of(ConstantPlan.of(10, 3), 7, 1_000_000);
    admit(0, "changed", before, 5);

    List<Object> reply = admit(0, "changed", after, 0);

    assertThat(reply.get(3)).isEqualTo(7L);
  }

  @Test
  void admit_twoKeysOneShort_takesNothingFromEither() {
    Limit limit = Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000);
    admit(0, "{t}short", limit, 4);

    List<Object> reply = run(0, List.of("{t}rich", "{t}short"), List.of(limit, limit),
        List.of(3L, 3L));

    assertThat(reply.get(0)).isEqualTo(0L);
    assertThat(connection.sync().hget("{t}rich", "b")).isEqualTo("5");
    assertThat(connection.sync().hget("{t}short", "b")).isEqualTo("1");
  }

  @Test
  void admit_sameKeyTwice_sumsHits() {
    Limit limit = Limit.of(ConstantPlan.of(10, 3), 5, 1_000_000);

    List<Object> reply = run(0, List.of("twice", "twice"), List.of(limit, limit),
        List.of(3L, 3L));

    assertThat(reply.get(0)).isEqualTo(0L);
    assertThat(connection.sync().hget("twice", "b")).isEqualTo("5");
  }

  @Test
  void admit_redisTime_keyExpiresOnlyOnceFull() {
    // Redis TIME, slack 1,000 ms; q 1000, 1 unit per 1,000 us tick (one token per second),
    // burst 5, hits 5: emptied, the key is full again after 5 s.
    String[] args = {"T", "1000", "1000", "1", "5", "1000", "5"};

    List<Object> reply = RedisScript.ADMIT.run(connection.async(), new String[] {"ttl"}, args,
        () -> { }).toCompletableFuture().join();
    long emptyTtlMillis = connection.sync().pttl("ttl");
    args[6] = "0";
    RedisScript.ADMIT.run(connection.async(), new String[] {"full"}, args, () -> { })
        .toCompletableFuture().join();
    long fullTtlMillis = connection.sync().pttl("full");

    // Time to full (5,000 ms) plus the 1,000 ms slack, and a tick of margin at most.
    assertThat(reply.get(0)).isEqualTo(1L);
    assertThat(emptyTtlMillis).isGreaterThan(5_000).isLessThanOrEqualTo(6_002);
    assertThat(fullTtlMillis).isPositive().isLessThanOrEqualTo(1_000);
  }

  @Test
  void admit_extremeLimitsAndGaps_matchAdmissionAdvance() {
    long seed = 0x5eed_0006L;
    Random random = new Random(seed);
    for (int i = 0; i < 1_000; i++) {
      checkOneCase(random, seed, i);
    }
  }

  private static void checkOneCase(Random random, long seed, int index) {
    long q = pick(random, 2, 3, 1_000, MAX_Q, MAX_Q - 1, 2 + random.nextInt(1 << 30));
    long planUnits = pick(random, 0, 1, q - 1, q, q + 1, M * q, M * q - 1,
        (M - 1) * q + q - 1, Math.floorMod(random.nextLong(), M * q + 1));
    long perTick = Math.max(1, (planUnits + q - 1) / q);
    long burst = pick(random, 1, 2, Limit.MAX_BURST_TOKENS, perTick,
        1 + random.nextInt(Integer.MAX_VALUE));
    long tickNanos = TICK_NANOS[random.nextInt(TICK_NANOS.length)];
    Limit limit = Limit.of(ConstantPlan.of(q, planUnits), burst, tickNanos);

    // A reading within +-2^50 us, a state anchored up to 2^50 ticks before or a bit after.
    long nowMicros = random.nextLong() >> 14;
    long nowNanos = Math.multiplyExact(nowMicros, 1_000L) + random.nextInt(1_000);
    long nowTick = Tick.tickOf(nowNanos, tickNanos);
    long gap = pick(random, 0, 1, -1, -5, q - 1, q, q + 1, 2 * q - 1,
        Math.min(burst * q, 1L << 50), random.nextLong() >>> 14, random.nextInt(1 << 20));
    long anchor = nowTick - gap;
    long bank = pick(random, 0, burst, burst - 1, Math.floorMod(random.nextLong(), burst + 1));
    if (planUnits == 0) {
      bank = 0;
    }
    long carry = pick(random, 0, q - 1, Math.floorMod(random.nextLong(), q));
    AdmissionState state = AdmissionState.of(anchor, bank, carry);
    long hits = pick(random, 0, 1, burst, burst + 1, Math.floorMod(random.nextLong(), burst + 2));
    String key = "case" + index;
    connection.sync().hset(key, java.util.Map.of(
        "a", Long.toString(anchor), "b", Long.toString(bank), "c", Long.toString(carry),
        "l", q + ":" + planUnits + ":" + burst + ":" + tickNanos / 1_000));

    List<Object> reply = admit(nowNanos, key, limit, hits);

    AdmissionState expected = Admission.advance(limit, state, nowTick);
    boolean allowed = planUnits == 0 ? hits == 0 : hits <= expected.bankTokens();
    String context = String.format(java.util.Locale.ROOT,
        "seed %d case %d: %s from %s at tick %d, hits %d", seed, index, limit, state, nowTick,
        hits);
    assertThat(reply).as(context).containsExactly(allowed ? 1L : 0L, nowTick,
        nowNanos - nowTick * tickNanos, expected.bankTokens(), expected.carryUnits());
    connection.sync().del(key);
  }

  private static long pick(Random random, long... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static List<Object> admit(long nowNanos, String key, Limit limit, long hits) {
    return run(nowNanos, List.of(key), List.of(limit), List.of(hits));
  }

  private static List<Object> run(long nowNanos, List<String> keys, List<Limit> limits,
      List<Long> hits) {
    List<String> args = new ArrayList<>(List.of("I", "1000"));
    for (int i = 0; i < keys.size(); i++) {
      Limit limit = limits.get(i);
      long tick = Tick.tickOf(nowNanos, limit.tickNanos());
      args.add(Long.toString(limit.q()));
      args.add(Long.toString(limit.planUnits()));
      args.add(Long.toString(limit.burstTokens()));
      args.add(Long.toString(limit.tickNanos() / 1_000));
      args.add(Long.toString(Math.min(hits.get(i), limit.burstTokens() + 1)));
      args.add(Long.toString(tick));
      args.add(Long.toString(nowNanos - tick * limit.tickNanos()));
    }
    return RedisScript.ADMIT.run(connection.async(), keys.toArray(String[]::new),
        args.toArray(String[]::new), () -> { }).toCompletableFuture().join();
  }
}
