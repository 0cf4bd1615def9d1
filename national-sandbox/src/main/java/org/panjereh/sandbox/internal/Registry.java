package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.shared.Json;

/**
 * Service registry (contract section 3): cards read with ETags and {@code Cache-Control}; written whole with
 * {@code PUT} and {@code If-Match} of the version read ({@code 428} without it, {@code 412} when another change
 * came first); checked by {@link CardRules} ({@code 422 registry.card_incomplete} naming every member); new ids
 * asked for with {@code POST}; earlier versions under {@code /history}.
 */
final class Registry {

    private final Sandbox sandbox;

    Registry(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        r.add("GET", "/registry/services/{serviceId}", "registry.card", this::card);
        r.add("PUT", "/registry/services/{serviceId}", "registry.submit", this::submit);
        r.add("GET", "/registry/services/{serviceId}/history", "registry.history", this::history);
        r.add("GET", "/registry/services", "registry.list", this::list);
        r.add("POST", "/registry/services", "registry.new", c -> {
            sandbox.auth.authenticate(c, "services");
            sandbox.idempotency.run(c, this::reserve);
        });
    }

    private static String id(Call call) {
        String id = call.pathVar("serviceId");
        if (!id.matches("[0-9]{11}")) {
            throw Problem.badRequest("registry.invalid_service_id", "A service id is 11 ASCII digits");
        }
        return id;
    }

    private void card(Call call) {
        sandbox.auth.authenticate(call, "services");
        String id = id(call);
        ObjectNode card = sandbox.cards.served(id);
        if (card == null) {
            throw Problem.notFound("registry.service_unknown", "No service " + id + " in the registry");
        }
        call.header("ETag", etag(card.get("version").asInt()));
        call.header("Cache-Control", "max-age=300");
        String inm = call.header("If-None-Match");
        if (inm != null && (inm.equals(etag(card.get("version").asInt())) || inm.equals("*"))) {
            call.send(304, "application/json", new byte[0]);
            return;
        }
        call.send(200, "application/json", Json.write(card));
    }

    private void list(Call call) {
        sandbox.auth.authenticate(call, "services");
        String agencyId = call.query().get("agencyId");
        if (agencyId == null || !agencyId.matches("[0-9]{1,11}")) {
            throw Problem.badRequest("registry.agency_required", "Give agencyId (digits)");
        }
        byte[] body = Json.write(sandbox.cards.ofAgency(agencyId));
        String etag = Catalog.etag(body);
        call.header("ETag", etag);
        call.header("Cache-Control", "max-age=300");
        String inm = call.header("If-None-Match");
        if (inm != null && (inm.equals(etag) || inm.equals("*"))) {
            call.send(304, "application/json", new byte[0]);
            return;
        }
        call.send(200, "application/json", body);
    }

    private void reserve(Call call) {
        if (call.body().length > 0) {
            ObjectNode b = call.jsonObject();
            Validate.onlyMembers(b, java.util.Set.of("title"), "registry");
        }
        String id = sandbox.cards.reserve(call.agency.id());
        sandbox.recorder.record("card", sandbox.clock.instant(), call.agency.id(), Map.of("serviceId", id, "status", "pending",
                "version", 0));
        call.header("Location", sandbox.url("/registry/services/" + id));
        call.json(201, Map.of("serviceId", id, "status", "pending"));
    }

    private void submit(Call call) {
        sandbox.auth.authenticate(call, "services");
        String id = id(call);
        Cards.History h = sandbox.cards.history(id);
        if (h == null) {
            throw Problem.notFound("registry.service_unknown", "No service " + id + "; ask for a new id with POST first");
        }
        if (!h.agencyId().equals(call.agency.id())) {
            throw new Problem(403, "registry.not_owner", "Service " + id + " belongs to agency " + h.agencyId());
        }
        String ifMatch = call.header("If-Match");
        String ifNoneMatch = call.header("If-None-Match");
        ObjectNode card = call.jsonObject();
        synchronized (sandbox.cards) {
            h = sandbox.cards.history(id);
            int current = h.versions().isEmpty() ? 0 : h.versions().get(h.versions().size() - 1).version();
            if (current == 0) {
                if (ifMatch != null) {
                    throw new Problem(412, "registry.version_conflict", "Service " + id + " has no card yet to match; "
                            + "send its first card with If-None-Match: *");
                }
                if (!"*".equals(ifNoneMatch)) {
                    throw new Problem(428, "registry.precondition_required", "The first card of a service is sent with "
                            + "If-None-Match: *");
                }
            } else if (ifMatch == null) {
                throw new Problem(428, "registry.precondition_required", "Send the ETag of the card you read as If-Match");
            } else if (!ifMatch.trim().equals(etag(current)) && !ifMatch.trim().equals("*")) {
                throw new Problem(412, "registry.version_conflict", "Another change came first: the registry holds version "
                        + current + "; read it again and resubmit");
            }
            List<Map<String, String>> errors = CardRules.check(card, id, call.agency.id());
            if (!errors.isEmpty()) {
                throw new Problem(422, "registry.card_incomplete", errors.size() + " member(s) missing or inconsistent; see errors",
                        Map.of("errors", errors), Map.of());
            }
            Cards.Version v = sandbox.cards.submit(id, card);
            sandbox.recorder.record("card", sandbox.clock.instant(), call.agency.id(), Map.of("serviceId", id,
                    "version", v.version(), "status", v.status()));
            call.header("ETag", etag(v.version()));
            call.json(200, Map.of("serviceId", id, "version", v.version(), "status", v.status()));
        }
    }

    private void history(Call call) {
        sandbox.auth.authenticate(call, "services");
        String id = id(call);
        Cards.History h = sandbox.cards.history(id);
        if (h == null || h.versions().isEmpty()) {
            throw Problem.notFound("registry.service_unknown", "No service " + id + " in the registry");
        }
        List<Object> versions = new ArrayList<>();
        for (int i = h.versions().size() - 1; i >= 0; i--) {
            Cards.Version v = h.versions().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", v.version());
            m.put("status", sandbox.cards.status(v));
            m.put("submittedAt", v.submittedAt().toString());
            if (v.decidedAt() != null) {
                m.put("approvedAt", v.decidedAt().toString());
            }
            m.put("card", v.card());
            versions.add(m);
        }
        call.header("Cache-Control", "no-store");
        call.json(200, Map.of("serviceId", id, "versions", versions));
    }

    static String etag(int version) {
        return "\"v" + version + "\"";
    }
}
