package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.internal.Json;
import org.panjereh.sandbox.AgencyRegistration;

/** Registered agencies, by client id. */
final class Agencies {

    private final Map<String, Agency> byClientId = new ConcurrentHashMap<>();

    void register(AgencyRegistration r) {
        byClientId.put(r.clientId(), new Agency(r));
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
            return new AgencyRegistration(text(n, "agencyId"), text(n, "clientId"), redirects, jwks, jwksUri, bcl);
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
