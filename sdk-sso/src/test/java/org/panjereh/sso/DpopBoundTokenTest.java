package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.testing.MutableClock;

/**
 * Platform access tokens bound to a mobile app's DPoP key (RFC 9449), at an agency's API: accepted only with a fresh
 * proof of that key for this very request; a proof replayed, for another URL or method, made with another key, or
 * without the nonce, is refused with a typed reason, and a bound token sent as a bearer token too.
 */
class DpopBoundTokenTest {

    static final URI API = URI.create("https://portal.example/api/v1/requests/30301000001000000145");

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeProvider op;
    MutableClock clock;
    ECKey appKey;
    DefaultDPoPProofFactory app;

    @BeforeEach
    void setUp() throws Exception {
        op = new FakeProvider(server);
        clock = new MutableClock(Instant.now());
        appKey = new ECKeyGenerator(Curve.P_256).generate();
        app = new DefaultDPoPProofFactory(appKey, JWSAlgorithm.ES256);
    }

    AccessTokenVerifier verifier(boolean nonces) {
        return AccessTokenVerifier.builder(PlatformDiscovery.builder(URI.create(op.issuer())).build()).clock(clock)
                .requireDpopNonce(nonces).build();
    }

    String boundToken(ECKey holder) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(op.key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(),
                new JWTClaimsSet.Builder().issuer(op.issuer()).subject("pairwise-sub-1").claim("client_id", "mobile-app")
                        .claim("cnf", Map.of("jkt", JWKThumbprintConfirmation.of(holder.toPublicJWK()).getValue().toString()))
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).build());
        jwt.sign(new ECDSASigner(op.key));
        return jwt.serialize();
    }

    String proof(DefaultDPoPProofFactory by, String method, URI uri, String token, String nonce) throws Exception {
        return by.createDPoPJWT(method, uri, new DPoPAccessToken(token), nonce == null ? null : new Nonce(nonce)).serialize();
    }

    LoginException.Reason refusal(AccessTokenVerifier v, String token, String proof, String method, URI uri) {
        return assertThrows(LoginException.class, () -> v.verifyDpop(token, proof, method, uri)).reason();
    }

    @Test
    void aFreshProofOfTheBoundKeyIsAccepted() throws Exception {
        AccessTokenVerifier v = verifier(false);
        String token = boundToken(appKey);
        assertEquals("pairwise-sub-1", v.verifyDpop(token, proof(app, "GET", API, token, null), "GET",
                URI.create(API + "?page=2")).subject(), "the query is not part of htu");
        assertEquals("pairwise-sub-1", v.verifyDpop(token, proof(app, "GET", API, token, null), "GET", API).subject(),
                "each request with its own proof");
    }

    @Test
    void everyForgedOrMisusedProofIsRefused() throws Exception {
        AccessTokenVerifier v = verifier(false);
        String token = boundToken(appKey);
        String used = proof(app, "GET", API, token, null);
        v.verifyDpop(token, used, "GET", API);
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, used, "GET", API), "replayed");
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, proof(app, "GET",
                URI.create("https://portal.example/api/v1/requests/other"), token, null), "GET", API), "for another URL");
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, proof(app, "GET", API, token, null), "POST", API),
                "for another method");
        DefaultDPoPProofFactory thief = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, proof(thief, "GET", API, token, null), "GET", API),
                "made with another key than the token is bound to");
        String other = boundToken(appKey);
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, proof(app, "GET", API, other, null), "GET", API),
                "made for another token (ath)");
        String good = proof(app, "GET", API, token, null);
        String[] parts = good.split("\\.");
        String flipped = (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1);
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, parts[0] + "." + parts[1] + "." + flipped, "GET",
                API), "signature tampered with");
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, app.createDPoPJWT(new JWTID(), "GET", API,
                Date.from(Instant.now().minus(Duration.ofMinutes(10))), new DPoPAccessToken(token)).serialize(), "GET", API),
                "made ten minutes ago");
        SignedJWT plainJwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .jwk(appKey.toPublicJWK()).build(), SignedJWT.parse(good).getJWTClaimsSet());
        plainJwt.sign(new ECDSASigner(appKey));
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, plainJwt.serialize(), "GET", API),
                "not typed dpop+jwt");
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, null, "GET", API), "no proof");
        assertEquals(LoginException.Reason.INVALID_DPOP_PROOF, refusal(v, token, "garbage", "GET", API), "not a JWT");
        LoginException asBearer = assertThrows(LoginException.class, () -> v.verify(token));
        assertEquals(LoginException.Reason.INVALID_ACCESS_TOKEN, asBearer.reason());
        assertTrue(asBearer.getMessage().contains("bearer"), asBearer.getMessage());
    }

    @Test
    void withNoncesOnAProofWithoutTheCurrentNonceIsAskedAgain() throws Exception {
        AccessTokenVerifier v = verifier(true);
        String token = boundToken(appKey);
        assertEquals(LoginException.Reason.USE_DPOP_NONCE, refusal(v, token, proof(app, "GET", API, token, null), "GET", API));
        assertEquals(LoginException.Reason.USE_DPOP_NONCE, refusal(v, token, proof(app, "GET", API, token, "stale"), "GET", API));
        String nonce = v.dpopNonce().orElseThrow();
        assertEquals("pairwise-sub-1", v.verifyDpop(token, proof(app, "GET", API, token, nonce), "GET", API).subject());
        clock.advance(Duration.ofMinutes(5));
        String next = v.dpopNonce().orElseThrow();
        assertTrue(!next.equals(nonce), "the nonce changes every five minutes");
        assertEquals("pairwise-sub-1", v.verifyDpop(token, proof(app, "GET", API, token, nonce), "GET", API).subject(),
                "the previous nonce is still accepted");
        assertTrue(verifier(false).dpopNonce().isEmpty());
    }
}
