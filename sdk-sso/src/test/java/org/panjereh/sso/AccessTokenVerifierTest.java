package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.testing.MutableClock;

/**
 * A platform access token is verified once and then served from the cache until it expires; a forged,
 * expired, mistyped or foreign token is refused on the first call and on every later one.
 */
class AccessTokenVerifierTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeProvider op;
    MutableClock clock;
    AccessTokenVerifier tokens;

    @BeforeEach
    void setUp() throws Exception {
        op = new FakeProvider(server);
        clock = new MutableClock(Instant.now());
        tokens = AccessTokenVerifier.builder(PlatformDiscovery.builder(URI.create(op.issuer())).build()).clock(clock).build();
    }

    private String token(String issuer, ECKey key, String typ, Duration life) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(typ == null ? null : new JOSEObjectType(typ)).build(),
                new JWTClaimsSet.Builder().issuer(issuer).subject("pairwise-sub-1").claim("client_id", "agency-1010")
                        .claim("acr", "urn:ir:gov:loa:2").issueTime(Date.from(now)).expirationTime(Date.from(now.plus(life)))
                        .build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void verifiedOnceThenFromTheCacheUntilItExpires() throws Exception {
        String t = token(op.issuer(), op.key, "at+jwt", Duration.ofMinutes(5));
        AccessTokenVerifier.VerifiedToken first = tokens.verify(t);
        assertEquals("pairwise-sub-1", first.subject());
        assertEquals("agency-1010", first.claims().getClaim("client_id"));
        int fetches = op.jwksFetches.get();
        assertSame(first, tokens.verify(t), "the second call is served from the cache");
        assertEquals(fetches, op.jwksFetches.get());
        assertEquals(1, tokens.cachedTokens());
        clock.advance(Duration.ofMinutes(5).plusSeconds(61));
        LoginException e = assertThrows(LoginException.class, () -> tokens.verify(t), "expired, though cached");
        assertEquals(LoginException.Reason.INVALID_ACCESS_TOKEN, e.reason());
        assertEquals(0, tokens.cachedTokens(), "an expired token leaves the cache");
        assertThrows(LoginException.class, () -> tokens.verify(t), "and stays refused");
    }

    @Test
    void badTokensAreRefusedEveryTime() throws Exception {
        ECKey forger = new ECKeyGenerator(Curve.P_256).keyID(op.key.getKeyID()).generate();
        String forged = token(op.issuer(), forger, "at+jwt", Duration.ofMinutes(5));
        String foreign = token("https://another.example", op.key, "at+jwt", Duration.ofMinutes(5));
        String expired = token(op.issuer(), op.key, "at+jwt", Duration.ofMinutes(-2));
        String idTokenType = token(op.issuer(), op.key, "logout+jwt", Duration.ofMinutes(5));
        String good = token(op.issuer(), op.key, "at+jwt", Duration.ofMinutes(5));
        String tampered = good.substring(0, good.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"x\",\"sub\":\"someone-else\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + good.substring(good.lastIndexOf('.'));
        for (String bad : new String[] {forged, foreign, expired, idTokenType, tampered, "garbage", "", null}) {
            for (int i = 0; i < 2; i++) {
                LoginException e = assertThrows(LoginException.class, () -> tokens.verify(bad));
                assertEquals(LoginException.Reason.INVALID_ACCESS_TOKEN, e.reason());
            }
        }
        assertEquals(0, tokens.cachedTokens(), "nothing refused is ever cached");
        tokens.verify(good);
        tokens.verify(token(op.issuer(), op.key, null, Duration.ofMinutes(5)));
        tokens.verify(token(op.issuer(), op.key, "JWT", Duration.ofMinutes(5)));
        assertEquals(3, tokens.cachedTokens());
    }

    @Test
    void theCacheIsBounded() throws Exception {
        AccessTokenVerifier small = AccessTokenVerifier.builder(PlatformDiscovery.builder(URI.create(op.issuer())).build())
                .clock(clock).maxEntries(3).build();
        for (int i = 0; i < 10; i++) {
            small.verify(token(op.issuer(), op.key, "at+jwt", Duration.ofMinutes(5).plusSeconds(i)));
        }
        assertEquals(true, small.cachedTokens() <= 3, "at most 3 kept: " + small.cachedTokens());
        AccessTokenVerifier none = AccessTokenVerifier.builder(PlatformDiscovery.builder(URI.create(op.issuer())).build())
                .clock(clock).maxEntries(0).build();
        none.verify(token(op.issuer(), op.key, "at+jwt", Duration.ofMinutes(5)));
        assertEquals(0, none.cachedTokens());
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> AccessTokenVerifier.builder(
                PlatformDiscovery.builder(URI.create(op.issuer())).build()).maxEntries(-1));
    }
}
