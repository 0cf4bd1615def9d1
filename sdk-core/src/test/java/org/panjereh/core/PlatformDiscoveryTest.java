package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.MutableClock;

class PlatformDiscoveryTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakePlatform platform;
    MutableClock clock;

    @BeforeEach
    void setUp() {
        platform = new FakePlatform(server);
        clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    }

    PlatformDiscovery discovery() {
        return PlatformDiscovery.builder(URI.create(platform.issuer())).clock(clock)
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build();
    }

    @Test
    void typedAccessorsForEveryMember() {
        PlatformMetadata m = discovery().metadata();
        String i = platform.issuer();
        assertEquals(URI.create(i), m.issuer());
        assertEquals(URI.create(i + "/token"), m.tokenEndpoint());
        assertEquals(URI.create(i + "/authorize"), m.authorizationEndpoint());
        assertEquals(URI.create(i + "/jwks"), m.jwksUri());
        assertEquals(URI.create(i + "/tracking"), m.trackingEndpoint());
        assertEquals(URI.create(i + "/events"), m.serviceEventsEndpoint());
        assertEquals(URI.create(i + "/survey"), m.surveyEndpoint());
        assertEquals(URI.create(i + "/exchange"), m.exchangeEndpoint());
        assertEquals(URI.create(i + "/registry"), m.serviceRegistryEndpoint());
        assertEquals(URI.create(i + "/messages"), m.messageBoxEndpoint());
        assertEquals(URI.create(i + "/account"), m.accountUrl().orElseThrow());
        assertEquals(List.of(URI.create("https://fallback.example")), m.fallbackIssuers());
        assertEquals(List.of(JWSAlgorithm.ES256), m.dpopSigningAlgorithms());
        assertTrue(m.pushedAuthorizationRequestEndpoint().isEmpty());
        assertTrue(m.endSessionEndpoint().isEmpty());
    }

    @Test
    void missingEndpointIsAClearConfigurationError() {
        PlatformMetadata m = PlatformMetadata.builder(URI.create("https://sso.example"), URI.create("https://sso.example/oauth2/jwks")).build();
        PanjerehConfigurationException e = assertThrows(PanjerehConfigurationException.class, m::trackingEndpoint);
        assertTrue(e.getMessage().contains("tracking_endpoint"));
    }

    @Test
    void cachedUntilTheRefreshInterval() {
        PlatformDiscovery d = discovery();
        d.metadata();
        d.metadata();
        assertEquals(1, platform.requestsTo("/.well-known/openid-configuration").size());
        clock.advance(Duration.ofMinutes(61));
        d.metadata();
        assertEquals(2, platform.requestsTo("/.well-known/openid-configuration").size());
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodDocument() {
        PlatformDiscovery d = discovery();
        PlatformMetadata first = d.metadata();
        platform.script("/.well-known/openid-configuration", FakePlatform.problem(503, "down"));
        clock.advance(Duration.ofMinutes(61));
        assertEquals(first.issuer(), d.metadata().issuer());
    }

    @Test
    void forcedRefreshIsRateLimited() {
        PlatformDiscovery d = discovery();
        d.metadata();
        assertFalse(d.refresh(), "within 30 s of the last fetch");
        clock.advance(Duration.ofSeconds(31));
        assertTrue(d.refresh());
        assertEquals(2, platform.requestsTo("/.well-known/openid-configuration").size());
    }

    @Test
    void issuerMismatchIsRefused() {
        platform.script("/.well-known/openid-configuration", FakePlatform.json(200,
                platform.discoveryJson().replace("\"issuer\":\"" + platform.issuer() + "\"", "\"issuer\":\"https://evil.example\"")));
        InvalidPlatformResponseException e = assertThrows(InvalidPlatformResponseException.class, discovery()::metadata);
        assertTrue(e.getMessage().contains("evil.example"));
    }

    @Test
    void garbageDocumentIsRefused() {
        platform.script("/.well-known/openid-configuration", FakePlatform.json(200, "{not json"));
        assertThrows(InvalidPlatformResponseException.class, discovery()::metadata);
    }

    @Test
    void fixedMetadataNeedsNoNetwork() {
        PlatformMetadata m = PlatformMetadata.builder(URI.create("https://sso.example"), URI.create("https://sso.example/oauth2/jwks"))
                .tokenEndpoint(URI.create("https://sso.example/oauth2/token"))
                .endpoint(PlatformMetadata.TRACKING_ENDPOINT, URI.create("https://api.example/tracking")).build();
        PlatformDiscovery d = PlatformDiscovery.fixed(m).build();
        assertEquals(URI.create("https://api.example/tracking"), d.metadata().trackingEndpoint());
        assertFalse(d.refresh(), "fixed metadata is never refetched");
    }

    @Test
    void keysAreRefetchedWhenAnUnknownKidArrives() throws Exception {
        ECKey k1 = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ECKey k2 = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        platform.script("/jwks", FakePlatform.json(200, new JWKSet(k1.toPublicJWK()).toString()),
                FakePlatform.json(200, new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK())).toString()));
        PlatformDiscovery d = discovery();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, d.jwkSource()));
        p.setJWTClaimsSetVerifier((claims, ctx) -> { });
        assertEquals("a", p.process(sign(k1, "a"), null).getSubject());
        assertEquals("b", p.process(sign(k2, "b"), null).getSubject(), "rotated key found by refetching");
        assertEquals(2, platform.requestsTo("/jwks").size());
    }

    static SignedJWT sign(ECKey key, String sub) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().subject(sub).build());
        jwt.sign(new ECDSASigner(key));
        return jwt;
    }
}
