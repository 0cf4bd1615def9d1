package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an agency learns from a citizen's access token (contract section 2): token introspection (RFC 7662) for an
 * agency's own API, and userinfo, with the claims its scopes release; a DPoP-bound token only with its proof.
 */
final class CitizenTokens {

    private final Sandbox sandbox;

    CitizenTokens(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        if (!sandbox.liveLike()) {
            r.add("POST", "/introspect", "introspect", this::introspect);
        }
        r.add("GET", sandbox.oidcPath("userinfo"), "userinfo", this::userinfo);
        r.add("POST", sandbox.oidcPath("userinfo"), "userinfo", this::userinfo);
    }

    // ---- Introspection (RFC 7662) ------------------------------------------------------------------

    /**
     * Tells an agency about a citizen's access token issued to it, with who the citizen is for the token's scopes:
     * how an agency's API learns the person behind a DPoP-bound token, which only its holder may use at userinfo.
     */
    private void introspect(Call call) throws Exception {
        com.nimbusds.oauth2.sdk.TokenIntrospectionRequest tir;
        try {
            HTTPRequest h = new HTTPRequest(HTTPRequest.Method.POST, URI.create(sandbox.url("/introspect")));
            h.setContentType(String.valueOf(call.header("Content-Type")));
            h.setBody(new String(call.body(), StandardCharsets.UTF_8));
            tir = com.nimbusds.oauth2.sdk.TokenIntrospectionRequest.parse(h);
        } catch (ParseException e) {
            throw new OAuthProblem(400, OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage()));
        }
        if (tir.getClientAuthentication() == null) {
            throw new OAuthProblem(401, OAuth2Error.INVALID_CLIENT.setDescription("Introspection requires client authentication"));
        }
        Agency agency = sandbox.auth.authenticateClient(tir.getClientAuthentication());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", false);
        java.util.Optional<JWTClaimsSet> token = citizenToken(tir.getToken().getValue());
        try {
            JWTClaimsSet c = token.orElse(null);
            boolean active = c != null && agency.clientId().equals(c.getStringClaim("client_id"));
            JsonNode citizen = active ? sandbox.catalog.citizenBySub(c.getStringClaim("citizen")) : null;
            if (citizen != null) {
                out.put("active", true);
                out.put("iss", sandbox.issuer());
                out.put("sub", c.getSubject());
                out.put("client_id", agency.clientId());
                out.put("scope", c.getStringClaim("scope"));
                out.put("exp", c.getExpirationTime().toInstant().getEpochSecond());
                out.put("iat", c.getIssueTime().toInstant().getEpochSecond());
                out.put("acr", c.getStringClaim("acr"));
                Object cnf = c.getClaim("cnf");
                out.put("token_type", cnf == null ? "Bearer" : "DPoP");
                if (cnf != null) {
                    out.put("cnf", cnf);
                }
                out.putAll(Login.claims(citizen, Scope.parse(c.getStringClaim("scope")), sandbox.liveLike()));
            }
        } catch (java.text.ParseException e) {
            // not a token of ours: inactive
        }
        call.header("Cache-Control", "no-store");
        call.json(200, out);
    }

    /**
     * A citizen's access token of this sandbox: signed by its key, {@code token_use} user, not expired.
     *
     * @param value the compact JWT
     * @return its claims, or empty when it is not such a token
     */
    private java.util.Optional<JWTClaimsSet> citizenToken(String value) {
        try {
            SignedJWT jwt = SignedJWT.parse(value);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            boolean valid = sandbox.keys.verify(jwt) && "user".equals(claims.getStringClaim("token_use"))
                    && claims.getExpirationTime() != null
                    && sandbox.clock.instant().isBefore(claims.getExpirationTime().toInstant());
            return valid ? java.util.Optional.of(claims) : java.util.Optional.empty();
        } catch (java.text.ParseException e) {
            return java.util.Optional.empty();
        }
    }

    // ---- Userinfo -------------------------------------------------------------------------------

    private void userinfo(Call call) {
        String authz = call.header("Authorization");
        boolean dpopScheme = authz != null && authz.regionMatches(true, 0, "DPoP ", 0, 5);
        if (authz == null || !(dpopScheme || authz.regionMatches(true, 0, "Bearer ", 0, 7))) {
            throw new Problem(401, "auth.token_missing", "Send Authorization: Bearer <access token>", Map.of(),
                    Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
        }
        String value = authz.substring(dpopScheme ? 5 : 7).strip();
        JWTClaimsSet claims = citizenToken(value).orElseThrow(() -> new Problem(401, "auth.token_invalid",
                "The access token is invalid or expired", Map.of(), Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        Object cnf = claims.getClaim("cnf");
        String jkt = cnf instanceof Map<?, ?> m && m.get("jkt") instanceof String j ? j : null;
        if (jkt != null || dpopScheme) {
            // A DPoP-bound token works only with the DPoP scheme and a proof of its key (RFC 9449 §7).
            if (jkt == null || !dpopScheme) {
                throw new Problem(401, "auth.token_invalid", "A DPoP-bound token goes with the DPoP scheme, and only it",
                        Map.of(), Map.of("WWW-Authenticate", "DPoP error=\"invalid_token\""));
            }
            sandbox.auth.verifyResourceProof(call, String.valueOf(claims.getClaim("client_id")), value, jkt);
        }
        JsonNode citizen;
        try {
            citizen = sandbox.catalog.citizenBySub(claims.getStringClaim("citizen"));
        } catch (java.text.ParseException e) {
            citizen = null;
        }
        if (citizen == null) {
            throw new Problem(401, "auth.token_invalid", "Unknown subject");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sub", claims.getSubject());
        out.putAll(Login.claims(citizen, Scope.parse(String.valueOf(claims.getClaim("scope"))), sandbox.liveLike()));
        if (sandbox.fapi2()) {
            // OIDC Core 5.3.2: a signed answer naming issuer and client, encrypted like the ID token when the agency
            // registered an encryption key.
            Agency agency = sandbox.agencies.byClientId(String.valueOf(claims.getClaim("client_id")));
            JWTClaimsSet.Builder signed = new JWTClaimsSet.Builder().issuer(sandbox.issuer())
                    .audience(agency == null ? null : agency.clientId()).issueTime(Date.from(sandbox.clock.instant()));
            out.forEach(signed::claim);
            String jwt = sandbox.keys.sign(signed.build(), JOSEObjectType.JWT, false);
            java.util.Optional<com.nimbusds.jose.jwk.JWK> enc = agency == null ? java.util.Optional.empty() : agency.encryptionKey();
            call.send(200, "application/jwt", (enc.isPresent() ? Encryption.encrypt(jwt, enc.get()).serialize() : jwt)
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        call.json(200, out);
    }

}
