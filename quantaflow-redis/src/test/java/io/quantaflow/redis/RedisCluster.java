package io.quantaflow.redis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A three-master Redis Cluster of {@link RedisProcess}es, formed with
 * {@code redis-cli --cluster create ... --cluster-yes} when redis-cli is on the PATH and with
 * CLUSTER ADDSLOTS / CLUSTER MEET otherwise. Can move a slot between masters (the
 * SETSLOT IMPORTING / MIGRATING / MIGRATE / SETSLOT NODE sequence a reshard performs).
 */
final class RedisCluster implements AutoCloseable {

  private static final int SLOTS = 16_384;

  private final List<RedisProcess> nodes = new ArrayList<>();

  private RedisCluster() {}

  static RedisCluster start() {
    RedisCluster cluster = new RedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(RedisProcess.start(
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000"));
      }
      cluster.form();
      cluster.awaitHealthy();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  List<RedisProcess> nodes() {
    return nodes;
  }

  String uri() {
    return "redis://127.0.0.1:" + nodes.get(0).port();
  }

  int slotOf(String key) {
    return ((Long) nodes.get(0).call("CLUSTER", "KEYSLOT", key)).intValue();
  }

  /** Returns the master that owns {@code slot}, as the first node sees the cluster. */
  RedisProcess ownerOf(int slot) {
    String nodesText = (String) nodes.get(0).call("CLUSTER", "NODES");
    for (String line : nodesText.split("\n")) {
      if (!line.isBlank() && ownsSlot(line, slot)) {
        String address = line.split(" ")[1];
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1,
            address.indexOf('@')));
        for (RedisProcess node : nodes) {
          if (node.port() == port) {
            return node;
          }
        }
      }
    }
    throw new IllegalStateException("no master owns slot " + slot);
  }

  /** Moves {@code slot} with its keys to {@code target}, as redis-cli --cluster reshard does. */
  void moveSlot(int slot, RedisProcess target) {
    RedisProcess source = ownerOf(slot);
    if (source == target) {
      return;
    }
    String slotText = Integer.toString(slot);
    String sourceId = (String) source.call("CLUSTER", "MYID");
    String targetId = (String) target.call("CLUSTER", "MYID");
    expectOk(target.call("CLUSTER", "SETSLOT", slotText, "IMPORTING", sourceId));
    expectOk(source.call("CLUSTER", "SETSLOT", slotText, "MIGRATING", targetId));
    while (true) {
      @SuppressWarnings("unchecked")
      List<Object> keys = (List<Object>) source.call(
          "CLUSTER", "GETKEYSINSLOT", slotText, "100");
      if (keys.isEmpty()) {
        break;
      }
      List<String> migrate = new ArrayList<>(List.of(
          "MIGRATE", "127.0.0.1", Integer.toString(target.port()), "", "0", "5000", "KEYS"));
      keys.forEach(k -> migrate.add((String) k));
      expectOk(source.call(migrate.toArray(String[]::new)));
    }
    for (RedisProcess node : nodes) {
      expectOk(node.call("CLUSTER", "SETSLOT", slotText, "NODE", targetId));
    }
  }

  void awaitHealthy() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (RedisProcess node : nodes) {
        Object info = Resp.tryCall(node.port(), "CLUSTER", "INFO");
        ok &= info instanceof String text
            && text.contains("cluster_state:ok") && text.contains("cluster_known_nodes:3");
      }
      if (ok) {
        return;
      }
      RedisProcess.sleepMillis(50);
    }
    throw new IllegalStateException("cluster did not reach cluster_state:ok in 20 s");
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }

  private void form() {
    Optional<Path> cli = RedisBinaries.cli();
    if (cli.isPresent()) {
      formWithCli(cli.get());
    } else {
      formWithCommands();
    }
  }

  private void formWithCli(Path cli) {
    List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
    nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run redis-cli: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void formWithCommands() {
    for (int i = 0; i < nodes.size(); i++) {
      int from = i * SLOTS / nodes.size();
      int to = (i + 1) * SLOTS / nodes.size();
      List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
      for (int slot = from; slot < to; slot++) {
        command.add(Integer.toString(slot));
      }
      expectOk(nodes.get(i).call(command.toArray(String[]::new)));
    }
    for (RedisProcess node : nodes.subList(1, nodes.size())) {
      expectOk(nodes.get(0).call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port())));
    }
  }

  private static boolean ownsSlot(String nodesLine, int slot) {
    String[] fields = nodesLine.split(" ");
    if (!fields[2].contains("master")) {
      return false;
    }
    for (int i = 8; i < fields.length; i++) {
      String range = fields[i];
      if (range.startsWith("[")) {
        continue;
      }
      String[] ends = range.split("-");
      int from = Integer.parseInt(ends[0]);
      int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
      if (slot >= from && slot <= to) {
        return true;
      }
    }
    return false;
  }

  private static void expectOk(Object reply) {
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("expected OK from redis, got " + reply);
    }
  }
}
