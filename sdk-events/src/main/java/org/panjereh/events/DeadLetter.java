package org.panjereh.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A record the platform refused for good (a per-event {@code rejected}, or a non-retryable answer):
 * parked with the platform's reason so that a person can look at it. It is not retried.
 *
 * @param id       record id (the CloudEvents id, or the message's idempotency key)
 * @param kind     {@code event} or {@code message}
 * @param key      its ordering key (the tracking id)
 * @param code     the platform's stable code, e.g. {@code events.not_started}
 * @param detail   the platform's explanation
 * @param parkedAt when it was parked
 * @param payload  what was sent, as text
 */
public record DeadLetter(UUID id, String kind, String key, String code, String detail, Instant parkedAt, String payload) {
}
