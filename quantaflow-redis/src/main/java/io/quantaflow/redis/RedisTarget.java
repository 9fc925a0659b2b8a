package io.quantaflow.redis;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisURI;

/**
 * Where Redis is: one server ({@code redis://host:port}, {@code rediss://...}) or the seed
 * nodes of a Redis Cluster ({@code redis-cluster://host:port[,host:port...]}).
 */
record RedisTarget(boolean cluster, List<RedisURI> uris) {

  static final String CLUSTER_SCHEME = "redis-cluster://";

  static RedisTarget parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("redis uri must not be empty (got \"" + uri + "\")");
    }
    try {
      if (uri.startsWith(CLUSTER_SCHEME)) {
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : uri.substring(CLUSTER_SCHEME.length()).split(",")) {
          seeds.add(RedisURI.create("redis://" + hostPort.strip()));
        }
        return new RedisTarget(true, List.copyOf(seeds));
      }
      if (uri.startsWith("redis://") || uri.startsWith("rediss://")) {
        return new RedisTarget(false, List.of(RedisURI.create(uri)));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("redis uri is not valid: \"" + uri + "\" ("
          + e.getMessage() + ")", e);
    }
    throw new IllegalArgumentException("redis uri must start with redis://, rediss:// or "
        + CLUSTER_SCHEME + " (got \"" + uri + "\")");
  }
}
