package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.shared.Json;
import org.panjereh.sandbox.AgencyRegistration;

/** Registered agencies, by client id. */
final class Agencies {

    private final Map<String, Agency> byClientId = new ConcurrentHashMap<>();
    private final Map<String, String> stored;

    Agencies(Store store) {
        this.stored = store.map("agencies");
        for (String json : stored.values()) {
            try {
                AgencyRegistration r = parse(Json.MAPPER.readTree(json));
                byClientId.put(r.clientId(), new Agency(r));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Stored agency is unreadable", e);
            }
        }
    }

    void register(AgencyRegistration r) {
        byClientId.put(r.clientId(), new Agency(r));
        stored.put(r.clientId(), toJson(r));
    }

    static String toJson(AgencyRegistration r) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("agencyId", r.agencyId());
        m.put("clientId", r.clientId());
        m.put("redirectUris", r.redirectUris().stream().map(URI::toString).toList());
        if (r.jwks() != null) {
            m.put("jwks", r.jwks().toJSONObject(true));
        }
        if (r.jwksUri() != null) {
            m.put("jwksUri", r.jwksUri().toString());
        }
        if (r.backChannelLogoutUri() != null) {
            m.put("backChannelLogoutUri", r.backChannelLogoutUri().toString());
        }
        if (r.clientSecret() != null) {
            m.put("clientSecret", r.clientSecret());
        }
        return new String(Json.write(m), java.nio.charset.StandardCharsets.UTF_8);
    }

    Agency byClientId(String clientId) {
        return clientId == null ? null : byClientId.get(clientId);
    }

    List<Agency> all() {
        return new ArrayList<>(byClientId.values());
    }

    /** Parses one registration from the config file or admin API format. */
    static AgencyRegistration parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw Problem.badRequest("admin.invalid_agency", "An agency must be a JSON object");
        }
        try {
            List<URI> redirects = new ArrayList<>();
            if (n.has("redirectUris")) {
                for (JsonNode u : n.get("redirectUris")) {
                    redirects.add(URI.create(u.asText()));
                }
            }
            JWKSet jwks = n.hasNonNull("jwks") ? JWKSet.parse(Json.MAPPER.writeValueAsString(n.get("jwks"))) : null;
            URI jwksUri = n.hasNonNull("jwksUri") ? URI.create(n.get("jwksUri").asText()) : null;
            URI bcl = n.hasNonNull("backChannelLogoutUri") ? URI.create(n.get("backChannelLogoutUri").asText()) : null;
            return new AgencyRegistration(text(n, "agencyId"), text(n, "clientId"), redirects, jwks, jwksUri, bcl,
                    n.hasNonNull("clientSecret") ? n.get("clientSecret").asText() : null);
        } catch (Problem p) {
            throw p;
        } catch (Exception e) {
            throw Problem.badRequest("admin.invalid_agency", "Invalid agency registration: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw Problem.badRequest("admin.invalid_agency", field + " is required");
        }
        return v.asText();
    }
}
