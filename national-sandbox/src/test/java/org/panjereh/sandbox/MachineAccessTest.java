package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.SigningKey;

/** Contract sections 1, 2.2 and 3, called as an agency would, through sdk-core. */
class MachineAccessTest {

    static SandboxFixture f;

    @BeforeAll
    static void start() {
        f = new SandboxFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void discoveryHasEveryContractMember() {
        PlatformMetadata m = f.client().metadata();
        assertEquals(f.sandbox.issuer(), m.issuer());
        assertTrue(m.supportsDpop());
        assertTrue(m.pushedAuthorizationRequestEndpoint().isPresent());
        assertTrue(m.authorizationResponseIssParameterSupported());
        assertTrue(m.backChannelLogoutSupported());
        assertEquals(f.url("/tracking"), m.trackingEndpoint().toString());
        assertEquals(f.url("/events"), m.serviceEventsEndpoint().toString());
        assertEquals(f.url("/survey"), m.surveyEndpoint().toString());
        assertEquals(f.url("/exchange"), m.exchangeEndpoint().toString());
        assertEquals(f.url("/registry"), m.serviceRegistryEndpoint().toString());
        assertEquals(f.url("/messages"), m.messageBoxEndpoint().toString());
        assertEquals(f.url("/account"), m.accountUrl().orElseThrow().toString());
        assertTrue(m.acrValuesSupported().contains("urn:ir:gov:loa:3"));
    }

    @Test
    void registryThroughDpopTokens() {
        ServiceRegistry registry = ServiceRegistry.remote(f.client());
        ServiceCard card = registry.card(SandboxFixture.LICENCE);
        assertEquals("صدور پروانه کسب", card.title());
        assertEquals("1010", card.agencyId());
        assertEquals(3, registry.cards("1010").size());
        PlatformException e = assertThrows(PlatformException.class,
                () -> registry.card(org.panjereh.core.ServiceId.of("10100000000")));
        assertEquals(404, e.statusCode());
        assertEquals("registry.service_unknown", e.code());
    }

    @Test
    void registryAnswersConditionalRequests() throws Exception {
        PlatformClient c = f.client();
        var first = c.get(java.net.URI.create(f.url("/registry/services/10101234567")), org.panjereh.core.RequestOptions.none());
        String etag = first.header("etag").orElseThrow();
        assertEquals("max-age=300", first.header("cache-control").orElseThrow());
        var second = c.get(java.net.URI.create(f.url("/registry/services/10101234567")),
                org.panjereh.core.RequestOptions.builder().header("If-None-Match", etag).build());
        assertEquals(304, second.statusCode());
    }

    @Test
    void aClientAssertionSignedWithAnUnregisteredKeyIsRefused() throws Exception {
        SigningKey stranger = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        PlatformException e = assertThrows(PlatformException.class,
                () -> ServiceRegistry.remote(f.client("1010", "agency-1010", stranger)).card(SandboxFixture.LICENCE));
        assertEquals(401, e.statusCode());
        assertEquals("oauth.invalid_client", e.code());
    }

    @Test
    void anUnknownClientIsRefused() {
        PlatformException e = assertThrows(PlatformException.class,
                () -> ServiceRegistry.remote(f.client("9999", "nobody", f.key1010)).card(SandboxFixture.LICENCE));
        assertEquals("oauth.invalid_client", e.code());
    }

    @Test
    void apiCallsWithoutATokenOrProofAreRefused() throws Exception {
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/registry/services/10101234567")).build()).execute()) {
            assertEquals(401, r.code());
            assertTrue(r.header("WWW-Authenticate").startsWith("DPoP error=\"invalid_token\""));
            JsonNode p = SandboxFixture.JSON.readTree(r.body().string());
            assertEquals("auth.token_missing", p.get("code").asText());
            assertEquals(401, p.get("status").asInt());
            assertTrue(r.header("Content-Type").startsWith("application/problem+json"));
        }
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/registry/services/10101234567"))
                .header("Authorization", "DPoP not-a-jwt").header("DPoP", "x").build()).execute()) {
            assertEquals(401, r.code());
        }
    }

    /**
     * The platform checks the proof of every API call (its signature on Bouncy Castle since issue 18): a proof made by
     * another key, one whose signature was altered, and one replayed are each refused with 401, while the same client
     * with honest proofs is served.
     */
    @Test
    void apiCallsWithAForgedTamperedOrReplayedProofAreRefused() throws Exception {
        com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory thief = new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate(),
                com.nimbusds.jose.JWSAlgorithm.ES256);
        java.util.concurrent.atomic.AtomicReference<String> mode = new java.util.concurrent.atomic.AtomicReference<>("honest");
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        okhttp3.OkHttpClient forging = new okhttp3.OkHttpClient.Builder().addNetworkInterceptor(chain -> {
            Request r = chain.request();
            String proof = r.header("DPoP");
            if (proof == null || !r.url().encodedPath().startsWith("/registry")) {
                return chain.proceed(r);
            }
            String token = r.header("Authorization").substring("DPoP ".length());
            String sent = switch (mode.get()) {
                case "another key" -> {
                    try {
                        yield thief.createDPoPJWT(r.method(), r.url().newBuilder().query(null).build().uri(),
                                new com.nimbusds.oauth2.sdk.token.DPoPAccessToken(token)).serialize();
                    } catch (com.nimbusds.jose.JOSEException e) {
                        throw new java.io.IOException(e);
                    }
                }
                case "tampered" -> {
                    String[] p = proof.split("\\.");
                    yield p[0] + "." + p[1] + "." + (p[2].charAt(0) == 'A' ? "B" : "A") + p[2].substring(1);
                }
                case "replayed" -> last.get();
                default -> proof;
            };
            if (mode.get().equals("honest")) {
                last.set(proof); // accepted by the platform: its jti is now spent
            }
            return chain.proceed(r.newBuilder().header("DPoP", sent).build());
        }).build();
        RetryPolicy once = RetryPolicy.builder().maxAttempts(1).sleeper(d -> { }).build();
        PlatformClient c = PlatformClient.builder(PlatformDiscovery.builder(f.sandbox.issuer()).retryPolicy(once).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(f.key1010).build())
                .httpClient(forging).retryPolicy(once).clock(f.clock).build();
        assertEquals(3, ServiceRegistry.remote(c).cards("1010").size(), "honest proofs are served");
        for (String m : List.of("replayed", "another key", "tampered")) {
            mode.set(m);
            PlatformException e = assertThrows(PlatformException.class, () -> ServiceRegistry.remote(c).cards("1010"), m);
            assertEquals(401, e.statusCode(), m);
            assertEquals("auth.dpop_invalid", e.code(), m);
        }
    }

    @Test
    void tokenRequestWithoutDpopProofIsRefusedInDpopMode() throws Exception {
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/token"))
                .post(RequestBody.create("grant_type=client_credentials", MediaType.get("application/x-www-form-urlencoded")))
                .build()).execute()) {
            assertEquals(401, r.code(), "no client authentication at all");
            assertEquals("invalid_client", SandboxFixture.JSON.readTree(r.body().string()).get("error").asText());
        }
    }

    @Test
    void expiredTokensAreRefusedAndTheSdkRenews() {
        PlatformClient c = f.client();
        ServiceRegistry registry = ServiceRegistry.remote(c);
        registry.cards("1010");
        f.clock.advance(Duration.ofMinutes(6));
        try {
            assertEquals(3, ServiceRegistry.remote(c).cards("1010").size());
        } finally {
            f.clock.advance(Duration.ofMinutes(-6));
        }
    }

    @Test
    void garbageAndOversizedBodiesGetProblems() throws Exception {
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/no/such/thing")).build()).execute()) {
            assertEquals(404, r.code());
            assertEquals("request.unknown_endpoint", SandboxFixture.JSON.readTree(r.body().string()).get("code").asText());
        }
        byte[] big = new byte[(1 << 20) + 10];
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/admin/agencies"))
                .post(RequestBody.create(big, MediaType.get("application/json"))).build()).execute()) {
            assertEquals(413, r.code());
        }
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/admin/agencies"))
                .post(RequestBody.create("{oops", MediaType.get("application/json"))).build()).execute()) {
            assertEquals(400, r.code());
            assertEquals("request.invalid_json", SandboxFixture.JSON.readTree(r.body().string()).get("code").asText());
        }
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/jwks")).delete().build()).execute()) {
            assertEquals(405, r.code());
        }
    }

    @Test
    void indexAndOpenApiAreServed() throws Exception {
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/")).build()).execute()) {
            String html = r.body().string();
            assertEquals(200, r.code());
            assertTrue(html.contains("dir=\"rtl\""));
            assertTrue(html.contains("0499370899"));
            assertTrue(html.contains("Test citizens"));
            assertFalse(r.header("Content-Security-Policy").contains("script"));
        }
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/openapi.json")).build()).execute()) {
            JsonNode doc = SandboxFixture.JSON.readTree(r.body().string());
            assertEquals("3.1.0", doc.get("openapi").asText());
            assertEquals(f.sandbox.issuer().toString(), doc.get("servers").get(0).get("url").asText());
            assertTrue(doc.get("paths").has("/events/batch"));
        }
    }

    @Test
    void keyRotationKeepsOldTokensValidAndPublishesBothKeys() throws Exception {
        PlatformClient c = f.client();
        ServiceRegistry.remote(c).cards("1010");
        f.admin("POST", "/admin/keys/rotate", null);
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/jwks")).build()).execute()) {
            assertEquals(2, SandboxFixture.JSON.readTree(r.body().string()).get("keys").size());
        }
        assertEquals(3, ServiceRegistry.remote(c).cards("1010").size());
    }
}
