package io.quantaflow.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The usual way to key a single-key limiter by tenant: a {@link ConcurrentHashMap} from
 * tenant id to that tenant's limiter, created on first use. A plain {@code get} comes first
 * so that the common case (the tenant exists) takes no lock, as careful users write it.
 */
final class LimiterMap<L> implements KeyedDecider {

  private final ConcurrentHashMap<String, L> limiters;
  private final Function<String, L> create;
  private final Predicate<L> tryAcquireOne;

  LimiterMap(Function<String, L> create, Predicate<L> tryAcquireOne) {
    this.limiters = new ConcurrentHashMap<>();
    this.create = create;
    this.tryAcquireOne = tryAcquireOne;
  }

  @Override
  public boolean tryAcquire(String tenant) {
    L limiter = limiters.get(tenant);
    if (limiter == null) {
      limiter = limiters.computeIfAbsent(tenant, create);
    }
    return tryAcquireOne.test(limiter);
  }
}
