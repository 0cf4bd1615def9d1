package org.panjereh.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.panjereh.conformance.PortalDriver;

/**
 * The rules of a portal that provides data through the exchange (contract section 12), driven two ways: through the
 * sandbox's hub as its test consumer agency 9999, and directly at the portal's endpoint with tokens the sandbox signs
 * as the exchange would (so that a missing, expired, replayed or foreign token can be tried).
 */
final class ProviderChecks {

    static final String CONSUMER = "9999";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxAdmin sandbox;
    private final PortalDriver.ProviderProbe probe;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(15)).build();
    private String provider;
    private URI endpoint;
    private JsonNode descriptor;

    ProviderChecks(SandboxAdmin sandbox, PortalDriver.ProviderProbe probe) {
        this.sandbox = sandbox;
        this.probe = probe;
    }

    /** Finds the probe's descriptor at the hub: the portal must have published it. */
    private void published() throws Checks.Broken, IOException {
        if (descriptor != null) {
            return;
        }
        for (JsonNode p : sandbox.providers()) {
            if (p.path("service").asText().equals(probe.service())) {
                provider = p.path("agencyId").asText();
                descriptor = p.get("descriptor");
                endpoint = URI.create(descriptor.path("endpoint").asText());
                return;
            }
        }
        throw new Checks.Broken("The portal never published " + probe.service() + " at the exchange (PUT …/providers/{agencyId}"
                + "/services/" + probe.service() + ")");
    }

    private JsonNode body() throws IOException {
        return JSON.readTree(probe.requestJson());
    }

    /** A direct call: {@code [status, body, signature header]}. */
    private String[] call(String authorization, String consumer, String purpose, String body) throws IOException {
        Request.Builder rb = new Request.Builder().url(endpoint.toString())
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json")))
                .header("X-Client-Agency", consumer).header("X-Purpose", purpose).header("X-User-Ref", "0".repeat(64))
                .header("X-Request-Id", java.util.UUID.randomUUID().toString());
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        try (Response r = http.newCall(rb.build()).execute()) {
            return new String[] {Integer.toString(r.code()), r.body().string(), r.header("X-Provider-Signature")};
        }
    }

    private String[] withToken(String consumer, String purpose, boolean expired) throws IOException {
        JsonNode t = sandbox.exchangeToken(provider, probe.service(), consumer, purpose, body(), expired);
        return new String[] {t.path("authorization").asText(), t.path("body").asText()};
    }

    void authenticates() throws Checks.Broken, IOException {
        published();
        String[] none = call(null, CONSUMER, probe.purpose(), probe.requestJson());
        expect401(none, "without the exchange's token");
        String[] expired = withToken(CONSUMER, probe.purpose(), true);
        expect401(call(expired[0], CONSUMER, probe.purpose(), expired[1]), "with an expired token");
        String[] fresh = withToken(CONSUMER, probe.purpose(), false);
        String[] first = call(fresh[0], CONSUMER, probe.purpose(), fresh[1]);
        if (!first[0].equals("200") && !first[0].equals("404")) {
            throw new Checks.Broken("A call with a valid exchange token was answered " + first[0] + ", not 200 or 404: "
                    + excerpt(first[1]));
        }
        expect401(call(fresh[0], CONSUMER, probe.purpose(), fresh[1]), "with a token already used (replayed)");
        String[] other = withToken(CONSUMER, probe.purpose(), false);
        expect401(call(other[0], CONSUMER, probe.purpose(), other[1] + " "), "with a body other than the one the exchange signed");
    }

    private static void expect401(String[] answer, String how) throws Checks.Broken {
        if (!answer[0].equals("401")) {
            throw new Checks.Broken("The provided service answered " + answer[0] + " to a call " + how + ", not 401: "
                    + excerpt(answer[1]));
        }
    }

    void authorises() throws Checks.Broken, IOException {
        published();
        String[] stranger = withToken("9998", probe.purpose(), false);
        String[] a = call(stranger[0], "9998", probe.purpose(), stranger[1]);
        if (!a[0].equals("403")) {
            throw new Checks.Broken("A consumer the service does not list (9998, with a token the exchange signed) was answered "
                    + a[0] + ", not 403: " + excerpt(a[1]));
        }
        String[] purpose = withToken(CONSUMER, "99990000009", false);
        String[] b = call(purpose[0], CONSUMER, "99990000009", purpose[1]);
        if (!b[0].equals("403")) {
            throw new Checks.Broken("A purpose the service does not list for its consumer was answered " + b[0] + ", not 403");
        }
        String[] fresh = withToken(CONSUMER, probe.purpose(), false);
        String[] ok = call(fresh[0], CONSUMER, probe.purpose(), fresh[1]);
        if (!ok[0].equals("200")) {
            throw new Checks.Broken("The probe's request was answered " + ok[0] + ", not 200: " + excerpt(ok[1]));
        }
        Set<String> allowed = new HashSet<>();
        for (JsonNode c : descriptor.path("consumers")) {
            if (c.path("agencyId").asText().equals(CONSUMER)) {
                c.path("fields").forEach(f -> allowed.add(f.asText()));
            }
        }
        for (Iterator<String> it = JSON.readTree(ok[1]).fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new Checks.Broken("The answer to consumer " + CONSUMER + " carries " + f + ", a field its entry does not "
                        + "allow " + allowed);
            }
        }
    }

    void signs() throws Checks.Broken, IOException {
        published();
        String[] fresh = withToken(CONSUMER, probe.purpose(), false);
        String[] ok = call(fresh[0], CONSUMER, probe.purpose(), fresh[1]);
        if (!ok[0].equals("200")) {
            throw new Checks.Broken("The probe's request was answered " + ok[0] + ", not 200: " + excerpt(ok[1]));
        }
        if (ok[2] == null) {
            throw new Checks.Broken("The answer carries no X-Provider-Signature");
        }
        byte[] body = ok[1].getBytes(StandardCharsets.UTF_8);
        if (!verifies(ok[2], body)) {
            throw new Checks.Broken("The answer's X-Provider-Signature does not verify under the keys agency " + provider
                    + " registered");
        }
        byte[] changed = body.clone();
        changed[changed.length / 2] ^= 0x01;
        if (verifies(ok[2], changed)) {
            throw new Checks.Broken("The X-Provider-Signature still verifies with one byte of the answer changed: it does not "
                    + "cover the body");
        }
        Object[] viaHub = sandbox.askExchange(provider, probe.service(), probe.purpose(), body());
        if ((int) viaHub[0] != 200) {
            throw new Checks.Broken("Asked through the exchange, the service was answered " + viaHub[0] + ": " + excerpt((String) viaHub[1]));
        }
    }

    private boolean verifies(String signature, byte[] body) throws IOException {
        JsonNode jwks = sandbox.agencyJwks(provider);
        if (jwks == null) {
            return false;
        }
        try {
            JWSObject jws = JWSObject.parse(signature, new Payload(body));
            for (JWK k : JWKSet.parse(jwks.toString()).getKeys()) {
                if (k.getKeyID() != null && k.getKeyID().equals(jws.getHeader().getKeyID()) && k instanceof AsymmetricJWK a
                        && jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), a.toPublicKey()))) {
                    return true;
                }
            }
            return false;
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            return false;
        }
    }

    void audits(PortalDriver driver, org.panjereh.conformance.PortalBrowser staff) throws Checks.Broken, IOException {
        published();
        java.util.OptionalLong before = driver.auditedCalls(staff, CONSUMER);
        if (before.isEmpty()) {
            throw new Checks.Broken("not checked: the portal's driver cannot read the provider audit (PortalDriver.auditedCalls)");
        }
        sandbox.askExchange(provider, probe.service(), probe.purpose(), body());
        long after = driver.auditedCalls(staff, CONSUMER).orElse(-1);
        if (after <= before.getAsLong()) {
            throw new Checks.Broken("A call of consumer " + CONSUMER + " was answered but the portal's provider audit still shows "
                    + before.getAsLong() + " calls of it");
        }
    }

    private static String excerpt(String s) {
        return s == null ? "" : s.substring(0, Math.min(200, s.length()));
    }
}
