package io.quantaflow.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;

/**
 * A Lua script shipped as a resource next to this class, named and versioned by its file
 * name ({@code admit-v1.lua}), run with EVALSHA and, when the server answers NOSCRIPT (a
 * restart, a failover, SCRIPT FLUSH), once with EVAL, which also caches it again.
 */
final class RedisScript {

  /** Catch-up, admission and all-or-nothing over the keys of one slot. */
  static final RedisScript ADMIT = load("admit-v1.lua");

  /** Gives back what ADMIT took in one slot when another slot denied the call. */
  static final RedisScript REFUND = load("refund-v1.lua");

  private final String name;
  private final String body;
  private final String sha1;

  private RedisScript(String name, String body) {
    this.name = name;
    this.body = body;
    this.sha1 = sha1Hex(body);
  }

  static RedisScript load(String resourceName) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resourceName)) {
      if (in == null) {
        throw new IllegalStateException("script resource " + resourceName + " is missing");
      }
      return new RedisScript(resourceName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  String sha1() {
    return sha1;
  }

  String body() {
    return body;
  }

  /** Runs the script; the stage completes with its multi-bulk reply. */
  CompletionStage<List<Object>> run(
      RedisScriptingAsyncCommands<String, String> redis, String[] keys, String[] args,
      Runnable onReload) {
    CompletableFuture<List<Object>> result = new CompletableFuture<>();
    redis.<List<Object>>evalsha(sha1, ScriptOutputType.MULTI, keys, args)
        .whenComplete((reply, error) -> {
          if (error == null) {
            result.complete(reply);
          } else if (isNoScript(error)) {
            onReload.run();
            redis.<List<Object>>eval(body, ScriptOutputType.MULTI, keys, args)
                .whenComplete((again, failure) -> {
                  if (failure == null) {
                    result.complete(again);
                  } else {
                    result.completeExceptionally(failure);
                  }
                });
          } else {
            result.completeExceptionally(error);
          }
        });
    return result;
  }

  private static boolean isNoScript(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException
        ? error.getCause() : error;
    return cause instanceof RedisNoScriptException
        || (cause != null && cause.getMessage() != null
            && cause.getMessage().startsWith("NOSCRIPT"));
  }

  private static String sha1Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
