package org.panjereh.inquiry;

import java.time.Duration;
import java.util.Objects;

/**
 * Resilience settings for one exchange service or provider: timeout, retry (inquiries are
 * read-only), circuit breaker, bulkhead, rate limit, and an optional answer cache.
 *
 * @param timeout            each attempt, end to end (default 5 s)
 * @param maxAttempts        attempts in all, retrying only what may succeed (default 2)
 * @param retryWait          wait between attempts (default 200 ms)
 * @param maxConcurrent      bulkhead: inquiries in flight at once (default 20)
 * @param maxBulkheadWait    how long a caller may wait for a bulkhead place (default 0: refuse at once)
 * @param ratePerSecond      rate limit (default 100 a second)
 * @param failureRatePercent circuit opens past this failure rate (default 50)
 * @param windowSize         calls the failure rate is measured over (default 20)
 * @param openWait           how long the circuit stays open before a trial call (default 30 s)
 * @param cacheTtl           cache answers this long, or {@code null} for no cache (the default)
 */
public record ProviderPolicy(Duration timeout, int maxAttempts, Duration retryWait, int maxConcurrent,
                             Duration maxBulkheadWait, int ratePerSecond, int failureRatePercent, int windowSize,
                             Duration openWait, Duration cacheTtl) {

    /** Checks the ranges. */
    public ProviderPolicy {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retryWait, "retryWait");
        Objects.requireNonNull(maxBulkheadWait, "maxBulkheadWait");
        Objects.requireNonNull(openWait, "openWait");
        if (maxAttempts < 1 || maxAttempts > 5 || maxConcurrent < 1 || ratePerSecond < 1 || failureRatePercent < 1
                || failureRatePercent > 100 || windowSize < 1) {
            throw new IllegalArgumentException("maxAttempts 1-5; maxConcurrent, ratePerSecond, windowSize positive;"
                    + " failureRatePercent 1-100");
        }
    }

    /** The defaults listed above. */
    public static ProviderPolicy defaults() {
        return new ProviderPolicy(Duration.ofSeconds(5), 2, Duration.ofMillis(200), 20, Duration.ZERO, 100, 50, 20,
                Duration.ofSeconds(30), null);
    }

    /** @param d timeout of each attempt */
    public ProviderPolicy withTimeout(Duration d) {
        return new ProviderPolicy(d, maxAttempts, retryWait, maxConcurrent, maxBulkheadWait, ratePerSecond,
                failureRatePercent, windowSize, openWait, cacheTtl);
    }

    /**
     * @param attempts attempts in all
     * @param wait     wait between them
     * @return a copy
     */
    public ProviderPolicy withRetry(int attempts, Duration wait) {
        return new ProviderPolicy(timeout, attempts, wait, maxConcurrent, maxBulkheadWait, ratePerSecond,
                failureRatePercent, windowSize, openWait, cacheTtl);
    }

    /**
     * @param concurrent inquiries in flight at once
     * @param wait       how long a caller may wait for a place
     * @return a copy
     */
    public ProviderPolicy withBulkhead(int concurrent, Duration wait) {
        return new ProviderPolicy(timeout, maxAttempts, retryWait, concurrent, wait, ratePerSecond,
                failureRatePercent, windowSize, openWait, cacheTtl);
    }

    /** @param perSecond inquiries a second */
    public ProviderPolicy withRateLimit(int perSecond) {
        return new ProviderPolicy(timeout, maxAttempts, retryWait, maxConcurrent, maxBulkheadWait, perSecond,
                failureRatePercent, windowSize, openWait, cacheTtl);
    }

    /**
     * @param failurePercent failure rate that opens the circuit
     * @param window         calls measured
     * @param open           how long it stays open
     * @return a copy
     */
    public ProviderPolicy withCircuitBreaker(int failurePercent, int window, Duration open) {
        return new ProviderPolicy(timeout, maxAttempts, retryWait, maxConcurrent, maxBulkheadWait, ratePerSecond,
                failurePercent, window, open, cacheTtl);
    }

    /** @param ttl cache answers this long ({@code null} turns the cache off); never allowed for Shahkar */
    public ProviderPolicy withCache(Duration ttl) {
        return new ProviderPolicy(timeout, maxAttempts, retryWait, maxConcurrent, maxBulkheadWait, ratePerSecond,
                failureRatePercent, windowSize, openWait, ttl);
    }
}
