package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.shared.Json;

/**
 * Service-event intake (contract section 5): CloudEvents 1.0 batches of at most 500, only the
 * contract's attributes and {@code data} members, started first and nothing after a terminal event,
 * de-duplication on (source, id) forever, and a result per event.
 */
final class Events {

    static final int MAX_BATCH = 500;
    static final Set<String> TYPES = Set.of("ir.gov.service.started", "ir.gov.service.step", "ir.gov.service.delivered",
            "ir.gov.service.rejected", "ir.gov.service.cancelled");
    static final Set<String> TERMINAL = Set.of("ir.gov.service.delivered", "ir.gov.service.rejected",
            "ir.gov.service.cancelled");
    static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "data");
    static final String PAYMENT_STEP = "payment";
    static final Set<String> PAYMENT_OUTCOMES = Set.of("completed", "failed", "refunded");
    static final Set<String> DATA_MEMBERS = Set.of("serviceId", "step", "outcome", "channel", "responsibleUnit");
    static final Map<String, String> OUTCOME_OF = Map.of("ir.gov.service.delivered", "approved",
            "ir.gov.service.rejected", "rejected", "ir.gov.service.cancelled", "cancelled");

    /** Why one event was refused. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        Refusal(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }
    }

    private final Sandbox sandbox;
    /** Accepted (source|id) pairs, kept forever (in the store when it is durable). */
    private final Map<String, String> seen;

    Events(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.seen = sandbox.store.map("seen-events");
    }

    void routes(Router r) {
        r.add("POST", "/events/batch", "events.batch", this::batch);
    }

    int acceptedCount() {
        return seen.size();
    }

    private void batch(Call call) {
        sandbox.auth.authenticate(call, "events");
        String ct = call.header("Content-Type");
        if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents-batch+json")) {
            throw new Problem(415, "events.unsupported_media_type", "Send Content-Type: application/cloudevents-batch+json");
        }
        JsonNode arr;
        try {
            arr = Json.MAPPER.readTree(call.body());
        } catch (IOException e) {
            throw Problem.badRequest("events.invalid_json", "The batch is not valid JSON");
        }
        if (arr == null || !arr.isArray()) {
            throw Problem.badRequest("events.not_a_batch", "A batch is a JSON array of CloudEvents");
        }
        if (arr.size() > MAX_BATCH) {
            throw new Problem(413, "events.batch_too_large", "At most " + MAX_BATCH + " events per batch");
        }
        int accepted = 0;
        List<String> duplicates = new ArrayList<>();
        List<Map<String, Object>> rejected = new ArrayList<>();
        String source = call.agency.source();
        for (JsonNode ev : arr) {
            String id = ev.isObject() && ev.path("id").isTextual() ? ev.get("id").asText() : null;
            try {
                if (id == null || id.isEmpty() || id.length() > 128) {
                    throw new Refusal("events.invalid_id", "id must be a string of 1-128 characters");
                }
                if (!source.equals(ev.path("source").asText(null))) {
                    throw new Refusal("events.source_mismatch", "source must be " + source);
                }
                if (seen.containsKey(source + "|" + id)) {
                    duplicates.add(id);
                    continue;
                }
                accept(call, ev, id, source);
                accepted++;
            } catch (Refusal r) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("code", r.code);
                m.put("detail", r.getMessage());
                rejected.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", accepted);
        out.put("duplicates", duplicates);
        out.put("rejected", rejected);
        call.json(200, out);
    }

    private void accept(Call call, JsonNode ev, String id, String source) throws Refusal {
        for (Iterator<String> it = ev.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!ATTRIBUTES.contains(f)) {
                throw new Refusal("events.attribute_not_allowed", "Attribute " + f + " is not allowed");
            }
        }
        if (!"1.0".equals(ev.path("specversion").asText(null))) {
            throw new Refusal("events.invalid_specversion", "specversion must be 1.0");
        }
        String type = ev.path("type").asText(null);
        if (!TYPES.contains(type)) {
            throw new Refusal("events.invalid_type", "type must be one of " + TYPES);
        }
        if (!"application/json".equals(ev.path("datacontenttype").asText(null))) {
            throw new Refusal("events.invalid_datacontenttype", "datacontenttype must be application/json");
        }
        String time = ev.path("time").asText(null);
        try {
            OffsetDateTime.parse(time == null ? "" : time);
        } catch (DateTimeParseException e) {
            throw new Refusal("events.invalid_time", "time must be an RFC 3339 timestamp");
        }
        String subject = ev.path("subject").asText("");
        Tracking.Request req = sandbox.tracking.requests.get(subject);
        if (req == null) {
            throw new Refusal("events.unknown_tracking_id", "subject must be a tracking id issued by the platform");
        }
        if (!req.agencyId.equals(call.agency.id())) {
            throw new Refusal("events.not_request_owner", "This tracking id belongs to another agency");
        }
        JsonNode data = ev.get("data");
        if (data == null || !data.isObject()) {
            throw new Refusal("events.invalid_data", "data must be a JSON object");
        }
        for (Iterator<String> it = data.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!DATA_MEMBERS.contains(f)) {
                throw new Refusal("events.data_member_not_allowed", "data member " + f
                        + " is not allowed: events carry no service content or personal data");
            }
        }
        if (!req.serviceId.equals(data.path("serviceId").asText(null))) {
            throw new Refusal("events.service_mismatch", "data.serviceId must be the service of the tracking id");
        }
        if (!Tracking.CHANNELS.contains(data.path("channel").asText(null))) {
            throw new Refusal("events.invalid_channel", "data.channel must be one of " + Tracking.CHANNELS);
        }
        String unit = data.path("responsibleUnit").asText(null);
        if (unit == null || unit.isBlank() || unit.length() > 64 || !data.get("responsibleUnit").isTextual()) {
            throw new Refusal("events.invalid_responsible_unit", "data.responsibleUnit must be a unit code of 1-64 characters");
        }
        String step = data.hasNonNull("step") ? data.get("step").asText() : null;
        ServiceCard card = sandbox.cards.approved(req.serviceId);
        if (type.equals("ir.gov.service.step") && step == null) {
            throw new Refusal("events.step_required", "step events carry data.step");
        }
        boolean paymentStep = type.equals("ir.gov.service.step") && PAYMENT_STEP.equals(step);
        if (step != null && !paymentStep && card.step(step).isEmpty()) {
            throw new Refusal("events.unknown_step", "data.step must be a step code of the service card");
        }
        String outcome = data.hasNonNull("outcome") ? data.get("outcome").asText() : null;
        if (paymentStep) {
            // Contract section 10: a payment's progress is a step event "payment" whose outcome says how it went.
            if (outcome == null || !PAYMENT_OUTCOMES.contains(outcome)) {
                throw new Refusal("events.invalid_outcome", "a payment step carries outcome " + PAYMENT_OUTCOMES);
            }
        } else if (outcome != null && (!TERMINAL.contains(type) || !outcome.equals(OUTCOME_OF.get(type)))) {
            throw new Refusal("events.invalid_outcome", "data.outcome belongs on the last event and must match its type");
        }
        synchronized (req) {
            if (req.terminal) {
                throw new Refusal("events.after_terminal", "The request already ended with " + req.lastType);
            }
            if (req.lastType == null && !type.equals("ir.gov.service.started")) {
                throw new Refusal("events.not_started", "The first event of a request is ir.gov.service.started");
            }
            if (req.lastType != null && type.equals("ir.gov.service.started")) {
                throw new Refusal("events.already_started", "The request has already started");
            }
            if (seen.putIfAbsent(source + "|" + id, "") != null) {
                // Lost a race with the same id in a concurrent batch: the other one counts.
                throw new Refusal("events.duplicate_in_flight", "The same event id arrived twice at once");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", type);
            if (step != null) {
                entry.put("step", step);
            }
            if (paymentStep) {
                entry.put("outcome", outcome);
            }
            entry.put("time", time);
            entry.put("responsibleUnit", unit);
            req.timeline.add(entry);
            req.lastType = type;
            req.terminal = TERMINAL.contains(type);
            req.delivered = type.equals("ir.gov.service.delivered");
            sandbox.tracking.persist(req);
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("id", id);
        rec.put("type", type);
        rec.put("subject", subject);
        rec.put("eventTime", time);
        rec.put("data", Json.MAPPER.convertValue(data, Map.class));
        sandbox.recorder.record("event", sandbox.clock.instant(), call.agency.id(), rec);
    }
}
