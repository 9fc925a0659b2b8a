package io.quantaflow.server.config;

import io.quantaflow.server.config.RateLimitRule.PathEntry;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads rate-limit configuration in the Envoy rate-limit service's YAML format, plus
 * QuantaFlow's optional fields, through SnakeYAML's node API so that every problem names the
 * file and line. A file may hold several YAML documents (one domain each); a directory loads
 * every {@code *.yaml} and {@code *.yml} file in it, in name order. Unknown keys are errors.
 *
 * <p>Defaults: the tick is 1 ms unless that needs a grid above 2^31 - 1 (long units such as
 * a year), in which case the first of 10 ms, 100 ms, 1 s, 1 min, 1 h that fits is used; an
 * explicit {@code tick} is never changed. The burst is the whole requests per unit, rounded
 * up, at least 1, at most 2^31 - 1: a client may spend a unit's allowance at once, as in a
 * fixed window, but can never get two allowances across a window edge.
 */
public final class ConfigLoader {

  static final long DEFAULT_TICK_NANOS = 1_000_000L;
  private static final long[] FALLBACK_TICKS_NANOS = {1_000_000L, 10_000_000L, 100_000_000L,
      1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
  private static final long MAX_BURST = Integer.MAX_VALUE;
  private static final int MAX_DEPTH = 16;

  private static final Set<String> TOP_KEYS = Set.of("domain", "descriptors", "pools");
  private static final Set<String> DESCRIPTOR_KEYS = Set.of(
      "key", "value", "rate_limit", "descriptors", "shadow_mode", "detailed_metric");
  private static final Set<String> RATE_LIMIT_KEYS = Set.of("unit", "requests_per_unit",
      "unlimited", "name", "replaces", "rate", "burst", "tick", "schedule", "pool");
  private static final Set<String> POOL_KEYS =
      Set.of("name", "rate", "requests_per_unit", "unit", "burst", "tick");
  private static final Set<String> SCHEDULE_KEYS = Set.of("period", "segments");
  private static final Set<String> SEGMENT_KEYS = Set.of("from", "rate", "requests_per_unit",
      "unit");

  private final List<ConfigError> errors = new ArrayList<>();
  private final Map<String, DescriptorTree> trees = new LinkedHashMap<>();
  /** Where each domain is first defined, {@code file:line}, to name it in a duplicate error. */
  private final Map<String, String> domainOrigins = new LinkedHashMap<>();
  /** Mappings read with an unknown key, whose missing keys are then not reported again. */
  private final Set<Map<String, NodeTuple>> withUnknownKeys =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private final List<RateLimitRule> rules = new ArrayList<>();
  private final Map<String, PoolSpec> pools = new LinkedHashMap<>();
  private final List<PoolReference> poolReferences = new ArrayList<>();
  private String file = "";

  private ConfigLoader() {}

  /** A rule's use of a pool, checked once every pool is read. */
  private record PoolReference(String name, String file, int line) {}

  /** A schedule as read: the spec, its first segment's plan on the common grid, a label. */
  private record ScheduleParts(ScheduleSpec spec, GridPlan plan, RateParts shown) {}

  /**
   * Returns a rule for a per-request limit (Envoy's descriptor {@code limit} field): whole
   * requests per unit on the default tick with the default burst, in {@code domain} with the
   * keys of {@code path} (values left out, so every distinct value is limited separately).
   */
  public static RateLimitRule overrideRule(String domain, List<PathEntry> path,
      long requestsPerUnit, TimeUnitName unit) {
    ConfigLoader loader = new ConfigLoader();
    RateParts rate = new RateParts();
    rate.unit = unit;
    rate.requestsPerUnit = BigDecimal.valueOf(requestsPerUnit);
    rate.tokens = rate.requestsPerUnit;
    rate.periodNanos = unit.nanos();
    rate.text = requestsPerUnit + "/" + unit.yamlName();
    loader.file = "request";
    GridPlan plan = loader.onGrid(rate, null, null, "limit override");
    if (plan == null) {
      throw new IllegalArgumentException(loader.errors.get(0).message());
    }
    return new RateLimitRule(domain, path, "request", 0, null, List.of(), false, unit,
        rate.requestsPerUnit, null, plan, loader.optionalBurst(Map.of(), rate), null, null,
        false, false);
  }

  /** Loads a file or a directory of files; throws with every problem found. */
  public static RateLimitConfig load(Path path) throws ConfigException {
    ConfigLoader loader = new ConfigLoader();
    List<Path> files = loader.filesOf(path);
    for (Path f : files) {
      try (Reader reader = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        loader.readDocuments(f.toString(), reader);
      } catch (IOException e) {
        loader.errors.add(new ConfigError(f.toString(), 0, "cannot read file: " + e.getMessage()));
      }
    }
    return loader.finish(path.toString());
  }

  /** Loads YAML text; {@code fileName} is used in messages. */
  public static RateLimitConfig parse(String fileName, String yaml) throws ConfigException {
    ConfigLoader loader = new ConfigLoader();
    loader.readDocuments(fileName, new java.io.StringReader(yaml));
    return loader.finish(fileName);
  }

  private List<Path> filesOf(Path path) {
    if (!Files.isDirectory(path)) {
      if (!Files.isRegularFile(path)) {
        errors.add(new ConfigError(path.toString(), 0, "no such file"));
        return List.of();
      }
      return List.of(path);
    }
    try (Stream<Path> listing = Files.list(path)) {
      List<Path> files = listing
          .filter(p -> p.getFileName().toString().matches("[^.].*\\.ya?ml"))
          .sorted().toList();
      if (files.isEmpty()) {
        errors.add(new ConfigError(path.toString(), 0, "directory has no .yaml or .yml file"));
      }
      return files;
    } catch (IOException e) {
      errors.add(new ConfigError(path.toString(), 0, "cannot list directory: " + e.getMessage()));
      return List.of();
    }
  }

  private RateLimitConfig finish(String source) throws ConfigException {
    for (PoolReference ref : poolReferences) {
      if (!pools.containsKey(ref.name())) {
        errors.add(new ConfigError(ref.file(), ref.line(), String.format(Locale.ROOT,
            "pool '%s' is not defined; define it under the top-level 'pools' list (defined: %s)",
            ref.name(), pools.keySet())));
      }
    }
    if (errors.isEmpty() && trees.isEmpty()) {
      errors.add(new ConfigError(source, 0, "no domain defined"));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(inFileAndLineOrder(errors));
    }
    List<RateLimitRule> linked = new ArrayList<>();
    for (RateLimitRule r : rules) {
      PoolSpec pool = r.pool() == null ? null : pools.get(r.pool().name());
      RateLimitRule withPool = pool == null ? r : new RateLimitRule(r.domain(), r.path(),
          r.file(), r.line(), r.name(), r.replaces(), r.unlimited(), r.unit(),
          r.requestsPerUnit(), r.rateText(), r.plan(), r.burstTokens(), r.schedule(), pool,
          r.shadowMode(), r.detailedMetric());
      linked.add(withPool);
      relink(withPool);
    }
    return new RateLimitConfig(source, trees, linked, pools);
  }

  /** Errors grouped by file (in the order files were read), each file's by line. */
  private static List<ConfigError> inFileAndLineOrder(List<ConfigError> errors) {
    Map<String, List<ConfigError>> byFile = new LinkedHashMap<>();
    for (ConfigError e : errors) {
      byFile.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
    }
    List<ConfigError> ordered = new ArrayList<>();
    for (List<ConfigError> fileErrors : byFile.values()) {
      fileErrors.sort(java.util.Comparator.comparingInt(ConfigError::line));
      ordered.addAll(fileErrors);
    }
    return ordered;
  }

  /**
   * Reports a missing key, unless its mapping had an unknown key: that is most likely the
   * missing one misspelt, already reported.
   */
  private void missing(Map<String, NodeTuple> m, int line, String message) {
    if (!withUnknownKeys.contains(m)) {
      error(line, message);
    }
  }

  private void relink(RateLimitRule rule) {
    DescriptorTree.Node node = trees.get(rule.domain()).root();
    for (PathEntry e : rule.path()) {
      node = childOf(node, e);
    }
    node.rule = rule;
  }

  private static DescriptorTree.Node childOf(DescriptorTree.Node node, PathEntry e) {
    if (e.value() == null) {
      return node.keyOnly.get(e.key());
    }
    if (e.value().endsWith("*")) {
      String pattern = e.key() + "=" + e.value().substring(0, e.value().length() - 1);
      for (Map.Entry<String, DescriptorTree.Node> p : node.prefixes) {
        if (p.getKey().equals(pattern)) {
          return p.getValue();
        }
      }
      return null;
    }
    return node.exact.get(DescriptorTree.exactKey(e.key(), e.value()));
  }

  // ---- documents ---------------------------------------------------------------------------

  private void readDocuments(String fileName, Reader reader) {
    this.file = fileName;
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowDuplicateKeys(false);
    try {
      int documents = 0;
      for (Node doc : new Yaml(options).composeAll(reader)) {
        documents++;
        readDomain(doc);
      }
      if (documents == 0) {
        error(1, "file is empty; expected a mapping with 'domain' and 'descriptors'");
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      error(line, "YAML syntax: " + e.getProblem());
    } catch (YAMLException e) {
      error(0, "YAML: " + e.getMessage());
    }
  }

  private void readDomain(Node doc) {
    Map<String, NodeTuple> top = mapping(doc, "the document", TOP_KEYS);
    if (top == null) {
      return;
    }
    String domain = requiredString(top, "domain", doc);
    if (domain == null) {
      return;
    }
    int domainLine = line(top.get("domain").getValueNode());
    DescriptorTree tree = new DescriptorTree();
    String first = domainOrigins.get(domain);
    if (first != null) {
      error(domainLine, String.format(Locale.ROOT,
          "domain '%s' is defined twice (first at %s); each domain may appear once", domain,
          first));
      // Still read this definition into a tree of its own, so its own errors are reported.
    } else {
      domainOrigins.put(domain, file + ":" + domainLine);
      trees.put(domain, tree);
    }
    NodeTuple poolList = top.get("pools");
    if (poolList != null) {
      readPools(poolList.getValueNode());
    }
    NodeTuple descriptors = top.get("descriptors");
    if (descriptors != null) {
      readDescriptors(domain, descriptors.getValueNode(), tree.root(), List.of());
    }
  }

  private void readPools(Node node) {
    List<Node> items = sequence(node, "pools");
    for (Node item : items) {
      Map<String, NodeTuple> m = mapping(item, "a pool", POOL_KEYS);
      if (m == null) {
        continue;
      }
      String name = requiredString(m, "name", item);
      if (name == null) {
        continue;
      }
      if (pools.containsKey(name)) {
        error(line(item), String.format(Locale.ROOT, "pool '%s' is defined twice", name));
        continue;
      }
      RateParts rate = readRate(m, item, "pool '" + name + "'");
      if (rate == null) {
        continue;
      }
      Long tick = optionalTick(m);
      GridPlan plan = onGrid(rate, tick, item, "pool '" + name + "'");
      Long burst = optionalBurst(m, rate);
      if (plan != null && burst != null) {
        pools.put(name, new PoolSpec(name, rate.text, plan, burst, line(item)));
      }
    }
  }

  private void readDescriptors(String domain, Node node, DescriptorTree.Node parent,
      List<PathEntry> path) {
    if (path.size() >= MAX_DEPTH) {
      error(line(node), "descriptors nest deeper than " + MAX_DEPTH + " levels");
      return;
    }
    for (Node item : sequence(node, "descriptors")) {
      Map<String, NodeTuple> m = mapping(item, "a descriptor", DESCRIPTOR_KEYS);
      if (m == null) {
        continue;
      }
      String key = requiredString(m, "key", item);
      if (key == null) {
        continue;
      }
      String value = optionalString(m, "value");
      if (value != null && value.isEmpty()) {
        value = null;
      }
      PathEntry entry = new PathEntry(key, value);
      DescriptorTree.Node child = new DescriptorTree.Node();
      child.line = line(item);
      DescriptorTree.Node existing = childOf(parent, entry);
      if (existing != null) {
        error(line(item), String.format(Locale.ROOT,
            "descriptor %s is defined twice at this level (first at line %d)",
            entry.value() == null ? "key '" + key + "'" : "'" + key + "' = '" + value + "'",
            existing.line));
        continue;
      }
      addChild(parent, entry, child);
      List<PathEntry> childPath = new ArrayList<>(path);
      childPath.add(entry);
      boolean shadow = optionalBoolean(m, "shadow_mode");
      boolean detailed = optionalBoolean(m, "detailed_metric");
      NodeTuple rateLimit = m.get("rate_limit");
      if (rateLimit != null) {
        RateLimitRule rule = readRule(domain, childPath, rateLimit.getValueNode(), shadow,
            detailed);
        if (rule != null) {
          child.rule = rule;
          rules.add(rule);
        }
      }
      NodeTuple nested = m.get("descriptors");
      if (nested != null) {
        readDescriptors(domain, nested.getValueNode(), child, childPath);
      }
    }
  }

  private static void addChild(DescriptorTree.Node parent, PathEntry e,
      DescriptorTree.Node child) {
    if (e.value() == null) {
      parent.keyOnly.put(e.key(), child);
    } else if (e.value().endsWith("*")) {
      String prefix = e.value().substring(0, e.value().length() - 1);
      parent.prefixes.add(Map.entry(e.key() + "=" + prefix, child));
    } else {
      parent.exact.put(DescriptorTree.exactKey(e.key(), e.value()), child);
    }
  }

  // ---- rate_limit ---------------------------------------------------------------------------

  private RateLimitRule readRule(String domain, List<PathEntry> path, Node node, boolean shadow,
      boolean detailed) {
    Map<String, NodeTuple> m = mapping(node, "'rate_limit'", RATE_LIMIT_KEYS);
    if (m == null) {
      return null;
    }
    int line = line(node);
    String where = "rate_limit";
    // Names may repeat: Envoy's service accepts that, and 'replaces' then drops them all.
    String name = optionalString(m, "name");
    if (name != null && name.isEmpty()) {
      name = null;
    }
    List<String> replaces = readReplaces(m);
    boolean unlimited = optionalBoolean(m, "unlimited");
    if (unlimited) {
      for (String k : List.of("unit", "requests_per_unit", "rate", "burst", "tick", "schedule",
          "pool")) {
        if (m.containsKey(k)) {
          error(line(m.get(k).getKeyNode()), String.format(Locale.ROOT,
              "'%s' cannot be set together with 'unlimited: true'", k));
          return null;
        }
      }
      return new RateLimitRule(domain, path, file, line, name, replaces, true, null, null, null,
          null, 0, null, null, shadow, detailed);
    }
    ScheduleSpec schedule = null;
    RateParts rate;
    GridPlan plan;
    Long tick = optionalTick(m);
    if (m.containsKey("schedule")) {
      for (String k : List.of("unit", "requests_per_unit", "rate")) {
        if (m.containsKey(k)) {
          error(line(m.get(k).getKeyNode()), String.format(Locale.ROOT,
              "'%s' cannot be set together with 'schedule'; give each segment its rate", k));
          return null;
        }
      }
      ScheduleParts built = readSchedule(m.get("schedule").getValueNode(), tick);
      if (built == null) {
        return null;
      }
      schedule = built.spec();
      plan = built.plan();
      rate = built.shown();
    } else {
      rate = readRate(m, node, where);
      if (rate == null) {
        return null;
      }
      plan = onGrid(rate, tick, node, where);
    }
    Long burst = optionalBurst(m, rate);
    if (plan == null || burst == null) {
      return null;
    }
    PoolSpec poolRef = null;
    String pool = optionalString(m, "pool");
    if (pool != null) {
      poolReferences.add(new PoolReference(pool, file, line(m.get("pool").getValueNode())));
      poolRef = new PoolSpec(pool, null, null, 0, 0);
    }
    return new RateLimitRule(domain, path, file, line, name, replaces, false, rate.unit,
        rate.requestsPerUnit, rate.rateText, plan, burst, schedule, poolRef, shadow, detailed);
  }

  private List<String> readReplaces(Map<String, NodeTuple> m) {
    NodeTuple t = m.get("replaces");
    if (t == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Node item : sequence(t.getValueNode(), "replaces")) {
      Map<String, NodeTuple> r = mapping(item, "a 'replaces' entry", Set.of("name"));
      if (r != null) {
        String n = requiredString(r, "name", item);
        if (n != null) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** A rate as read: tokens per period, plus the Envoy fields it came from. */
  private static final class RateParts {
    BigDecimal tokens;
    long periodNanos;
    TimeUnitName unit;
    BigDecimal requestsPerUnit;
    String rateText;
    String text;
  }

  private RateParts readRate(Map<String, NodeTuple> m, Node owner, String what) {
    NodeTuple rateTuple = m.get("rate");
    NodeTuple rpu = m.get("requests_per_unit");
    NodeTuple unit = m.get("unit");
    RateParts parts = new RateParts();
    if (rateTuple != null) {
      if (rpu != null || unit != null) {
        error(line(rateTuple.getKeyNode()), String.format(Locale.ROOT,
            "%s: give either 'rate' or 'requests_per_unit' with 'unit', not both", what));
        return null;
      }
      String text = scalar(rateTuple.getValueNode(), "rate");
      if (text == null) {
        return null;
      }
      try {
        Durations.Rate r = Durations.parseRate(text);
        parts.tokens = r.tokens();
        parts.periodNanos = r.periodNanos();
        parts.rateText = text.trim();
        parts.text = parts.rateText;
        return parts;
      } catch (IllegalArgumentException e) {
        error(line(rateTuple.getValueNode()), "rate: " + e.getMessage());
        return null;
      }
    }
    if (unit == null) {
      missing(m, line(owner), String.format(Locale.ROOT,
          "%s: 'unit' is missing; use one of second, minute, hour, day, week, month, year"
              + " (or write a 'rate' like 3/10s, or 'unlimited: true')", what));
      return null;
    }
    String unitText = scalar(unit.getValueNode(), "unit");
    if (unitText == null) {
      return null;
    }
    parts.unit = TimeUnitName.parse(unitText);
    if (parts.unit == null) {
      error(line(unit.getValueNode()), String.format(Locale.ROOT,
          "unit '%s' is not one of second, minute, hour, day, week, month, year", unitText));
      // Go on to check requests_per_unit too, so both errors are reported at once.
    }
    if (rpu == null) {
      missing(m, line(owner), what + ": 'requests_per_unit' is missing");
      return null;
    }
    String rpuText = scalar(rpu.getValueNode(), "requests_per_unit");
    if (rpuText == null) {
      return null;
    }
    // Any plain decimal is read exactly (3.14159265358979, 1e308); whether the engine can
    // hold it (grid q <= 2^31-1, at most 2^20 tokens per tick) is checked on the grid, with
    // a message naming that limit. The exponent is bounded only to keep the arithmetic small.
    if (!rpuText.matches("\\d{1,40}(\\.\\d{1,40})?([eE][+-]?\\d{1,3})?")) {
      error(line(rpu.getValueNode()), String.format(Locale.ROOT,
          "requests_per_unit must be a number >= 0 such as 100, 0.5 or 1e6 (got '%s')",
          rpuText));
      return null;
    }
    if (parts.unit == null) {
      return null;
    }
    parts.requestsPerUnit = new BigDecimal(rpuText);
    parts.tokens = parts.requestsPerUnit;
    parts.periodNanos = parts.unit.nanos();
    parts.text = rpuText + "/" + parts.unit.yamlName();
    return parts;
  }

  private GridPlan onGrid(RateParts rate, Long tick, Node node, String what) {
    String text = what + " " + rate.text;
    long[] candidates = tick != null ? new long[] {tick} : FALLBACK_TICKS_NANOS;
    IllegalArgumentException first = null;
    for (long tickNanos : candidates) {
      BigInteger[] f = GridPlan.perTick(rate.tokens, rate.periodNanos, tickNanos);
      try {
        BigInteger q = GridPlan.commonGrid(f[1]);
        long units = GridPlan.unitsOn(f, q, text, tickNanos);
        return new GridPlan(q.longValueExact(), units, tickNanos);
      } catch (IllegalArgumentException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    error(line(node), first.getMessage());
    return null;
  }

  private Long optionalTick(Map<String, NodeTuple> m) {
    NodeTuple t = m.get("tick");
    if (t == null) {
      return null;
    }
    String text = scalar(t.getValueNode(), "tick");
    if (text == null) {
      return -1L;
    }
    try {
      long nanos = Durations.parseNanos(text);
      if (nanos < 1_000L || nanos > 86_400_000_000_000L) {
        error(line(t.getValueNode()), String.format(Locale.ROOT,
            "tick must be in [1us, 1d] (got %s)", text));
        return null;
      }
      return nanos;
    } catch (IllegalArgumentException e) {
      error(line(t.getValueNode()), "tick: " + e.getMessage());
      return null;
    }
  }

  private Long optionalBurst(Map<String, NodeTuple> m, RateParts rate) {
    NodeTuple b = m.get("burst");
    if (b == null) {
      BigDecimal whole = rate.tokens.setScale(0, java.math.RoundingMode.CEILING);
      return Math.max(1L, whole.min(BigDecimal.valueOf(MAX_BURST)).longValue());
    }
    String text = scalar(b.getValueNode(), "burst");
    if (text == null) {
      return null;
    }
    if (!text.matches("\\d{1,10}") || Long.parseLong(text) < 1
        || Long.parseLong(text) > MAX_BURST) {
      error(line(b.getValueNode()), String.format(Locale.ROOT,
          "burst must be a whole number in [1, %d] (got '%s')", MAX_BURST, text));
      return null;
    }
    return Long.parseLong(text);
  }

  private ScheduleParts readSchedule(Node node, Long tick) {
    Map<String, NodeTuple> m = mapping(node, "'schedule'", SCHEDULE_KEYS);
    if (m == null) {
      return null;
    }
    long periodNanos = 86_400_000_000_000L;
    NodeTuple p = m.get("period");
    if (p != null) {
      String text = scalar(p.getValueNode(), "period");
      try {
        periodNanos = Durations.parseNanos(text == null ? "" : text);
      } catch (IllegalArgumentException e) {
        error(line(p.getValueNode()), "period: " + e.getMessage());
        return null;
      }
    }
    NodeTuple segs = m.get("segments");
    if (segs == null) {
      error(line(node), "'schedule' needs 'segments', a list of {from, rate}");
      return null;
    }
    long tickNanos = tick != null ? tick : DEFAULT_TICK_NANOS;
    List<BigInteger[]> fractions = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    RateParts largest = null;
    for (Node item : sequence(segs.getValueNode(), "segments")) {
      Map<String, NodeTuple> s = mapping(item, "a schedule segment", SEGMENT_KEYS);
      if (s == null) {
        return null;
      }
      NodeTuple from = s.get("from");
      if (from == null) {
        missing(s, line(item),
            "schedule segment: 'from' is missing (an offset such as 0s or 8h)");
        return null;
      }
      String fromText = scalar(from.getValueNode(), "from");
      long start;
      try {
        start = fromText != null && fromText.trim().equals("0") ? 0
            : Durations.parseNanos(fromText == null ? "" : fromText);
      } catch (IllegalArgumentException e) {
        error(line(from.getValueNode()), "from: " + e.getMessage());
        return null;
      }
      if (starts.isEmpty() && start != 0) {
        error(line(from.getValueNode()), "the first schedule segment must start at 0");
        return null;
      }
      if (!starts.isEmpty() && start <= starts.get(starts.size() - 1) || start >= periodNanos) {
        error(line(from.getValueNode()), String.format(Locale.ROOT,
            "segment starts must increase and stay below the period %s (got %s)",
            Durations.format(periodNanos), fromText));
        return null;
      }
      RateParts rate = readRate(s, item, "schedule segment");
      if (rate == null) {
        return null;
      }
      starts.add(start);
      texts.add(rate.text);
      fractions.add(GridPlan.perTick(rate.tokens, rate.periodNanos, tickNanos));
      if (largest == null || rate.tokens.multiply(BigDecimal.valueOf(largest.periodNanos))
          .compareTo(largest.tokens.multiply(BigDecimal.valueOf(rate.periodNanos))) > 0) {
        largest = rate;
      }
    }
    if (starts.isEmpty()) {
      error(line(segs.getValueNode()), "'segments' is empty");
      return null;
    }
    final long tickForCheck = tickNanos;
    if (periodNanos % tickNanos != 0
        || starts.stream().anyMatch(start -> start % tickForCheck != 0)) {
      error(line(node), String.format(Locale.ROOT,
          "schedule period and segment starts must be whole ticks of %s",
          Durations.format(tickNanos)));
      return null;
    }
    BigInteger q = GridPlan.commonGrid(fractions.stream().map(f -> f[1])
        .toArray(BigInteger[]::new));
    List<ScheduleSpec.Segment> segments = new ArrayList<>();
    try {
      for (int i = 0; i < starts.size(); i++) {
        segments.add(new ScheduleSpec.Segment(starts.get(i),
            GridPlan.unitsOn(fractions.get(i), q, "schedule segment " + texts.get(i), tickNanos),
            texts.get(i)));
      }
    } catch (IllegalArgumentException e) {
      error(line(segs.getValueNode()), e.getMessage());
      return null;
    }
    GridPlan plan = new GridPlan(q.longValueExact(), segments.get(0).planUnits(), tickNanos);
    RateParts shown = new RateParts();
    shown.tokens = largest.tokens;
    shown.periodNanos = largest.periodNanos;
    shown.rateText = "schedule";
    shown.text = "schedule";
    return new ScheduleParts(new ScheduleSpec(periodNanos, segments), plan, shown);
  }

  // ---- node helpers ----------------------------------------------------------------------

  private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
    if (!(node instanceof MappingNode mappingNode)) {
      error(line(node), String.format(Locale.ROOT, "%s must be a mapping of keys to values",
          what));
      return null;
    }
    Map<String, NodeTuple> out = new LinkedHashMap<>();
    boolean ok = true;
    for (NodeTuple t : flatten(mappingNode)) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(line(t.getKeyNode()), "keys must be plain names");
        ok = false;
        continue;
      }
      String key = k.getValue();
      if (!allowed.contains(key)) {
        // Reported, but the known keys are still read: an unknown key once hid every other
        // error of its mapping (a bad unit next to a misspelt 'burst').
        error(line(k), String.format(Locale.ROOT, "unknown key '%s' in %s; allowed: %s",
            key, what, String.join(", ", allowed.stream().sorted().toList())));
        withUnknownKeys.add(out);
        continue;
      }
      if (out.put(key, t) != null) {
        error(line(k), String.format(Locale.ROOT, "key '%s' appears twice in %s", key, what));
        ok = false;
      }
    }
    return ok ? out : null;
  }

  /** Applies YAML merge keys ({@code <<: *defaults}); explicit keys win. */
  private static List<NodeTuple> flatten(MappingNode node) {
    List<NodeTuple> own = new ArrayList<>();
    List<NodeTuple> merged = new ArrayList<>();
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("<<")
          && !(t.getValueNode() instanceof ScalarNode)) {
        List<Node> sources = t.getValueNode() instanceof SequenceNode s
            ? s.getValue() : List.of(t.getValueNode());
        for (Node src : sources) {
          if (src instanceof MappingNode mn) {
            merged.addAll(flatten(mn));
          }
        }
      } else {
        own.add(t);
      }
    }
    if (merged.isEmpty()) {
      return own;
    }
    Set<String> explicit = new java.util.HashSet<>();
    for (NodeTuple t : own) {
      if (t.getKeyNode() instanceof ScalarNode k) {
        explicit.add(k.getValue());
      }
    }
    List<NodeTuple> out = new ArrayList<>(own);
    Set<String> seen = new java.util.HashSet<>(explicit);
    for (NodeTuple t : merged) {
      if (t.getKeyNode() instanceof ScalarNode k && seen.add(k.getValue())) {
        out.add(t);
      }
    }
    return out;
  }

  private List<Node> sequence(Node node, String what) {
    if (node instanceof SequenceNode s) {
      return s.getValue();
    }
    if (node instanceof ScalarNode sc && sc.getTag().getValue().endsWith(":null")) {
      return List.of();
    }
    error(line(node), String.format(Locale.ROOT, "'%s' must be a list (items start with '- ')",
        what));
    return List.of();
  }

  private String scalar(Node node, String what) {
    if (node instanceof ScalarNode s && !s.getTag().getValue().endsWith(":null")) {
      return s.getValue();
    }
    error(line(node), String.format(Locale.ROOT, "'%s' must be a single value", what));
    return null;
  }

  private String requiredString(Map<String, NodeTuple> m, String key, Node owner) {
    NodeTuple t = m.get(key);
    if (t == null) {
      missing(m, line(owner), String.format(Locale.ROOT, "'%s' is missing", key));
      return null;
    }
    String v = scalar(t.getValueNode(), key);
    if (v != null && v.isEmpty()) {
      error(line(t.getValueNode()), String.format(Locale.ROOT, "'%s' must not be empty", key));
      return null;
    }
    return v;
  }

  private String optionalString(Map<String, NodeTuple> m, String key) {
    NodeTuple t = m.get(key);
    return t == null ? null : scalar(t.getValueNode(), key);
  }

  private boolean optionalBoolean(Map<String, NodeTuple> m, String key) {
    NodeTuple t = m.get(key);
    if (t == null) {
      return false;
    }
    String v = scalar(t.getValueNode(), key);
    if (v == null) {
      return false;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on":
        return true;
      case "false", "no", "off":
        return false;
      default:
        error(line(t.getValueNode()), String.format(Locale.ROOT,
            "'%s' must be true or false (got '%s')", key, v));
        return false;
    }
  }

  private static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private void error(int line, String message) {
    errors.add(new ConfigError(file, line, message));
  }
}
