package org.panjereh.gateway;

import java.time.Instant;
import org.panjereh.core.Channel;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * A citizen's request at this agency, as the gateway keeps it.
 *
 * @param trackingId    the platform-issued tracking id
 * @param serviceId     the service asked for
 * @param channel       where it was asked for: the web pages or the mobile API
 * @param subject       the applicant's {@code sub} at the national SSO
 * @param recipient     whom the request is for: the applicant's national code or FIDA code, or the company a
 *                      representative applied for (for the message box; never logged)
 * @param applicantName the name the civil registry answered
 * @param address       the address the post answered
 * @param status        where the request stands
 * @param step          the card step it is at, or {@code null}
 * @param surveyTicket  the applicant's survey ticket once delivered, or {@code null}
 * @param createdAt     when it was made
 * @param updatedAt     when it last moved
 * @param version       optimistic-lock version: two staff moving one request cannot both win
 */
public record CitizenRequest(TrackingId trackingId, ServiceId serviceId, Channel channel, String subject, PartyIdentifier recipient,
                             String applicantName, String address, Status status, String step, String surveyTicket,
                             Instant createdAt, Instant updatedAt, int version) {

    /** Where a request stands. */
    public enum Status {
        /** Received, no step taken yet. */
        STARTED("ثبت شده"),
        /** At one of the card's steps. */
        IN_PROGRESS("در حال رسیدگی"),
        /** Delivered: the survey follows. */
        DELIVERED("تحویل شده"),
        /** Rejected by staff. */
        REJECTED("رد شده");

        private final String persian;

        Status(String persian) {
            this.persian = persian;
        }

        /** @return the Persian label */
        public String persian() {
            return persian;
        }

        /** @return whether nothing more can happen to the request */
        public boolean terminal() {
            return this == DELIVERED || this == REJECTED;
        }
    }
}
