package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.MutableClock;

class PlatformClientTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakePlatform platform;
    MutableClock clock;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    SigningKey key;

    @BeforeEach
    void setUp() {
        platform = new FakePlatform(server);
        clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        key = FakePlatform.newKey();
    }

    PlatformClient client() {
        RetryPolicy retry = RetryPolicy.builder().sleeper(sleeps::add).build();
        PlatformDiscovery discovery = PlatformDiscovery.builder(URI.create(platform.issuer())).clock(clock)
                .retryPolicy(retry).build();
        return PlatformClient.builder(discovery,
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build()).clock(clock).retryPolicy(retry)
                .build();
    }

    URI api(String path) {
        return URI.create(platform.issuer() + path);
    }

    @Test
    void clientCredentialsTokenRequestIsPrivateKeyJwt() throws Exception {
        platform.script("/tracking/x", FakePlatform.json(200, "{}"));
        client().get(api("/tracking/x"), RequestOptions.none());

        RecordedRequest token = platform.requestsTo("/token").get(0);
        assertEquals("POST", token.getMethod());
        assertTrue(token.getHeaders().get("Content-Type").startsWith("application/x-www-form-urlencoded"));
        Map<String, String> form = form(token.getBody().utf8());
        assertEquals("client_credentials", form.get("grant_type"));
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form.get("client_assertion_type"));
        assertEquals(String.join(" ", PlatformClient.ALL_SCOPES), form.get("scope"));
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        assertEquals(JWSAlgorithm.ES256, assertion.getHeader().getAlgorithm());
        assertEquals(key.keyId(), assertion.getHeader().getKeyID());
        assertTrue(assertion.verify(new ECDSAVerifier(((ECKey) key.publicJwk()).toECPublicKey())));
        JWTClaimsSet c = assertion.getJWTClaimsSet();
        assertEquals("agency-1010", c.getIssuer());
        assertEquals("agency-1010", c.getSubject());
        assertEquals(List.of(platform.issuer()), c.getAudience(), "the issuer identifier, as FAPI 2.0 requires");
        assertNotNull(c.getJWTID());
        assertNotNull(c.getExpirationTime());
        UUID.fromString(token.getHeaders().get("X-Request-Id"));
        assertNotNull(token.getHeaders().get("DPoP"), "DPoP offered, so the token request carries a proof");
    }

    @Test
    void theTokenEndpointsUrlIsTheAudienceOnlyWhereConfigurationAsks() throws Exception {
        platform.script("/tracking/x", FakePlatform.json(200, "{}"));
        RetryPolicy retry = RetryPolicy.builder().sleeper(sleeps::add).build();
        PlatformDiscovery discovery = PlatformDiscovery.builder(URI.create(platform.issuer())).clock(clock)
                .retryPolicy(retry).build();
        PlatformClient.builder(discovery,
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key)
                        .clientAssertionAudience(ClientAssertionAudience.ENDPOINT).build()).clock(clock).retryPolicy(retry)
                .build().get(api("/tracking/x"), RequestOptions.none());
        Map<String, String> form = form(platform.requestsTo("/token").get(0).getBody().utf8());
        assertEquals(List.of(platform.issuer() + "/token"),
                SignedJWT.parse(form.get("client_assertion")).getJWTClaimsSet().getAudience());
    }

    @Test
    void apiCallCarriesDpopTokenProofAndRequestId() throws Exception {
        platform.script("/tracking/tracking-ids/abc", FakePlatform.json(200, "{}"));
        PlatformResponse r = client().get(api("/tracking/tracking-ids/abc?x=1"), RequestOptions.none());

        RecordedRequest req = platform.requestsTo("/tracking/tracking-ids/abc").get(0);
        assertEquals("DPoP token-1", req.getHeaders().get("Authorization"));
        assertEquals(r.requestId(), req.getHeaders().get("X-Request-Id"));
        assertNull(req.getHeaders().get("Idempotency-Key"), "GET carries no idempotency key");
        assertTrue(req.getHeaders().get("User-Agent").startsWith("panjereh-sdk/"));
        SignedJWT proof = SignedJWT.parse(req.getHeaders().get("DPoP"));
        assertEquals("dpop+jwt", proof.getHeader().getType().toString());
        assertNotNull(proof.getHeader().getJWK());
        assertFalse(proof.getHeader().getJWK().isPrivate());
        JWTClaimsSet c = proof.getJWTClaimsSet();
        assertEquals("GET", c.getStringClaim("htm"));
        assertEquals(platform.issuer() + "/tracking/tracking-ids/abc", c.getStringClaim("htu"), "no query in htu");
        String ath = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("token-1".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ath, c.getStringClaim("ath"));
        assertNotNull(c.getJWTID());
        assertNotNull(c.getIssueTime());
    }

    @Test
    void bearerWhenDiscoveryOffersNoDpop() {
        platform.dpop = false;
        platform.script("/tracking/x", FakePlatform.json(200, "{}"));
        client().get(api("/tracking/x"), RequestOptions.none());
        RecordedRequest req = platform.requestsTo("/tracking/x").get(0);
        assertEquals("Bearer token-1", req.getHeaders().get("Authorization"));
        assertNull(req.getHeaders().get("DPoP"));
        assertNull(platform.requestsTo("/token").get(0).getHeaders().get("DPoP"));
    }

    @Test
    void oneTokenRequestForEightConcurrentCallers() throws Exception {
        for (int i = 0; i < 8; i++) {
            platform.script("/tracking/x", FakePlatform.json(200, "{}"));
        }
        PlatformClient c = client();
        c.metadata();
        CountDownLatch entered = new CountDownLatch(8);
        platform.tokenGate = entered;
        CyclicBarrier start = new CyclicBarrier(8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PlatformResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> {
                    start.await();
                    entered.countDown();
                    return c.get(api("/tracking/x"), RequestOptions.none());
                }));
            }
            for (Future<PlatformResponse> f : fs) {
                assertEquals(200, f.get(20, TimeUnit.SECONDS).statusCode());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, platform.tokenRequests.get());
        assertEquals(8, platform.requestsTo("/tracking/x").stream()
                .filter(r -> "DPoP token-1".equals(r.getHeaders().get("Authorization"))).count());
    }

    @Test
    void tokenIsRefreshedShortlyBeforeExpiry() {
        platform.script("/tracking/x", FakePlatform.json(200, "{}"), FakePlatform.json(200, "{}"),
                FakePlatform.json(200, "{}"));
        PlatformClient c = client();
        c.get(api("/tracking/x"), RequestOptions.none());
        clock.advance(Duration.ofSeconds(269));
        c.get(api("/tracking/x"), RequestOptions.none());
        assertEquals(1, platform.tokenRequests.get(), "still fresh 31 s before expiry");
        clock.advance(Duration.ofSeconds(2));
        c.get(api("/tracking/x"), RequestOptions.none());
        assertEquals(2, platform.tokenRequests.get(), "renewed within 30 s of expiry");
        assertEquals("DPoP token-2", platform.requestsTo("/tracking/x").get(2).getHeaders().get("Authorization"));
    }

    @Test
    void tokenEndpointDpopNonceChallengeIsAnsweredOnce() throws Exception {
        platform.requiredTokenNonce = "nonce-abc";
        platform.script("/tracking/x", FakePlatform.json(200, "{}"));
        client().get(api("/tracking/x"), RequestOptions.none());
        List<RecordedRequest> tokenCalls = platform.requestsTo("/token");
        assertEquals(2, tokenCalls.size());
        assertNull(SignedJWT.parse(tokenCalls.get(0).getHeaders().get("DPoP")).getJWTClaimsSet().getClaim("nonce"));
        assertEquals("nonce-abc", SignedJWT.parse(tokenCalls.get(1).getHeaders().get("DPoP")).getJWTClaimsSet()
                .getStringClaim("nonce"));
        assertTrue(sleeps.isEmpty(), "a nonce challenge is answered at once, not backed off");
    }

    @Test
    void resourceDpopNonceChallengeIsAnsweredOnce() throws Exception {
        platform.script("/tracking/x",
                new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"")
                        .setHeader("DPoP-Nonce", "rs-nonce-1").build(),
                FakePlatform.json(200, "{\"ok\":true}"));
        PlatformResponse r = client().get(api("/tracking/x"), RequestOptions.none());
        assertEquals(200, r.statusCode());
        List<RecordedRequest> calls = platform.requestsTo("/tracking/x");
        assertEquals(2, calls.size());
        assertEquals("rs-nonce-1", SignedJWT.parse(calls.get(1).getHeaders().get("DPoP")).getJWTClaimsSet()
                .getStringClaim("nonce"));
        assertEquals(calls.get(0).getHeaders().get("X-Request-Id"), calls.get(1).getHeaders().get("X-Request-Id"));
    }

    @Test
    void revokedTokenIsReplacedOnce() {
        platform.script("/tracking/x",
                new MockResponse.Builder().code(401).setHeader("WWW-Authenticate", "DPoP error=\"invalid_token\"").build(),
                FakePlatform.json(200, "{}"));
        client().get(api("/tracking/x"), RequestOptions.none());
        assertEquals(2, platform.tokenRequests.get());
        assertEquals("DPoP token-2", platform.requestsTo("/tracking/x").get(1).getHeaders().get("Authorization"));
    }

    @Test
    void retryAfterIsHonouredAndTheIdempotencyKeyKept() {
        platform.script("/tracking/tracking-ids",
                new MockResponse.Builder().code(429).setHeader("Retry-After", "7").build(),
                new MockResponse.Builder().code(503).setHeader("Retry-After", "Sun, 22 Nov 2026 10:00:03 GMT").build(),
                FakePlatform.json(201, "{}"));
        PlatformResponse r = client().postJson(api("/tracking/tracking-ids"), Map.of("a", 1), RequestOptions.none());
        assertEquals(201, r.statusCode());
        assertEquals(3, r.attempts());
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(3)), sleeps);
        List<RecordedRequest> calls = platform.requestsTo("/tracking/tracking-ids");
        String key0 = calls.get(0).getHeaders().get("Idempotency-Key");
        UUID.fromString(key0);
        for (RecordedRequest c : calls) {
            assertEquals(key0, c.getHeaders().get("Idempotency-Key"));
            assertEquals("{\"a\":1}", c.getBody().utf8());
        }
    }

    @Test
    void backoffWithoutRetryAfterGrowsAndGivesUpAfterMaxAttempts() {
        for (int i = 0; i < 4; i++) {
            platform.script("/tracking/x", FakePlatform.problem(503, "platform.unavailable"));
        }
        PlatformException e = assertThrows(PlatformException.class,
                () -> client().get(api("/tracking/x"), RequestOptions.none()));
        assertEquals(503, e.statusCode());
        assertEquals("platform.unavailable", e.code());
        assertTrue(e.isRetryable());
        assertEquals(4, e.numAttempts());
        assertEquals(3, sleeps.size());
        // 200 ms doubling with ±50 % jitter, capped at 5 s.
        assertTrue(sleeps.get(0).toMillis() >= 100 && sleeps.get(0).toMillis() <= 300, sleeps.toString());
        assertTrue(sleeps.get(2).toMillis() >= 400 && sleeps.get(2).toMillis() <= 1200, sleeps.toString());
    }

    @Test
    void retryAfterBeyondTheLimitEndsAtOnceAsRetryable() {
        platform.script("/tracking/x", new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());
        PlatformException e = assertThrows(PlatformException.class,
                () -> client().get(api("/tracking/x"), RequestOptions.none()));
        assertEquals(429, e.statusCode());
        assertTrue(e.isRetryable());
        assertTrue(sleeps.isEmpty());
        assertEquals("تعداد درخواست‌ها بیش از حد مجاز است. لطفاً کمی بعد دوباره تلاش کنید.", e.persianMessage());
    }

    @Test
    void problemJsonIsMappedFieldByField() {
        platform.script("/tracking/tracking-ids", FakePlatform.problem(422, "tracking.service_unknown"));
        PlatformException e = assertThrows(PlatformException.class,
                () -> client().postJson(api("/tracking/tracking-ids"), Map.of(), RequestOptions.none()));
        PlatformProblem p = e.problem();
        assertEquals(422, p.status());
        assertEquals("tracking.service_unknown", p.code());
        assertEquals("Refused", p.title());
        assertEquals("because", p.detail());
        assertEquals("echoed", p.requestId());
        assertEquals(URI.create("https://platform.example/problems/tracking.service_unknown"), p.type());
        assertFalse(e.isRetryable());
        assertEquals(1, e.numAttempts());
        assertTrue(e.getMessage().contains("tracking.service_unknown"));
    }

    @Test
    void garbageErrorBodiesStillGiveATypedError() {
        platform.script("/tracking/x", new MockResponse.Builder().code(500).setHeader("Content-Type", "application/json")
                .body("<html>oops").build());
        PlatformException e = assertThrows(PlatformException.class,
                () -> client().get(api("/tracking/x"), RequestOptions.none()));
        assertEquals(500, e.statusCode());
        assertEquals("http.500", e.code());
        assertNotNull(e.requestId());
    }

    @Test
    void garbageSuccessBodyIsAnInvalidResponse() {
        platform.script("/tracking/tracking-ids", FakePlatform.json(201, "{\"trackingId\": [1,2"));
        TrackingIds ids = TrackingIds.builder(client()).build();
        InvalidPlatformResponseException e = assertThrows(InvalidPlatformResponseException.class,
                () -> ids.issue(ServiceId.of("10101234567"), Channel.WEB, "sub-1"));
        assertEquals(201, e.statusCode());
    }

    @Test
    void platformDownIsUnreachableAfterRetries() throws Exception {
        PlatformClient c = client();
        c.metadata();
        // Five drops: the first on the connection discovery left in the pool is sent again at once on a new one
        // (StaleConnectionRetry); the four attempts of the retry policy each take one more.
        MockResponse drop = new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build();
        platform.script("/tracking/x", drop, drop, drop, drop, drop);
        PlatformUnreachableException e = assertThrows(PlatformUnreachableException.class,
                () -> c.get(api("/tracking/x"), RequestOptions.none()));
        assertEquals(4, e.numAttempts());
        assertEquals(5, platform.requestsTo("/tracking/x").size());
        assertTrue(e.isRetryable());
        assertFalse(e.persianMessage().isBlank());
    }

    @Test
    void nothingListeningIsUnreachable() {
        RetryPolicy retry = RetryPolicy.builder().maxAttempts(2).sleeper(sleeps::add).build();
        PlatformDiscovery d = PlatformDiscovery.builder(URI.create("http://127.0.0.1:1")).retryPolicy(retry).build();
        PlatformClient c = PlatformClient.builder(d,
                AgencyCredentials.builder().agencyId("1010").clientId("a").signingKey(key).build()).retryPolicy(retry).build();
        PlatformUnreachableException e = assertThrows(PlatformUnreachableException.class, c::metadata);
        assertEquals(2, e.numAttempts());
    }

    @Test
    void tokenRefusalIsAPlatformExceptionWithTheOauthCode() {
        platform.script("/token", new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json")
                .body("{\"error\":\"invalid_client\",\"error_description\":\"unknown key\"}").build());
        PlatformException e = assertThrows(PlatformException.class,
                () -> client().get(api("/tracking/x"), RequestOptions.none()));
        assertEquals(401, e.statusCode());
        assertEquals("oauth.invalid_client", e.code());
        assertEquals("unknown key", e.problem().detail());
        assertFalse(e.isRetryable());
        assertTrue(platform.requestsTo("/tracking/x").isEmpty());
    }

    @Test
    void callerChosenKeysAreSentAsGiven() {
        platform.script("/tracking/tracking-ids", FakePlatform.json(201, "{}"));
        UUID key1 = UUID.randomUUID();
        UUID rid = UUID.randomUUID();
        client().postJson(api("/tracking/tracking-ids"), Map.of(),
                RequestOptions.builder().idempotencyKey(key1.toString()).requestId(rid).build());
        RecordedRequest r = platform.requestsTo("/tracking/tracking-ids").get(0);
        assertEquals(key1.toString(), r.getHeaders().get("Idempotency-Key"));
        assertEquals(rid.toString(), r.getHeaders().get("X-Request-Id"));
        assertThrows(PanjerehConfigurationException.class, () -> RequestOptions.builder().idempotencyKey("not-a-uuid"));
        assertNotEquals(RequestOptions.none(), null);
    }

    @Test
    void plainHttpToARemoteHostIsRefused() {
        PanjerehConfigurationException e = assertThrows(PanjerehConfigurationException.class,
                () -> PlatformDiscovery.builder(URI.create("http://platform.example")).build());
        assertTrue(e.getMessage().contains("https"));
        PlatformDiscovery.builder(URI.create("http://platform.example")).allowInsecureHttp(true).build();
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String kv : body.split("&")) {
            String[] p = kv.split("=", 2);
            m.put(java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
        }
        return m;
    }
}
