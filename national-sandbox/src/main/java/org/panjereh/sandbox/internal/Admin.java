package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API for testers and the conformance kit: register agencies, set faults, rotate keys, read
 * the record of what agencies sent. It is open to anyone who can reach the port, which is why the
 * sandbox binds to loopback by default.
 */
final class Admin {

    static final Set<String> KINDS = Set.of("request", "token", "tracking", "event", "survey-response", "survey-reply",
            "visits", "inquiry", "message", "login", "logout", "payment", "report", "card", "exchange-provider",
            "timestamp");

    private final Sandbox sandbox;

    Admin(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        r.add("POST", "/admin/agencies", "admin.agencies", this::register);
        r.add("GET", "/admin/agencies", "admin.agencies", c -> c.json(200, sandbox.agencies.all().stream()
                .map(a -> a.registration.jwks() == null ? Map.of("agencyId", a.id(), "clientId", a.clientId())
                        : Map.of("agencyId", a.id(), "clientId", a.clientId(), "jwks", a.registration.jwks().toPublicJWKSet()
                                .toJSONObject())).toList()));
        r.add("PUT", "/admin/faults/{endpoint*}", "admin.faults", this::setFault);
        r.add("DELETE", "/admin/faults/{endpoint*}", "admin.faults", c -> {
            sandbox.faults.remove(c.pathVar("endpoint"));
            c.empty(204);
        });
        r.add("DELETE", "/admin/faults", "admin.faults", c -> {
            sandbox.faults.clear();
            c.empty(204);
        });
        r.add("GET", "/admin/faults", "admin.faults", c -> c.json(200, sandbox.faults.list()));
        r.add("POST", "/admin/keys/rotate", "admin.keys", c -> {
            sandbox.keys.rotate();
            c.json(200, Map.of("kid", sandbox.keys.current().getKeyID()));
        });
        r.add("POST", "/admin/dpop-nonce/rotate", "admin.nonce", c -> {
            sandbox.auth.rotateNonce();
            c.empty(204);
        });
        r.add("GET", "/admin/record", "admin.record", c -> c.json(200, sandbox.recorder.summary()));
        r.add("GET", "/admin/cards", "admin.cards", c -> c.json(200, sandbox.cards.all()));
        r.add("PUT", "/admin/registry", "admin.registry", this::registry);
        r.add("POST", "/admin/exchange/ask", "admin.exchange", this::ask);
        r.add("GET", "/admin/exchange/providers", "admin.exchange", c -> c.json(200, sandbox.exchangeHub.descriptors()));
        r.add("POST", "/admin/exchange/token", "admin.exchange", this::token);
        r.add("POST", "/admin/registry/services/{serviceId}/approve", "admin.registry", c -> {
            Cards.Version v = sandbox.cards.approve(c.pathVar("serviceId"));
            sandbox.recorder.record("card", sandbox.clock.instant(), sandbox.cards.history(c.pathVar("serviceId")).agencyId(),
                    Map.of("serviceId", c.pathVar("serviceId"), "version", v.version(), "status", v.status()));
            c.json(200, Map.of("serviceId", c.pathVar("serviceId"), "version", v.version(), "status", v.status()));
        });
        r.add("GET", "/admin/message-boxes", "admin.record", this::messageBoxes);
        r.add("GET", "/admin/record/{kind}", "admin.record", this::record);
        r.add("DELETE", "/admin/record", "admin.record", c -> {
            sandbox.recorder.clear();
            c.empty(204);
        });
    }

    /** {@code { "holdApprovals": bool, "refuseOverdue": bool }}: rehearse a pending card, or an overdue one refused. */
    private void registry(Call call) {
        JsonNode n = call.json();
        if (n.has("holdApprovals")) {
            sandbox.cards.holdApprovals = n.get("holdApprovals").asBoolean();
        }
        if (n.has("refuseOverdue")) {
            sandbox.cards.refuseOverdue = n.get("refuseOverdue").asBoolean();
        }
        call.json(200, Map.of("holdApprovals", sandbox.cards.holdApprovals, "refuseOverdue", sandbox.cards.refuseOverdue));
    }

    /**
     * The sandbox as a consumer agency ({@link ExchangeHub#TEST_CONSUMER}) asking a provider through the hub, so a
     * provider can rehearse being asked: {@code { "provider", "service", "purpose", "userRef"?, "trackingId"?, "body" }}.
     */
    private void ask(Call call) {
        JsonNode n = call.json();
        String provider = n.path("provider").asText("");
        String service = n.path("service").asText("");
        if (!sandbox.exchangeHub.provides(provider, service)) {
            throw Problem.notFound("exchange.service_unknown", "No published exchange service " + provider + "/" + service);
        }
        byte[] body = org.panjereh.core.shared.Json.write(n.path("body"));
        ExchangeHub.Answer a = sandbox.exchangeHub.ask(ExchangeHub.TEST_CONSUMER, provider, service,
                n.path("purpose").asText(null), n.path("trackingId").asText(null),
                n.path("userRef").asText("0".repeat(64)), call.requestId, body, System.nanoTime());
        a.headers().forEach(call::header);
        call.send(a.status(), a.contentType(), a.body());
    }

    /**
     * A token as the exchange would put on a forwarded call, for a conformance kit that calls a provider directly:
     * {@code { "provider", "service", "consumer", "purpose", "body", "expired"? }} → {@code { "authorization", "body" }}.
     */
    private void token(Call call) {
        JsonNode n = call.json();
        String provider = n.path("provider").asText("");
        String service = n.path("service").asText("");
        if (!sandbox.exchangeHub.provides(provider, service)) {
            throw Problem.notFound("exchange.service_unknown", "No published exchange service " + provider + "/" + service);
        }
        byte[] body = org.panjereh.core.shared.Json.write(n.path("body"));
        String token = sandbox.exchangeHub.token(provider, service, n.path("consumer").asText(""), n.path("purpose").asText(""),
                body, n.path("expired").asBoolean(false));
        call.json(200, Map.of("authorization", "Bearer " + token, "body", new String(body, java.nio.charset.StandardCharsets.UTF_8)));
    }

    private void register(Call call) {
        JsonNode n = call.json();
        var reg = Agencies.parse(n);
        sandbox.agencies.register(reg);
        call.json(201, Map.of("agencyId", reg.agencyId(), "clientId", reg.clientId()));
    }

    private void setFault(Call call) {
        String endpoint = call.pathVar("endpoint");
        if (!endpoint.matches("[A-Za-z0-9._/*-]{1,100}")) {
            throw Problem.badRequest("admin.invalid_fault", "Endpoint names are like tracking.issue or exchange");
        }
        sandbox.faults.set(endpoint, Faults.Rule.parse(call.json()));
        call.json(200, Map.of("endpoint", endpoint));
    }

    /**
     * The message boxes as the platform keeps them (contract section 8): one per recipient, grouped by the kind of
     * recipient (a person's national code, a foreign national's FIDA code, a company's national id), each with its
     * messages in arrival order.
     */
    private void messageBoxes(Call call) {
        Map<String, Map<String, List<Map<String, Object>>>> boxes = new LinkedHashMap<>();
        for (String kind : List.of("nationalCode", "fidaCode", "legalEntityId")) {
            boxes.put(kind, new java.util.TreeMap<>());
        }
        for (Map<String, Object> m : sandbox.recorder.read("message", call.query().get("agencyId"), 0, 10_000)) {
            if (m.get("recipient") instanceof Map<?, ?> recipient && recipient.size() == 1) {
                Map.Entry<?, ?> e = recipient.entrySet().iterator().next();
                Map<String, List<Map<String, Object>>> ofKind = boxes.get(String.valueOf(e.getKey()));
                if (ofKind != null) {
                    Map<String, Object> shown = new LinkedHashMap<>(m);
                    shown.remove("recipient");
                    ofKind.computeIfAbsent(String.valueOf(e.getValue()), k -> new java.util.ArrayList<>()).add(shown);
                }
            }
        }
        call.json(200, boxes);
    }

    private void record(Call call) {
        String kind = call.pathVar("kind");
        if (!KINDS.contains(kind)) {
            throw Problem.notFound("admin.unknown_kind", "Kinds: " + KINDS);
        }
        int offset = intParam(call, "offset", 0);
        int limit = intParam(call, "limit", 1000);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("items", sandbox.recorder.read(kind, call.query().get("agencyId"), offset, Math.min(limit, 10_000)));
        call.json(200, out);
    }

    private static int intParam(Call call, String name, int dflt) {
        String v = call.query().get(name);
        if (v == null) {
            return dflt;
        }
        if (!v.matches("[0-9]{1,7}")) {
            throw Problem.badRequest("admin.invalid_parameter", name + " must be a non-negative integer");
        }
        return Integer.parseInt(v);
    }
}
