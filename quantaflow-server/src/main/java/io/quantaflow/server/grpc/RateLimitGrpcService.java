package io.quantaflow.server.grpc;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quantaflow.server.CheckRequest;
import io.quantaflow.server.CheckResult;
import io.quantaflow.server.DecisionService;
import io.quantaflow.server.InvalidRequestException;
import io.quantaflow.server.config.TimeUnitName;
import io.quantaflow.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy's {@code envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit}. The request's
 * {@code hits_addend} of 0 means 1 (proto3 cannot tell 0 from unset); a descriptor's own
 * {@code hits_addend}, when set, wins, and 0 there means check only. Invalid requests get
 * INVALID_ARGUMENT with a one-line description; a failing store gets UNAVAILABLE.
 */
public final class RateLimitGrpcService extends RateLimitServiceGrpc.RateLimitServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(RateLimitGrpcService.class);
  private static final long UINT32_MAX = 0xFFFF_FFFFL;

  private final DecisionService service;
  private final ServerMetrics metrics;
  private final boolean rateLimitHeaders;
  private final int maxRequestBytes;

  /**
   * {@code maxRequestBytes} is checked here, not only by grpc-java's inbound limit: grpc-java
   * 1.62 answers a message over its own limit with a stream reset (the client sees CANCELLED),
   * so the transport's limit is set higher (see {@link #transportLimitBytes}) and a request
   * between the two gets RESOURCE_EXHAUSTED naming the size and the limit.
   */
  public RateLimitGrpcService(DecisionService service, ServerMetrics metrics,
      boolean rateLimitHeaders, int maxRequestBytes) {
    this.service = service;
    this.metrics = metrics;
    this.rateLimitHeaders = rateLimitHeaders;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * The inbound message limit to give grpc-java: 4 times {@code maxRequestBytes}, at least
   * 4 MiB (grpc-java's default), at most 256 MiB. Larger messages are still reset by grpc-java.
   */
  public static int transportLimitBytes(int maxRequestBytes) {
    long limit = Math.max(4L * maxRequestBytes, 4L << 20);
    return (int) Math.min(limit, 256L << 20);
  }

  @Override
  public void shouldRateLimit(RateLimitRequest request,
      StreamObserver<RateLimitResponse> observer) {
    long start = System.nanoTime();
    RateLimitResponse response;
    int size = request.getSerializedSize();
    if (size > maxRequestBytes) {
      metrics.countError("grpc", "too_large");
      metrics.recordLatency("grpc", System.nanoTime() - start);
      observer.onError(Status.RESOURCE_EXHAUSTED.withDescription(String.format(Locale.ROOT,
          "request is %d bytes, more than the limit of %d (--max-request-bytes)", size,
          maxRequestBytes)).asRuntimeException());
      return;
    }
    try {
      response = toResponse(service.check(toCheck(request)));
    } catch (InvalidRequestException e) {
      metrics.countError("grpc", "invalid");
      observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage())
          .asRuntimeException());
      return;
    } catch (RuntimeException e) {
      metrics.countError("grpc", "unavailable");
      log.warn("cannot decide a gRPC request: {}", e.toString());
      observer.onError(Status.UNAVAILABLE.withDescription("rate limit store failed: "
          + e.getClass().getSimpleName()).asRuntimeException());
      return;
    } finally {
      metrics.recordLatency("grpc", System.nanoTime() - start);
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  static CheckRequest toCheck(RateLimitRequest request) {
    List<CheckRequest.Descriptor> descriptors = new ArrayList<>();
    for (RateLimitDescriptor d : request.getDescriptorsList()) {
      List<String[]> entries = new ArrayList<>();
      for (RateLimitDescriptor.Entry e : d.getEntriesList()) {
        entries.add(new String[] {e.getKey(), e.getValue()});
      }
      Long hits = d.hasHitsAddend() ? d.getHitsAddend().getValue() : null;
      CheckRequest.LimitOverride override = null;
      if (d.hasLimit()) {
        override = new CheckRequest.LimitOverride(
            Integer.toUnsignedLong(d.getLimit().getRequestsPerUnit()), unitOf(d.getLimit()
                .getUnitValue()));
      }
      descriptors.add(new CheckRequest.Descriptor(entries, hits, override));
    }
    long hits = Integer.toUnsignedLong(request.getHitsAddend());
    return new CheckRequest(request.getDomain(), descriptors, hits == 0 ? 1 : hits);
  }

  private static TimeUnitName unitOf(int typeUnit) {
    return switch (typeUnit) {
      case 1 -> TimeUnitName.SECOND;
      case 2 -> TimeUnitName.MINUTE;
      case 3 -> TimeUnitName.HOUR;
      case 4 -> TimeUnitName.DAY;
      case 5 -> TimeUnitName.MONTH;
      case 6 -> TimeUnitName.YEAR;
      default -> null;
    };
  }

  RateLimitResponse toResponse(CheckResult result) {
    RateLimitResponse.Builder b = RateLimitResponse.newBuilder().setOverallCode(
        result.overLimit() ? RateLimitResponse.Code.OVER_LIMIT : RateLimitResponse.Code.OK);
    for (CheckResult.Status s : result.statuses()) {
      b.addStatuses(statusOf(s));
    }
    CheckResult.Status h = result.headerStatus();
    if (rateLimitHeaders && h != null) {
      b.addResponseHeadersToAdd(header("RateLimit-Limit",
          Long.toString(h.limitView().requestsPerUnit())));
      b.addResponseHeadersToAdd(header("RateLimit-Remaining",
          Long.toString(Math.max(0, h.remaining()))));
      b.addResponseHeadersToAdd(header("RateLimit-Reset",
          Long.toString(ceilSeconds(Math.max(0, h.nanosUntilReset())))));
    }
    return b.build();
  }

  private static RateLimitResponse.DescriptorStatus statusOf(CheckResult.Status s) {
    RateLimitResponse.DescriptorStatus.Builder d = RateLimitResponse.DescriptorStatus
        .newBuilder().setCode(s.code() == CheckResult.Code.OVER_LIMIT
            ? RateLimitResponse.Code.OVER_LIMIT : RateLimitResponse.Code.OK);
    if (s.unlimited()) {
      d.setLimitRemaining((int) UINT32_MAX);
    }
    if (s.limitView() != null) {
      RateLimitResponse.RateLimit.Builder limit = RateLimitResponse.RateLimit.newBuilder()
          .setRequestsPerUnit((int) Math.min(UINT32_MAX, s.limitView().requestsPerUnit()))
          .setUnit(RateLimitResponse.RateLimit.Unit.valueOf(s.limitView().unit().name()));
      if (s.limitView().name() != null) {
        limit.setName(s.limitView().name());
      }
      d.setCurrentLimit(limit);
      d.setLimitRemaining((int) Math.min(UINT32_MAX, Math.max(0, s.remaining())));
      if (s.nanosUntilReset() > 0) {
        d.setDurationUntilReset(Duration.newBuilder()
            .setSeconds(s.nanosUntilReset() / 1_000_000_000L)
            .setNanos((int) (s.nanosUntilReset() % 1_000_000_000L)));
      }
    }
    return d.build();
  }

  private static HeaderValue header(String key, String value) {
    return HeaderValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** Whole seconds, rounded up. */
  public static long ceilSeconds(long nanos) {
    return nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
  }
}
