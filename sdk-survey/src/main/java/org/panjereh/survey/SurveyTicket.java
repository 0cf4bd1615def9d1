package org.panjereh.survey;

import java.time.Instant;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * What a redeemed survey ticket says: which delivered request the answer is for, and for whom.
 *
 * @param id         the ticket's id (single use)
 * @param trackingId the request
 * @param serviceId  its service
 * @param channel    where the citizen was served
 * @param subject    the citizen's pairwise sub
 * @param expiresAt  when it stops being valid
 */
public record SurveyTicket(String id, TrackingId trackingId, ServiceId serviceId, Channel channel, String subject,
                           Instant expiresAt) {
}
