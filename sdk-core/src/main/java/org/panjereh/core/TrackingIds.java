package org.panjereh.core;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The central tracking-id issuer (contract section 4): every request gets its id here, and its status
 * and timeline are read back here.
 *
 * <p>Issuing is a POST with an {@code Idempotency-Key}: a call retried after a dropped connection
 * gets the same id. Pass your own key (for example derived from your form's id) when your code may
 * repeat the call after a crash.
 *
 * <pre>{@code
 * TrackingIds ids = TrackingIds.builder(platform).build();
 * IssuedTrackingId issued = ids.issue(ServiceId.of("10101234567"), Channel.WEB, citizen.subject());
 * TrackingStatus status = ids.status(issued.trackingId());
 * }</pre>
 */
public final class TrackingIds {

    /**
     * What the issuer answered.
     *
     * @param trackingId the new id, check digits verified
     * @param serviceId  the service it belongs to
     * @param issuedAt   when it was issued
     */
    public record IssuedTrackingId(TrackingId trackingId, ServiceId serviceId, Instant issuedAt) {
        /** All members are required. */
        public IssuedTrackingId {
            Objects.requireNonNull(trackingId, "trackingId");
            Objects.requireNonNull(serviceId, "serviceId");
            Objects.requireNonNull(issuedAt, "issuedAt");
        }
    }

    /**
     * One entry of a request's timeline.
     *
     * @param type            event type, e.g. {@code ir.gov.service.step}
     * @param step            step code, for step events
     * @param time            when it happened
     * @param responsibleUnit unit code
     */
    public record TimelineEntry(String type, String step, Instant time, String responsibleUnit) {
    }

    /**
     * A request's status and timeline, as the citizen sees it at the platform.
     *
     * @param trackingId the request
     * @param serviceId  its service
     * @param status     e.g. {@code in-progress}, {@code delivered}
     * @param events     timeline, oldest first
     */
    public record TrackingStatus(TrackingId trackingId, ServiceId serviceId, String status, List<TimelineEntry> events) {
        /** Freezes the timeline. */
        public TrackingStatus {
            Objects.requireNonNull(trackingId, "trackingId");
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    private record IssueBody(String serviceId, String channel, String applicantSub) {
    }

    private final PlatformClient client;

    private TrackingIds(Builder b) {
        this.client = b.client;
    }

    /**
     * @param client the platform client (its credentials need the {@code tracking} scope)
     * @return a builder
     */
    public static Builder builder(PlatformClient client) {
        return new Builder(client);
    }

    /** Builder of {@link TrackingIds}. */
    public static final class Builder {
        private final PlatformClient client;

        private Builder(PlatformClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** @return the tracking-id client */
        public TrackingIds build() {
            return new TrackingIds(this);
        }
    }

    /**
     * Issues a tracking id, with a new idempotency key kept across this call's retries.
     *
     * @param serviceId    the service applied for
     * @param channel      where the citizen applied
     * @param applicantSub the citizen's pairwise {@code sub}
     * @return the issued id
     */
    public IssuedTrackingId issue(ServiceId serviceId, Channel channel, String applicantSub) {
        return issue(serviceId, channel, applicantSub, RequestOptions.none());
    }

    /**
     * Issues a tracking id with the caller's options; the same idempotency key always yields the same id.
     *
     * @param serviceId    the service applied for
     * @param channel      where the citizen applied
     * @param applicantSub the citizen's pairwise {@code sub}
     * @param options      per-call options, typically with an idempotency key
     * @return the issued id
     * @throws PlatformException with code {@code tracking.service_unknown} for an unknown service
     */
    public IssuedTrackingId issue(ServiceId serviceId, Channel channel, String applicantSub, RequestOptions options) {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(channel, "channel");
        if (applicantSub == null || applicantSub.isBlank() || applicantSub.length() > 255) {
            throw new IllegalArgumentException("applicantSub must be the citizen's sub (1-255 characters)");
        }
        URI uri = URI.create(base() + "/tracking-ids");
        PlatformResponse r = client.postJson(uri, new IssueBody(serviceId.value(), channel.wireValue(), applicantSub),
                options);
        IssuedTrackingId issued = r.json(IssuedTrackingId.class);
        if (!issued.serviceId().equals(serviceId)) {
            throw new InvalidPlatformResponseException("Issuer answered a tracking id for service " + issued.serviceId()
                    + " when " + serviceId + " was asked", r.statusCode(), null);
        }
        return issued;
    }

    /**
     * The status and timeline of a request.
     *
     * @param trackingId the request
     * @return its status
     */
    public TrackingStatus status(TrackingId trackingId) {
        Objects.requireNonNull(trackingId, "trackingId");
        URI uri = URI.create(base() + "/tracking-ids/" + trackingId.value());
        return client.get(uri, RequestOptions.none()).json(TrackingStatus.class);
    }

    private String base() {
        return client.metadata().trackingEndpoint().toString().replaceAll("/+$", "");
    }
}
