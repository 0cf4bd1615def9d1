package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.shared.Json;

/**
 * The registry's cards with their versions (contract section 3): each service has a history of versions, each
 * {@code pending} or {@code approved}; the latest is what {@code GET} serves, the latest approved one is what the
 * platform uses (tracking ids, events, payments). An id reserved by {@code POST} has an owner and no version yet.
 * Kept in the sandbox's store, so a sandbox with a data directory keeps agencies' changes across restarts.
 */
final class Cards {

    /**
     * One version.
     *
     * @param version     1, 2, …
     * @param status      {@code pending} or {@code approved}
     * @param submittedAt when the agency sent it
     * @param decidedAt   when it was approved, or {@code null}
     * @param card        the card as sent, without {@code version} and {@code status}
     */
    record Version(int version, String status, Instant submittedAt, Instant decidedAt, ObjectNode card) {
    }

    /**
     * A service's history.
     *
     * @param agencyId its owner
     * @param versions oldest first
     */
    record History(String agencyId, List<Version> versions) {
    }

    private final Sandbox sandbox;
    private final ConcurrentMap<String, String> stored;
    private final ConcurrentMap<String, History> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ServiceCard> typed = new ConcurrentHashMap<>();
    volatile boolean holdApprovals;
    volatile boolean refuseOverdue;

    Cards(Sandbox sandbox, List<JsonNode> shipped) {
        this.sandbox = sandbox;
        this.stored = sandbox.store.map("cards");
        for (JsonNode c : shipped) {
            String id = c.get("serviceId").asText();
            Instant reviewed = Instant.parse(c.get("reviewedAt").asText());
            byId.put(id, new History(c.get("agencyId").asText(), List.of(new Version(1, "approved",
                    reviewed, reviewed, (ObjectNode) c))));
        }
        for (Map.Entry<String, String> e : stored.entrySet()) {
            byId.put(e.getKey(), read(e.getValue()));
        }
        byId.keySet().forEach(this::retype);
    }

    /** @return the latest version's card with its {@code version} and {@code status}, or {@code null} */
    ObjectNode served(String id) {
        History h = byId.get(id);
        if (h == null || h.versions().isEmpty()) {
            return null;
        }
        Version v = h.versions().get(h.versions().size() - 1);
        ObjectNode out = v.card().deepCopy();
        out.put("version", v.version());
        out.put("status", status(v));
        return out;
    }

    /** {@code pending}, {@code approved}, or {@code review_overdue} for an approved card past its {@code validUntil}. */
    String status(Version v) {
        if (v.status().equals("approved") && overdue(v.card())) {
            return "review_overdue";
        }
        return v.status();
    }

    private boolean overdue(JsonNode card) {
        try {
            return card.hasNonNull("validUntil")
                    && java.time.OffsetDateTime.parse(card.get("validUntil").asText()).toInstant().isBefore(sandbox.clock.instant());
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** @return the latest approved card, typed, or {@code null} when there is none */
    ServiceCard approved(String id) {
        return typed.get(id);
    }

    /** @return whether the latest approved card of the service is past its review date */
    boolean approvedOverdue(String id) {
        History h = byId.get(id);
        if (h == null) {
            return false;
        }
        for (int i = h.versions().size() - 1; i >= 0; i--) {
            if (h.versions().get(i).status().equals("approved")) {
                return overdue(h.versions().get(i).card());
            }
        }
        return false;
    }

    History history(String id) {
        return byId.get(id);
    }

    ArrayNode ofAgency(String agencyId) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        byId.entrySet().stream().filter(e -> e.getValue().agencyId().equals(agencyId))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> {
                    ObjectNode s = served(e.getKey());
                    if (s != null) {
                        a.add(s);
                    }
                });
        return a;
    }

    List<ObjectNode> all() {
        List<ObjectNode> out = new ArrayList<>();
        byId.keySet().stream().sorted().forEach(id -> {
            ObjectNode s = served(id);
            if (s != null) {
                out.add(s);
            }
        });
        return out;
    }

    /** Reserves a new service id for the agency: its id's digits, then a sequence, 11 digits in all. */
    synchronized String reserve(String agencyId) {
        String prefix = agencyId.length() <= 6 ? agencyId + "9" : agencyId.substring(0, 6) + "9";
        for (int n = 1; ; n++) {
            String id = prefix + String.format("%0" + (11 - prefix.length()) + "d", n);
            if (id.length() != 11) {
                throw new Problem(503, "registry.exhausted", "The sandbox ran out of service ids for agency " + agencyId);
            }
            if (!byId.containsKey(id)) {
                put(id, new History(agencyId, List.of()));
                return id;
            }
        }
    }

    /** Appends a version; approved at once unless approvals are held. */
    synchronized Version submit(String id, ObjectNode card) {
        History h = byId.get(id);
        ObjectNode clean = card.deepCopy();
        CardRules.SERVER_SET.forEach(clean::remove);
        Instant now = sandbox.clock.instant();
        Version v = new Version(h.versions().size() + 1, holdApprovals ? "pending" : "approved", now,
                holdApprovals ? null : now, clean);
        List<Version> vs = new ArrayList<>(h.versions());
        vs.add(v);
        put(id, new History(h.agencyId(), List.copyOf(vs)));
        return v;
    }

    /** Approves the latest pending version. */
    synchronized Version approve(String id) {
        History h = byId.get(id);
        if (h == null || h.versions().isEmpty() || !h.versions().get(h.versions().size() - 1).status().equals("pending")) {
            throw new Problem(409, "admin.nothing_pending", "Service " + id + " has no pending card");
        }
        List<Version> vs = new ArrayList<>(h.versions());
        Version p = vs.remove(vs.size() - 1);
        Version a = new Version(p.version(), "approved", p.submittedAt(), sandbox.clock.instant(), p.card());
        vs.add(a);
        put(id, new History(h.agencyId(), List.copyOf(vs)));
        return a;
    }

    private void put(String id, History h) {
        byId.put(id, h);
        stored.put(id, new String(Json.write(h), java.nio.charset.StandardCharsets.UTF_8));
        retype(id);
    }

    private void retype(String id) {
        History h = byId.get(id);
        for (int i = h.versions().size() - 1; i >= 0; i--) {
            if (h.versions().get(i).status().equals("approved")) {
                try {
                    typed.put(id, Json.MAPPER.treeToValue(h.versions().get(i).card(), ServiceCard.class));
                } catch (IOException e) {
                    throw new IllegalStateException("An approved card does not read as a ServiceCard: " + id, e);
                }
                return;
            }
        }
        typed.remove(id);
    }

    private static History read(String json) {
        try {
            return Json.MAPPER.readValue(json, History.class);
        } catch (IOException e) {
            throw new IllegalStateException("A stored card history is unreadable", e);
        }
    }
}
