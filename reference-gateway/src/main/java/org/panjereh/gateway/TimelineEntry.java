package org.panjereh.gateway;

import java.time.Instant;
import java.util.UUID;
import org.panjereh.core.TrackingId;
import org.panjereh.events.EventType;

/**
 * One event of a request's timeline. Stored before it is published, under the id the platform
 * de-duplicates on, so a crash between the two is repaired by publishing it again.
 *
 * @param eventId    the service event's id
 * @param trackingId the request
 * @param seq        position in the timeline, from 0
 * @param type       started, step, delivered or rejected
 * @param step       the card step, for step events
 * @param unit       the responsible organisational unit
 * @param at         when it happened
 * @param published  whether the event is in the outbox
 */
public record TimelineEntry(UUID eventId, TrackingId trackingId, int seq, EventType type, String step, String unit,
                            Instant at, boolean published) {
}
