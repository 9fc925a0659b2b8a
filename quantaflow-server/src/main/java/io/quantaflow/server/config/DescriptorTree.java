package io.quantaflow.server.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nested descriptors of one domain, indexed for matching as the Envoy rate-limit service
 * documents it: a request descriptor of n entries is matched level by level against a rule
 * path of exactly n levels; at each level an exact key and value wins over a value prefix
 * ({@code value: api*}, longest prefix first), which wins over the key alone. The rule found
 * after the last entry applies; none found means no limit.
 */
final class DescriptorTree {

  static final class Node {
    final Map<String, Node> exact = new HashMap<>();
    final List<Map.Entry<String, Node>> prefixes = new ArrayList<>();
    final Map<String, Node> keyOnly = new HashMap<>();
    RateLimitRule rule;
    int line;
  }

  private final Node root = new Node();

  Node root() {
    return root;
  }

  static String exactKey(String key, String value) {
    return key.length() + ":" + key + "=" + value;
  }

  /** Returns the rule for the request entries (keys and values alternate), or null. */
  RateLimitRule match(List<String[]> entries) {
    Node node = root;
    for (String[] entry : entries) {
      node = step(node, entry[0], entry[1]);
      if (node == null) {
        return null;
      }
    }
    return node == root ? null : node.rule;
  }

  private static Node step(Node node, String key, String value) {
    Node found = node.exact.get(exactKey(key, value));
    if (found != null) {
      return found;
    }
    Node best = null;
    int bestLength = -1;
    for (Map.Entry<String, Node> p : node.prefixes) {
      String pattern = p.getKey();
      int cut = pattern.indexOf('=');
      String k = pattern.substring(0, cut);
      String prefix = pattern.substring(cut + 1);
      if (k.equals(key) && value.startsWith(prefix) && prefix.length() > bestLength) {
        best = p.getValue();
        bestLength = prefix.length();
      }
    }
    return best != null ? best : node.keyOnly.get(key);
  }
}
