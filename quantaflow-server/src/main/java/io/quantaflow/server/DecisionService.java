package io.quantaflow.server;

import io.quantaflow.core.Decision;
import io.quantaflow.core.Limit;
import io.quantaflow.server.CheckResult.Code;
import io.quantaflow.server.CheckResult.LimitView;
import io.quantaflow.server.CheckResult.Status;
import io.quantaflow.server.config.ConfigLoader;
import io.quantaflow.server.config.RateLimitRule;
import io.quantaflow.server.config.RateLimitRule.PathEntry;
import io.quantaflow.server.config.TimeUnitName;
import io.quantaflow.server.metrics.ServerMetrics;
import io.quantaflow.server.store.RateLimitStore;
import io.quantaflow.server.store.StoreRequest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides {@link CheckRequest}s: matches each descriptor to its rule, asks the store for one
 * all-or-nothing decision, applies shadow mode and counts. Both the gRPC and the HTTP APIs are
 * thin translations around this class.
 *
 * <p>Shadow mode: a descriptor in shadow mode is evaluated and counted like any other but
 * never makes the answer over limit. When only shadow-mode descriptors deny, the store is
 * asked again with those as checks, so that the others take their tokens.
 */
public final class DecisionService {

  private static final Logger log = LoggerFactory.getLogger(DecisionService.class);
  private static final long MAX_HITS = 0xFFFF_FFFFL;
  private static final int MAX_ENTRIES = 16;
  private static final int MAX_KEY_CHARS = 1024;

  private final Supplier<CompiledConfig> config;
  private final RateLimitStore store;
  private final ServerMetrics metrics;
  private final int maxDescriptors;
  private final boolean globalShadowMode;
  private final ConcurrentHashMap<String, RateLimitRule> overrides = new ConcurrentHashMap<>();

  public DecisionService(Supplier<CompiledConfig> config, RateLimitStore store,
      ServerMetrics metrics, int maxDescriptors) {
    this(config, store, metrics, maxDescriptors, false);
  }

  /**
   * With {@code globalShadowMode}, every rule behaves as if it had {@code shadow_mode: true}
   * (Envoy's service calls this global shadow mode): evaluated and counted, never refused.
   */
  public DecisionService(Supplier<CompiledConfig> config, RateLimitStore store,
      ServerMetrics metrics, int maxDescriptors, boolean globalShadowMode) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
    this.maxDescriptors = maxDescriptors;
    this.globalShadowMode = globalShadowMode;
  }

  public RateLimitStore store() {
    return store;
  }

  /** Decides {@code request}; throws {@link InvalidRequestException} naming what is wrong. */
  public CheckResult check(CheckRequest request) {
    CompiledConfig cfg = config.get();
    validate(request, cfg);
    String domain = request.domain();
    int n = request.descriptors().size();

    // Match every descriptor, then drop the rules that another matched rule replaces.
    RateLimitRule[] rules = new RateLimitRule[n];
    Set<String> replaced = new HashSet<>();
    for (int i = 0; i < n; i++) {
      CheckRequest.Descriptor d = request.descriptors().get(i);
      rules[i] = d.override() != null ? overrideRule(domain, d) : cfg.config().match(domain,
          d.entries());
      if (rules[i] != null) {
        replaced.addAll(rules[i].replaces());
      }
    }
    for (int i = 0; i < n; i++) {
      if (rules[i] != null && rules[i].name() != null && replaced.contains(rules[i].name())) {
        rules[i] = null;
      }
    }

    // One store request per limited descriptor, plus one per pool it draws from.
    List<StoreRequest> batch = new ArrayList<>();
    int[] ruleIndex = new int[n];
    int[] poolIndex = new int[n];
    long[] hits = new long[n];
    for (int i = 0; i < n; i++) {
      ruleIndex[i] = -1;
      poolIndex[i] = -1;
      CheckRequest.Descriptor d = request.descriptors().get(i);
      hits[i] = d.hits() != null ? d.hits() : request.hits();
      if (rules[i] == null || rules[i].unlimited()) {
        continue;
      }
      Limit limit = rules[i].file().equals("request")
          ? CompiledConfig.limitOf(rules[i]) : cfg.limit(rules[i]);
      ruleIndex[i] = batch.size();
      batch.add(new StoreRequest(stateKey(domain, d.entries(), rules[i]), limit, hits[i]));
      if (rules[i].pool() != null) {
        String pool = rules[i].pool().name();
        poolIndex[i] = batch.size();
        batch.add(new StoreRequest("#pool/" + escape(pool) + "#" + cfg.poolFingerprint(pool),
            cfg.poolLimit(pool), hits[i]));
      }
    }

    List<Decision> decisions = batch.isEmpty() ? List.of() : store.decideAll(batch);
    List<Decision> firstPass = decisions;
    boolean[] shadowDenied = new boolean[n];
    boolean realDenial = false;
    boolean shadowDenial = false;
    for (int i = 0; i < n; i++) {
      if (ruleIndex[i] >= 0 && deniedAt(decisions, ruleIndex[i], poolIndex[i])) {
        if (rules[i].shadowMode() || globalShadowMode) {
          shadowDenied[i] = true;
          shadowDenial = true;
        } else {
          realDenial = true;
        }
      }
    }
    if (shadowDenial && !realDenial) {
      List<StoreRequest> retry = new ArrayList<>(batch);
      for (int i = 0; i < n; i++) {
        if (shadowDenied[i]) {
          retry.set(ruleIndex[i], check(batch.get(ruleIndex[i])));
          if (poolIndex[i] >= 0) {
            retry.set(poolIndex[i], check(batch.get(poolIndex[i])));
          }
        }
      }
      decisions = store.decideAll(retry);
    }

    List<Status> statuses = new ArrayList<>(n);
    boolean over = false;
    for (int i = 0; i < n; i++) {
      Status s = statusOf(rules[i], ruleIndex[i], poolIndex[i],
          shadowDenied[i] ? firstPass : decisions, shadowDenied[i], hits[i]);
      statuses.add(s);
      over |= s.code() == Code.OVER_LIMIT;
      count(domain, request.descriptors().get(i), s, hits[i]);
    }
    CheckResult result = new CheckResult(over, statuses, mostRestrictive(statuses));
    if (log.isDebugEnabled()) {
      for (int i = 0; i < n; i++) {
        Status s = statuses.get(i);
        log.debug("domain={} descriptor={} rule={} hits={} code={} remaining={} shadowed={}",
            domain, entriesText(request.descriptors().get(i).entries()),
            s.rule() == null ? "-" : s.rule().id(), hits[i], s.code(), s.remaining(),
            s.shadowed());
      }
    }
    return result;
  }

  private static StoreRequest check(StoreRequest r) {
    return new StoreRequest(r.stateKey(), r.limit(), 0);
  }

  private static boolean deniedAt(List<Decision> decisions, int rule, int pool) {
    return !decisions.get(rule).allowed() || (pool >= 0 && !decisions.get(pool).allowed());
  }

  private static Status statusOf(RateLimitRule rule, int ruleIndex, int poolIndex,
      List<Decision> decisions, boolean shadowed, long hits) {
    if (rule == null) {
      return new Status(Code.OK, null, null, -1, 0, false, false);
    }
    if (rule.unlimited()) {
      return new Status(Code.OK, rule, null, -1, 0, false, true);
    }
    Decision d = decisions.get(ruleIndex);
    Decision pool = poolIndex >= 0 ? decisions.get(poolIndex) : null;
    boolean denied = !d.allowed() || (pool != null && !pool.allowed());
    long remaining = d.remainingTokens();
    long reset;
    if (denied) {
      reset = Math.max(waitOf(d), pool == null ? 0 : waitOf(pool));
      if (waitOf(d) < 0 || (pool != null && waitOf(pool) < 0)) {
        reset = -1;
      }
    } else {
      reset = Math.max(0, d.nanosUntilFull());
    }
    if (pool != null) {
      remaining = Math.min(remaining, pool.remainingTokens());
    }
    Code code = denied && !shadowed ? Code.OVER_LIMIT : Code.OK;
    return new Status(code, rule, viewOf(rule, d.limit()), remaining, reset, shadowed, false);
  }

  /** The wait until a denied decision's hits fit; -1 if never. */
  private static long waitOf(Decision d) {
    if (d.allowed()) {
      return 0;
    }
    if (d.possible() && d.nanosUntilAvailable() > 0) {
      return d.nanosUntilAvailable();
    }
    if (d.possible()) {
      return 0;
    }
    return -1;
  }

  private void count(String domain, CheckRequest.Descriptor d, Status s, long hits) {
    if (s.rule() == null) {
      return;
    }
    String id = s.rule().id();
    if (s.rule().detailedMetric()) {
      id = detailedId(domain, d.entries());
    }
    boolean near = s.code() == Code.OK && !s.shadowed() && !s.unlimited()
        && (s.rule().burstTokens() - s.remaining()) * 5 > 4 * s.rule().burstTokens();
    metrics.countRule(domain, id, hits, s.code() == Code.OVER_LIMIT || s.shadowed(), near,
        s.shadowed());
  }

  private static int mostRestrictive(List<Status> statuses) {
    int best = -1;
    for (int i = 0; i < statuses.size(); i++) {
      Status s = statuses.get(i);
      if (s.limitView() == null) {
        continue;
      }
      if (best < 0) {
        best = i;
        continue;
      }
      Status b = statuses.get(best);
      boolean sOver = s.code() == Code.OVER_LIMIT;
      boolean bOver = b.code() == Code.OVER_LIMIT;
      if (sOver != bOver) {
        best = sOver ? i : best;
      } else if (sOver ? s.nanosUntilReset() > b.nanosUntilReset()
          : s.remaining() < b.remaining()) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The limit as whole requests per unit: the first unit from second to year in which the
   * plan earns a whole number of tokens; otherwise the rate per day rounded down.
   */
  static LimitView viewOf(RateLimitRule rule, Limit limit) {
    if (rule.unit() != null && rule.requestsPerUnit().stripTrailingZeros().scale() <= 0
        && rule.schedule() == null) {
      return new LimitView(rule.name(), rule.requestsPerUnit().longValue(), rule.unit());
    }
    BigInteger units = BigInteger.valueOf(limit.plan().maxUnitsPerTick());
    BigInteger perTickDen = BigInteger.valueOf(limit.q()).multiply(
        BigInteger.valueOf(limit.tickNanos()));
    for (TimeUnitName unit : TimeUnitName.values()) {
      BigInteger[] qr = units.multiply(BigInteger.valueOf(unit.nanos()))
          .divideAndRemainder(perTickDen);
      if (qr[1].signum() == 0 && qr[0].compareTo(BigInteger.valueOf(MAX_HITS)) <= 0) {
        return new LimitView(rule.name(), qr[0].longValue(), unit);
      }
    }
    BigInteger perDay = units.multiply(BigInteger.valueOf(TimeUnitName.DAY.nanos()))
        .divide(perTickDen).min(BigInteger.valueOf(MAX_HITS));
    return new LimitView(rule.name(), perDay.longValue(), TimeUnitName.DAY);
  }

  private RateLimitRule overrideRule(String domain, CheckRequest.Descriptor d) {
    CheckRequest.LimitOverride o = d.override();
    List<PathEntry> path = new ArrayList<>();
    for (String[] e : d.entries()) {
      path.add(new PathEntry(e[0], null));
    }
    String cacheKey = domain + "|" + o.requestsPerUnit() + "|" + o.unit() + "|" + path;
    RateLimitRule rule = overrides.get(cacheKey);
    if (rule == null) {
      try {
        rule = ConfigLoader.overrideRule(domain, path, o.requestsPerUnit(), o.unit());
      } catch (IllegalArgumentException e) {
        // The message already starts with "limit override 10/second ..."; no second prefix.
        throw new InvalidRequestException(e.getMessage());
      }
      if (overrides.size() > 10_000) {
        overrides.clear();
      }
      overrides.put(cacheKey, rule);
    }
    return rule;
  }

  private void validate(CheckRequest request, CompiledConfig cfg) {
    if (request.domain() == null || request.domain().isEmpty()) {
      throw new InvalidRequestException("domain must not be empty");
    }
    if (!cfg.config().hasDomain(request.domain())) {
      throw new InvalidRequestException(String.format(Locale.ROOT,
          "domain '%s' is not configured (configured: %s)", clip(request.domain()),
          String.join(", ", cfg.config().domains())));
    }
    int n = request.descriptors().size();
    if (n == 0 || n > maxDescriptors) {
      throw new InvalidRequestException(String.format(Locale.ROOT,
          "descriptors must number between 1 and %d (got %d)", maxDescriptors, n));
    }
    checkHits("hits_addend", request.hits());
    for (int i = 0; i < n; i++) {
      CheckRequest.Descriptor d = request.descriptors().get(i);
      if (d.entries().isEmpty() || d.entries().size() > MAX_ENTRIES) {
        throw new InvalidRequestException(String.format(Locale.ROOT,
            "descriptors[%d].entries must number between 1 and %d (got %d)", i, MAX_ENTRIES,
            d.entries().size()));
      }
      for (int j = 0; j < d.entries().size(); j++) {
        String[] e = d.entries().get(j);
        if (e[0] == null || e[0].isEmpty()) {
          throw new InvalidRequestException(String.format(Locale.ROOT,
              "descriptors[%d].entries[%d].key must not be empty", i, j));
        }
        if (e[0].length() > MAX_KEY_CHARS || e[1] == null || e[1].length() > MAX_KEY_CHARS) {
          throw new InvalidRequestException(String.format(Locale.ROOT,
              "descriptors[%d].entries[%d] key and value must be at most %d characters",
              i, j, MAX_KEY_CHARS));
        }
      }
      if (d.hits() != null) {
        checkHits("descriptors[" + i + "].hits_addend", d.hits());
      }
      if (d.override() != null && d.override().unit() == null) {
        throw new InvalidRequestException(
            "descriptors[" + i + "].limit.unit must be one of SECOND, MINUTE, HOUR, DAY, MONTH,"
                + " YEAR");
      }
    }
  }

  private static void checkHits(String name, long hits) {
    if (hits < 0 || hits > MAX_HITS) {
      throw new InvalidRequestException(String.format(Locale.ROOT,
          "%s must be in [0, %d] (got %s)", name, MAX_HITS, Long.toUnsignedString(hits)));
    }
  }

  private static String clip(String s) {
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }

  /** {@code domain/key=value/...#fingerprint}, with separators in keys and values escaped. */
  static String stateKey(String domain, List<String[]> entries, RateLimitRule rule) {
    StringBuilder sb = new StringBuilder(escape(domain));
    for (String[] e : entries) {
      sb.append('/').append(escape(e[0])).append('=').append(escape(e[1]));
    }
    return sb.append('#').append(rule.fingerprint()).toString();
  }

  private static String detailedId(String domain, List<String[]> entries) {
    StringBuilder sb = new StringBuilder(domain);
    for (String[] e : entries) {
      sb.append('.').append(e[0]).append('_').append(e[1]);
    }
    return sb.toString();
  }

  private static String entriesText(List<String[]> entries) {
    StringBuilder sb = new StringBuilder();
    for (String[] e : entries) {
      sb.append(sb.length() == 0 ? "" : ",").append(e[0]).append('=').append(e[1]);
    }
    return sb.toString();
  }

  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean special = c == '%' || c == '/' || c == '=' || c == '#' || c == '{' || c == '}'
          || c < 0x20;
      if (special && sb == null) {
        sb = new StringBuilder(s.substring(0, i));
      }
      if (sb != null) {
        if (special) {
          sb.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
