package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.panjereh.core.ServiceCard;

/** The tracking-id issuer and the timelines built from service events (contract section 4). */
final class Tracking {

    static final Set<String> CHANNELS = Set.of("web", "counter", "mobile", "call-center");

    /** One citizen request, as the platform knows it. */
    static final class Request {
        final String trackingId;
        final String serviceId;
        final String agencyId;
        final String channel;
        final Instant issuedAt;
        final List<Map<String, Object>> timeline = new ArrayList<>();
        String lastType;
        boolean delivered;
        boolean terminal;

        Request(String trackingId, String serviceId, String agencyId, String channel, Instant issuedAt) {
            this.trackingId = trackingId;
            this.serviceId = serviceId;
            this.agencyId = agencyId;
            this.channel = channel;
            this.issuedAt = issuedAt;
        }

        @SuppressWarnings("unchecked")
        static Request fromJson(String json) {
            try {
                Map<String, Object> m = org.panjereh.core.shared.Json.MAPPER.readValue(json, Map.class);
                Request r = new Request((String) m.get("trackingId"), (String) m.get("serviceId"), (String) m.get("agencyId"),
                        (String) m.get("channel"), Instant.parse((String) m.get("issuedAt")));
                r.timeline.addAll((List<Map<String, Object>>) m.get("timeline"));
                r.lastType = (String) m.get("lastType");
                r.delivered = Boolean.TRUE.equals(m.get("delivered"));
                r.terminal = Boolean.TRUE.equals(m.get("terminal"));
                return r;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Stored request is unreadable", e);
            }
        }

        synchronized String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trackingId", trackingId);
            m.put("serviceId", serviceId);
            m.put("agencyId", agencyId);
            m.put("channel", channel);
            m.put("issuedAt", issuedAt.toString());
            m.put("timeline", timeline);
            m.put("lastType", lastType);
            m.put("delivered", delivered);
            m.put("terminal", terminal);
            return new String(org.panjereh.core.shared.Json.write(m), java.nio.charset.StandardCharsets.UTF_8);
        }

        synchronized String status() {
            if (lastType == null) {
                return "issued";
            }
            return switch (lastType) {
                case "ir.gov.service.delivered" -> "delivered";
                case "ir.gov.service.rejected" -> "rejected";
                case "ir.gov.service.cancelled" -> "cancelled";
                default -> "in-progress";
            };
        }
    }

    private final Sandbox sandbox;
    final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, String> storedRequests;
    private final Map<String, String> storedSequences;

    Tracking(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.storedRequests = sandbox.store.map("requests");
        this.storedSequences = sandbox.store.map("sequences");
        storedSequences.forEach((k, v) -> sequences.put(k, new AtomicLong(Long.parseLong(v))));
        storedRequests.forEach((k, v) -> requests.put(k, Request.fromJson(v)));
    }

    /** Writes a request through to the store (a no-op copy when the store is in memory). */
    void persist(Request r) {
        if (sandbox.store.durable()) {
            storedRequests.put(r.trackingId, r.toJson());
        }
    }

    void routes(Router r) {
        r.add("POST", "/tracking/tracking-ids", "tracking.issue", c -> {
            sandbox.auth.authenticate(c, "tracking");
            sandbox.idempotency.run(c, this::issue);
        });
        r.add("GET", "/tracking/tracking-ids/{trackingId}", "tracking.status", this::status);
    }

    private void issue(Call call) {
        ObjectNode b = call.jsonObject();
        Validate.onlyMembers(b, Set.of("serviceId", "channel", "applicantSub"), "tracking");
        String serviceId = Validate.text(b, "serviceId", 11, "tracking");
        String channel = Validate.text(b, "channel", 20, "tracking");
        String sub = Validate.text(b, "applicantSub", 255, "tracking");
        if (!serviceId.matches("[0-9]{11}")) {
            throw Problem.unprocessable("tracking.invalid_service_id", "serviceId must be 11 ASCII digits");
        }
        if (!CHANNELS.contains(channel)) {
            throw Problem.unprocessable("tracking.invalid_channel", "channel must be one of " + CHANNELS);
        }
        ServiceCard card = sandbox.cards.approved(serviceId);
        if (card == null) {
            throw Problem.unprocessable("tracking.service_unknown", "No service " + serviceId + " in the registry");
        }
        if (!card.agencyId().equals(call.agency.id())) {
            throw new Problem(403, "tracking.not_service_owner", "Service " + serviceId + " belongs to agency "
                    + card.agencyId());
        }
        if (sandbox.cards.refuseOverdue && sandbox.cards.approvedOverdue(serviceId)) {
            throw Problem.unprocessable("tracking.card_review_overdue", "The card of service " + serviceId
                    + " is past its validUntil; review and resubmit it");
        }
        long seq = sequences.computeIfAbsent(serviceId, k -> new AtomicLong()).incrementAndGet();
        if (seq > 9_999_999L) {
            throw new Problem(503, "tracking.exhausted", "The sandbox ran out of tracking ids for this service");
        }
        String id = Identifiers.trackingId18(serviceId + String.format("%07d", seq));
        Instant now = sandbox.clock.instant();
        Request created = new Request(id, serviceId, call.agency.id(), channel, now);
        requests.put(id, created);
        if (sandbox.store.durable()) {
            storedSequences.put(serviceId, Long.toString(seq));
            persist(created);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trackingId", id);
        out.put("serviceId", serviceId);
        out.put("issuedAt", now.toString());
        sandbox.recorder.record("tracking", now, call.agency.id(), Map.of("trackingId", id, "serviceId", serviceId,
                "channel", channel, "requestId", call.requestId));
        call.json(201, out);
    }

    private void status(Call call) {
        sandbox.auth.authenticate(call, "tracking");
        String id = call.pathVar("trackingId");
        if (!Identifiers.trackingId(id)) {
            throw Problem.badRequest("tracking.invalid_tracking_id", "A tracking id is 20 ASCII digits with valid check digits");
        }
        Request r = requests.get(id);
        if (r == null) {
            throw Problem.notFound("tracking.unknown", "No request with this tracking id");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trackingId", r.trackingId);
        out.put("serviceId", r.serviceId);
        synchronized (r) {
            out.put("status", r.status());
            out.put("events", new ArrayList<>(r.timeline));
        }
        call.json(200, out);
    }

    static String textOrNull(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
