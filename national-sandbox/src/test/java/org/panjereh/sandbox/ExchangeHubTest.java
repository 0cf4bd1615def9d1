package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.shared.Json;

/**
 * Contract section 12 on the platform side: an agency publishes a service, the exchange checks consumers, purposes
 * and rates first, forwards with its own token, requires the provider's signature and keeps to the allowed fields.
 */
class ExchangeHubTest {

    SandboxFixture f;
    PlatformClient provider;
    PlatformClient consumer;
    HttpServer endpoint;
    /** How the stub provider answers: "ok", "unsigned", "missing", "foreign-key". */
    final AtomicReference<String> mode = new AtomicReference<>("ok");
    final List<SignedJWT> tokens = new CopyOnWriteArrayList<>();
    final List<String> bodyDigests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        f = new SandboxFixture();
        provider = f.client();
        consumer = f.client("2020", "agency-2020", f.key2020);
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/exchange/business-permit", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            try {
                tokens.add(SignedJWT.parse(x.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length())));
                bodyDigests.add(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(body)));
                byte[] answer;
                int status = 200;
                if (mode.get().equals("missing")) {
                    status = 404;
                    answer = "{\"code\":\"exchange.not_found\",\"detail\":\"no such permit\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    answer = Json.write(Map.of("status", "valid", "title", "پروانه کسب", "holderName", "مریم احمدی",
                            "activity", "نانوایی"));
                }
                if (mode.get().equals("ok") || mode.get().equals("foreign-key")) {
                    var key = mode.get().equals("ok") ? f.key1010 : f.key2020;
                    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(f.key1010.keyId()).build(),
                            new Payload(answer));
                    jws.sign(key.signer());
                    x.getResponseHeaders().add("X-Provider-Signature", jws.serialize(true));
                }
                x.getResponseHeaders().add("Content-Type", "application/json");
                x.getResponseHeaders().add("Cache-Control", "no-store");
                x.sendResponseHeaders(status, answer.length);
                x.getResponseBody().write(answer);
            } catch (Exception e) {
                x.sendResponseHeaders(500, -1);
            } finally {
                x.close();
            }
        });
        endpoint.start();
        assertEquals(201, publish(provider, descriptor(3)).statusCode());
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
        f.close();
    }

    Map<String, Object> descriptor(int rate) {
        return Map.of("title", "استعلام پروانه کسب", "endpoint", "http://127.0.0.1:" + endpoint.getAddress().getPort()
                        + "/exchange/business-permit", "legalBasis", "قانون نظام صنفی کشور",
                "request", Map.of("verificationCode", "string"),
                "answer", Map.of("status", "string", "title", "string", "holderName", "string", "activity", "string"),
                "consumers", List.of(Map.of("agencyId", "2020", "purposes", List.of("20201000001"), "fields", List.of("status", "title")),
                        Map.of("agencyId", "9999", "purposes", List.of("10101234567"), "fields", List.of("status", "title", "holderName"))),
                "ratePerMinute", rate);
    }

    PlatformResponse publish(PlatformClient c, Object d) {
        return c.put(URI.create(f.url("/exchange/providers/1010/services/business-permit")), Json.write(d), "application/json",
                RequestOptions.none());
    }

    PlatformResponse ask(String purpose) {
        return consumer.post(URI.create(f.url("/exchange/1010/business-permit")),
                "{\"verificationCode\":\"ABCD2345EFGH6789\"}".getBytes(StandardCharsets.UTF_8), "application/json",
                RequestOptions.builder().header("X-Client-Agency", "2020").header("X-Purpose", purpose)
                        .header("X-User-Ref", "b".repeat(64)).maxAttempts(1).build());
    }

    @Test
    void aConsumerGetsOnlyItsFieldsSignedByTheExchangeAfterTheProvidersSignatureVerified() throws Exception {
        PlatformResponse r = ask("20201000001");
        JsonNode answer = SandboxFixture.JSON.readTree(r.body());
        java.util.Set<String> fields = new java.util.HashSet<>();
        answer.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("status", "title"), fields);
        assertEquals("no-store", r.header("Cache-Control").orElseThrow());
        JWSObject sig = JWSObject.parse(r.header("X-Response-Signature").orElseThrow(), new Payload(r.body()));
        ECKey platformKey = (ECKey) JWKSet.load(URI.create(f.url("/jwks")).toURL()).getKeyByKeyId(sig.getHeader().getKeyID());
        assertTrue(sig.verify(new ECDSAVerifier(platformKey)));

        SignedJWT t = tokens.get(0);
        assertTrue(t.verify(new ECDSAVerifier(platformKey)), "the provider can check the exchange's token");
        assertEquals(List.of("1010"), t.getJWTClaimsSet().getAudience());
        assertEquals("2020", t.getJWTClaimsSet().getSubject());
        assertEquals("20201000001", t.getJWTClaimsSet().getStringClaim("purpose"));
        assertEquals(bodyDigests.get(0), t.getJWTClaimsSet().getStringClaim("body_sha256"));
        assertTrue(t.getJWTClaimsSet().getExpirationTime().getTime() - t.getJWTClaimsSet().getIssueTime().getTime() <= 60_000);
        assertNotNull(t.getJWTClaimsSet().getJWTID());

        JsonNode rec = f.record("exchange-provider");
        JsonNode call = rec.get(rec.size() - 1);
        java.util.Set<String> removed = new java.util.HashSet<>();
        call.get("fieldsRemoved").forEach(x -> removed.add(x.asText()));
        assertEquals(Set.of("holderName", "activity"), removed);
        assertFalse(call.toString().contains("مریم"), "traffic only, never content");
    }

    @Test
    void unlistedConsumersAndPurposesAreRefusedBeforeTheProviderSeesAnything() throws Exception {
        PlatformException e = assertThrows(PlatformException.class, () -> ask("20201000002"));
        assertEquals(403, e.statusCode());
        assertEquals("exchange.not_authorised", e.code());
        assertEquals(0, tokens.size());
        PlatformException foreign = assertThrows(PlatformException.class, () -> provider.post(
                URI.create(f.url("/exchange/1010/business-permit")), "{}".getBytes(StandardCharsets.UTF_8), "application/json",
                RequestOptions.builder().header("X-Client-Agency", "1010").header("X-Purpose", "10101234567")
                        .header("X-User-Ref", "b".repeat(64)).build()));
        assertEquals("exchange.not_authorised", foreign.code());
        assertEquals(0, tokens.size());
    }

    @Test
    void anUnsignedOrWronglySignedAnswerIsNeverPassedOn() throws Exception {
        for (String m : List.of("unsigned", "foreign-key")) {
            mode.set(m);
            PlatformException e = assertThrows(PlatformException.class, () -> ask("20201000001"));
            assertEquals(502, e.statusCode(), m);
            assertEquals("exchange.provider_unavailable", e.code());
        }
        mode.set("missing");
        assertEquals("exchange.not_found", assertThrows(PlatformException.class, () -> ask("20201000001")).code());
        JsonNode rec = f.record("exchange-provider");
        assertEquals("unsigned", rec.get(1).get("reason").asText());
        assertEquals("bad-signature", rec.get(2).get("reason").asText());
    }

    @Test
    void aConsumerPastTheRateWaitsForTheNextMinute() {
        ask("20201000001");
        ask("20201000001");
        ask("20201000001");
        PlatformException e = assertThrows(PlatformException.class, () -> ask("20201000001"));
        assertEquals(429, e.statusCode());
        f.clock.advance(java.time.Duration.ofMinutes(1));
        assertEquals(200, ask("20201000001").statusCode());
    }

    @Test
    void descriptorsAreCheckedPublishedByTheirOwnerAndShownToOthersWithoutConsumers() throws Exception {
        assertEquals(403, assertThrows(PlatformException.class, () -> publish(consumer, descriptor(3))).statusCode());
        Map<String, Object> bad = new java.util.HashMap<>(descriptor(0));
        bad.put("endpoint", "http://provider.example/x");
        bad.put("consumers", List.of(Map.of("agencyId", "2020", "purposes", List.of("1"), "fields", List.of("secret"))));
        PlatformException e = assertThrows(PlatformException.class, () -> publish(provider, bad));
        assertEquals("exchange.invalid_descriptor", e.code());
        assertEquals(4, ((List<?>) e.problem().extensions().get("errors")).size());
        assertEquals(200, publish(provider, descriptor(3)).statusCode());
        JsonNode seen = SandboxFixture.JSON.readTree(consumer.get(URI.create(f.url("/exchange/providers/1010/services/business-permit")),
                RequestOptions.none()).body());
        assertEquals("استعلام پروانه کسب", seen.get("title").asText());
        assertFalse(seen.has("consumers") || seen.has("endpoint"));
        JsonNode own = SandboxFixture.JSON.readTree(provider.get(URI.create(f.url("/exchange/providers/1010/services/business-permit")),
                RequestOptions.none()).body());
        assertEquals(2, own.get("consumers").size());
    }

    @Test
    void theSandboxAsksAProviderAsATestConsumerAgency() throws Exception {
        JsonNode answer = f.admin("POST", "/admin/exchange/ask", "{\"provider\":\"1010\",\"service\":\"business-permit\","
                + "\"purpose\":\"10101234567\",\"body\":{\"verificationCode\":\"ABCD2345EFGH6789\"}}");
        assertEquals("مریم احمدی", answer.get("holderName").asText());
        assertEquals("9999", tokens.get(0).getJWTClaimsSet().getSubject());
    }
}
