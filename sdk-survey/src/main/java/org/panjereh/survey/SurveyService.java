package org.panjereh.survey;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.shared.Json;
import org.panjereh.events.ServiceEventPublisher;

/**
 * The survey right after delivery (contract section 6, ماده ۸ آیین‌نامه): the form to show, and the
 * answer taken from a ticket's holder, validated, and stored in the durable outbox for delivery to the
 * national evaluation service with the service id and tracking id. A platform outage loses no answer.
 *
 * <p>Add {@link SurveyResponseCourier} to the {@link ServiceEventPublisher} that this service uses.
 *
 * <pre>{@code
 * ServiceEventPublisher events = ServiceEventPublisher.builder(platform, outbox)
 *     .courier(new SurveyResponseCourier()).build();
 * SurveyService survey = SurveyService.builder(platform, events, tickets).build();
 * SurveyForm form = survey.formFor(ticket);                       // render it
 * survey.submit(ticket, trackingId, request.getParameterMap());  // on POST
 * }</pre>
 */
public final class SurveyService {

    private record CachedForm(SurveyForm form, Instant until) {
    }

    private final PlatformClient platform;
    private final ServiceEventPublisher publisher;
    private final SurveyTickets tickets;
    private final Clock clock;
    private final SurveyArchive archive;
    private final Map<String, CachedForm> forms = new ConcurrentHashMap<>();

    private SurveyService(Builder b) {
        this.platform = b.platform;
        this.publisher = b.publisher;
        this.tickets = b.tickets;
        this.clock = b.clock;
        this.archive = b.archive;
    }

    /**
     * @param platform  platform client (forms, replies, visits)
     * @param publisher the durable outbox path, with a {@link SurveyResponseCourier}
     * @param tickets   ticket minting and redemption
     * @return a builder
     */
    public static Builder builder(PlatformClient platform, ServiceEventPublisher publisher, SurveyTickets tickets) {
        return new Builder(platform, publisher, tickets);
    }

    /** Builder of {@link SurveyService}. */
    public static final class Builder {
        private final PlatformClient platform;
        private final ServiceEventPublisher publisher;
        private final SurveyTickets tickets;
        private Clock clock = Clock.systemUTC();
        private SurveyArchive archive;

        private Builder(PlatformClient platform, ServiceEventPublisher publisher, SurveyTickets tickets) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.publisher = Objects.requireNonNull(publisher, "publisher");
            this.tickets = Objects.requireNonNull(tickets, "tickets");
        }

        /** @param c the clock; default the system's */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * @param a where each response is also kept, for staff replies, the citizen's page and monthly reports; give the
         *          same archive to the {@link SurveyResponseCourier}, which records the platform's id of each response
         * @return this
         */
        public Builder archive(SurveyArchive a) {
            this.archive = a;
            return this;
        }

        /** @return the survey service */
        public SurveyService build() {
            return new SurveyService(this);
        }
    }

    /**
     * A form by id, cached for an hour.
     *
     * @param formId e.g. {@code csat-v1} (the service card's {@code evaluation.formId})
     * @return the form
     */
    public SurveyForm form(String formId) {
        CachedForm c = forms.get(formId);
        if (c != null && clock.instant().isBefore(c.until())) {
            return c.form();
        }
        try {
            URI uri = URI.create(platform.metadata().surveyEndpoint().toString().replaceAll("/+$", "") + "/forms/"
                    + java.net.URLEncoder.encode(formId, java.nio.charset.StandardCharsets.UTF_8));
            SurveyForm f = SurveyForm.parse(Json.MAPPER.readTree(platform.get(uri, RequestOptions.none()).body()));
            forms.put(formId, new CachedForm(f, clock.instant().plus(Duration.ofHours(1))));
            return f;
        } catch (PanjerehException | java.io.IOException e) {
            if (c != null) {
                return c.form();
            }
            throw new SurveyException(SurveyException.Reason.FORM_UNAVAILABLE, "form " + formId + " could not be fetched");
        }
    }

    /**
     * Takes an answer: redeems the ticket, validates against the form, stores it durably. On any
     * refusal nothing is stored and the ticket stays usable (except when it was already used).
     *
     * @param ticket   the ticket from the form
     * @param expected the tracking id the page was for, or {@code null}
     * @param formId   the form answered
     * @param fields   submitted fields ({@code q.<id>} and {@code comment})
     * @return the response's idempotency key
     */
    public UUID submit(String ticket, org.panjereh.core.TrackingId expected, String formId, Map<String, String> fields) {
        SurveyTicket t = tickets.redeem(ticket, expected);
        try {
            if (publisher.lastEvent(t.trackingId()).orElse(null) != org.panjereh.events.EventType.DELIVERED) {
                throw new SurveyException(SurveyException.Reason.NOT_DELIVERED, "the request's last event is not delivered");
            }
            SurveyForm form = form(formId);
            SurveyAnswers a = SurveyAnswers.validate(form, t, fields);
            List<Map<String, Object>> answers = new ArrayList<>();
            a.values().forEach((q, v) -> answers.add(Map.of("questionId", q, "value", v)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("serviceId", t.serviceId().value());
            body.put("trackingId", t.trackingId().value());
            body.put("formId", form.formId());
            body.put("channel", t.channel().wireValue());
            body.put("answers", answers);
            if (a.comment() != null) {
                body.put("comment", a.comment());
            }
            body.put("submittedAt", clock.instant().toString());
            UUID id = UUID.nameUUIDFromBytes(("survey:" + t.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (archive != null) {
                // Kept first: a response the archive lacks would be missing from replies and reports for good, while a
                // kept one whose enqueue failed is answered again (same key) when the citizen resubmits.
                archive.add(new SurveyArchive.Response(id, t.serviceId(), t.trackingId(), clock.instant(),
                        a.values().getOrDefault("satisfaction", 0), a.comment(), null, null, null, null));
            }
            publisher.enqueue(SurveyResponseCourier.KIND, t.trackingId().value(), id, Json.write(body));
            return id;
        } catch (RuntimeException e) {
            tickets.release(t);
            throw e;
        }
    }

    /**
     * Answers a response's comment at the platform, once, and records the answer in the archive (مصوبه ۱ ماده ۲).
     *
     * @param key    the response's key ({@link SurveyArchive.Response#key()})
     * @param text   the agency's answer, 1-2000 characters
     * @param action {@code noted}, {@code applied} or {@code rejected}
     * @return the stored response with its reply
     * @throws SurveyException {@code NOT_YET_DELIVERED} (retryable) while the platform has not taken the response,
     *                         {@code ALREADY_REPLIED} for a second answer
     * @throws IllegalStateException without an archive
     */
    public SurveyArchive.Response reply(UUID key, String text, String action) {
        if (archive == null) {
            throw new IllegalStateException("SurveyService.reply(key, …) needs an archive (builder.archive)");
        }
        SurveyArchive.Response r = archive.find(key).orElseThrow(() -> new IllegalArgumentException("no such response"));
        if (r.replied()) {
            throw new SurveyException(SurveyException.Reason.ALREADY_REPLIED, "the response was answered before");
        }
        if (r.responseId() == null) {
            throw new SurveyException(SurveyException.Reason.NOT_YET_DELIVERED, "the platform has not taken the response yet");
        }
        reply(r.responseId(), text, action);
        archive.replied(key, action, text, clock.instant());
        return archive.find(key).orElseThrow();
    }

    /**
     * Answers a citizen's comment at the platform (مصوبه ۱ ماده ۲).
     *
     * @param responseId the platform's response id
     * @param text       the agency's answer
     * @param action     {@code noted}, {@code applied} or {@code rejected}
     * @return the platform's reply id
     */
    public String reply(String responseId, String text, String action) {
        if (!List.of("noted", "applied", "rejected").contains(action)) {
            throw new IllegalArgumentException("action is noted, applied or rejected");
        }
        if (text == null || text.isBlank() || text.length() > 2000 || responseId == null || !responseId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a reply needs a response id and 1-2000 characters of text");
        }
        URI uri = URI.create(platform.metadata().surveyEndpoint().toString().replaceAll("/+$", "") + "/responses/" + responseId
                + "/replies");
        try {
            return Json.MAPPER.readTree(platform.postJson(uri, Map.of("text", text, "action", action), RequestOptions.none())
                    .body()).path("replyId").asText(null);
        } catch (java.io.IOException e) {
            throw new PlatformException(org.panjereh.core.PlatformProblem.ofStatus(200, null), e);
        }
    }
}
