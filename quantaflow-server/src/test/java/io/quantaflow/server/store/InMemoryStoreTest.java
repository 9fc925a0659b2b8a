package io.quantaflow.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quantaflow.core.Clock;
import io.quantaflow.core.Limit;
import io.quantaflow.core.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

final class InMemoryStoreTest extends RateLimitStoreContract {

  @Override
  protected RateLimitStore newStore(Clock clock) {
    return new InMemoryStore(clock);
  }

  @Test
  void decideAll_overTheKeyCap_dropsOnlyFullStates() {
    ManualClock clock = new ManualClock(0);
    InMemoryStore store = new InMemoryStore(clock, 2);
    Limit limit = Limit.of(2, 1, 4);
    store.decideAll(List.of(new StoreRequest("busy", limit, 4)));
    store.decideAll(List.of(new StoreRequest("idle1", limit, 0)));

    store.decideAll(List.of(new StoreRequest("idle2", limit, 0)));

    // idle1 and idle2 are full and dropped; busy is empty and kept.
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.decideAll(List.of(new StoreRequest("busy", limit, 0))).get(0)
        .remainingTokens()).isZero();
  }
}
