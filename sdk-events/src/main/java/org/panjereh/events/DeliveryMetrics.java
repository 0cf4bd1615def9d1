package org.panjereh.events;

import java.time.Duration;

/**
 * A snapshot of delivery to the platform.
 *
 * @param pending          records stored and not yet settled
 * @param delivered        records the platform accepted since start
 * @param duplicates       records the platform already had (counted as delivered)
 * @param rejected         records parked as dead letters since start
 * @param oldestPendingAge age of the oldest unsettled record ({@link Duration#ZERO} when none)
 * @param circuitState     the circuit breaker toward the platform: CLOSED, OPEN or HALF_OPEN
 * @param lastError        the last delivery failure, without personal data, or {@code null}
 */
public record DeliveryMetrics(long pending, long delivered, long duplicates, long rejected, Duration oldestPendingAge,
                              String circuitState, String lastError) {
}
