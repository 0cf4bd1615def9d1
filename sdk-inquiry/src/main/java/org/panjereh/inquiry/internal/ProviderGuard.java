package org.panjereh.inquiry.internal;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.inquiry.ExchangeException;
import org.panjereh.inquiry.ProviderPolicy;

/**
 * The Resilience4j guards of one exchange service, made from its {@link ProviderPolicy} and composed as decorators:
 * retry around circuit breaker around rate limiter around bulkhead around the call. Only the provider's own
 * failures (unavailable, timeout, unreachable) count against the circuit; a refusal made here (busy, circuit open)
 * is never retried.
 *
 * @param policy  the policy
 * @param retry   retries of retryable failures
 * @param breaker the circuit toward the service
 * @param limiter calls per second
 * @param bulkhead calls in flight
 */
public record ProviderGuard(ProviderPolicy policy, Retry retry, CircuitBreaker breaker, RateLimiter limiter, Bulkhead bulkhead) {

    /**
     * @param provider the provider, for the circuit gauge
     * @param k        the service, {@code provider/service}
     * @param p        its policy
     * @return the guards
     */
    public static ProviderGuard of(String provider, String k, ProviderPolicy p) {
        String name = "exchange-" + k;
        Retry retry = Retry.of(name, RetryConfig.<PlatformResponse>custom().maxAttempts(p.maxAttempts())
                .waitDuration(p.retryWait().isZero() ? Duration.ofMillis(1) : p.retryWait())
                .retryOnException(e -> e instanceof ExchangeException x && x.isRetryable()
                        && x.reason() != ExchangeException.Reason.BUSY && x.reason() != ExchangeException.Reason.CIRCUIT_OPEN)
                .build());
        CircuitBreaker cb = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(p.windowSize())
                .minimumNumberOfCalls(Math.min(p.windowSize(), 5)).failureRateThreshold(p.failureRatePercent())
                .waitDurationInOpenState(p.openWait()).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof ExchangeException x && switch (x.reason()) {
                    case PROVIDER_UNAVAILABLE, PROVIDER_TIMEOUT, UNREACHABLE -> true;
                    default -> false;
                }).build());
        RateLimiter rl = RateLimiter.of(name, RateLimiterConfig.custom().limitForPeriod(p.ratePerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        Bulkhead bh = Bulkhead.of(name, BulkheadConfig.custom().maxConcurrentCalls(p.maxConcurrent())
                .maxWaitDuration(p.maxBulkheadWait()).build());
        Telemetry.gauge("panjereh.exchange.circuit.open", cb,
                b -> b.getState() == CircuitBreaker.State.OPEN || b.getState() == CircuitBreaker.State.FORCED_OPEN ? 1 : 0,
                "provider", provider, "service", k);
        return new ProviderGuard(p, retry, cb, rl, bh);
    }

    /**
     * @param call the call
     * @return the call inside the guards
     */
    public Supplier<PlatformResponse> decorate(Supplier<PlatformResponse> call) {
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker,
                RateLimiter.decorateSupplier(limiter, Bulkhead.decorateSupplier(bulkhead, call))));
    }
}
