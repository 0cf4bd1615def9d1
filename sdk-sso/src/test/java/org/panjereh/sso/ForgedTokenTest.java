package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;

/**
 * The bad-input set of issue 4, after the OpenID Foundation's RP conformance tests: every forged or
 * broken answer is a typed {@link LoginException}, never a citizen.
 */
class ForgedTokenTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeProvider op;
    NationalLogin sso;
    PendingLogin pending;

    @BeforeEach
    void setUp() throws Exception {
        op = new FakeProvider(server);
        sso = NationalLogin.builder(PlatformDiscovery.builder(URI.create(op.issuer())).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                        .signingKey(SigningKey.of(new ECKeyGenerator(Curve.P_256).generate())).build(),
                URI.create("https://portal.example/callback")).build();
        pending = sso.start(LevelOfAssurance.LOA2, "/apply", false).pending();
    }

    Map<String, String> callback() {
        Map<String, String> m = new HashMap<>();
        m.put("state", pending.state());
        m.put("code", "code-1");
        m.put("iss", op.issuer());
        return m;
    }

    LoginException refused(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        String token = op.sign(change.apply(op.claims(pending.nonce())).build(), op.key, "op-1");
        op.token = r -> FakeProvider.tokens(token);
        return assertThrows(LoginException.class, () -> sso.finish(pending, callback()));
    }

    @Test
    void theBaselineIsAccepted() throws Exception {
        String token = op.sign(op.claims(pending.nonce()).build(), op.key, "op-1");
        op.token = r -> FakeProvider.tokens(token);
        LoginResult r = sso.finish(pending, callback());
        Citizen c = r.citizen();
        assertEquals("pairwise-sub-1", c.subject());
        assertEquals("0499370899", c.nationalCode().value());
        assertEquals(PersonType.NATURAL, c.personType());
        assertEquals("+989121234567", c.mobile().value());
        assertEquals(LevelOfAssurance.LOA2, c.acr());
        assertEquals("sid-1", c.sessionId());
        assertEquals("مریم احمدی", c.displayName());
        assertTrue(!c.toString().contains("0499370899") && !r.toString().contains(token));
        assertEquals("/apply", pending.returnTo());
        assertTrue(sso.logoutUri(r.idToken(), URI.create("https://portal.example/"), "s").orElseThrow().toString()
                .startsWith(op.issuer() + "/logout?id_token_hint="));
        assertEquals(URI.create(op.issuer() + "/account"), sso.accountUrl().orElseThrow());
    }

    @Test
    void wrongSignature() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID("op-1").generate();
        String token = op.sign(op.claims(pending.nonce()).build(), other, "op-1");
        op.token = r -> FakeProvider.tokens(token);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(pending, callback())).reason());
    }

    @Test
    void algNone() throws Exception {
        String token = new PlainJWT(op.claims(pending.nonce()).build()).serialize();
        op.token = r -> FakeProvider.tokens(token);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(pending, callback())).reason());
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("op-1").build(),
                op.claims(pending.nonce()).build());
        byte[] secret = op.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        jwt.sign(new MACSigner(secret));
        String token = jwt.serialize();
        op.token = r -> FakeProvider.tokens(token);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(pending, callback())).reason());
    }

    @Test
    void unknownKidIsRefetchedOnceThenRefused() throws Exception {
        ECKey rogue = new ECKeyGenerator(Curve.P_256).keyID("rogue").generate();
        String token = op.sign(op.claims(pending.nonce()).build(), rogue, "rogue");
        op.token = r -> FakeProvider.tokens(token);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(pending, callback())).reason());
        assertTrue(op.jwksFetches.get() <= 2, "the JWKS was fetched " + op.jwksFetches.get() + " times");
    }

    @Test
    void claimFailures() throws Exception {
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.issuer("https://evil.example")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.audience("someone-else")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.audience(List.of("a", "b")).claim("azp", "a")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("azp", "someone-else")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.audience(List.of("agency-1010", "b"))
                .claim("azp", null)).reason(), "several audiences need an azp naming us");
        long now = System.currentTimeMillis();
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.expirationTime(new Date(now - 120_000))).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.issueTime(new Date(now + 600_000))).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("nonce", null)).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("nonce", "other-nonce")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.subject(null)).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("at_hash", "AAAAAAAAAAAAAAAAAAAAAA")).reason());
        assertEquals(LoginException.Reason.ACR_TOO_LOW, refused(b -> b.claim("acr", "urn:ir:gov:loa:1")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("acr", "urn:other")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("national_code", "1234567890")).reason());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, refused(b -> b.claim("person_type", "robot")).reason());
    }

    @Test
    void theSkewIsSixtySeconds() throws Exception {
        long now = System.currentTimeMillis();
        String token = op.sign(op.claims(pending.nonce()).expirationTime(new Date(now - 30_000)).build(), op.key, "op-1");
        op.token = r -> FakeProvider.tokens(token);
        assertEquals("pairwise-sub-1", sso.finish(pending, callback()).citizen().subject(), "30 s late is tolerated");
    }

    @Test
    void garbageInEveryCallbackParameter() throws Exception {
        String token = op.sign(op.claims(pending.nonce()).build(), op.key, "op-1");
        op.token = r -> FakeProvider.tokens(token);
        Map<String, String> noState = callback();
        noState.remove("state");
        assertEquals(LoginException.Reason.STATE_MISMATCH, assertThrows(LoginException.class, () -> sso.finish(pending, noState)).reason());
        Map<String, String> otherState = callback();
        otherState.put("state", "replayed-or-forged");
        assertEquals(LoginException.Reason.STATE_MISMATCH, assertThrows(LoginException.class, () -> sso.finish(pending, otherState)).reason());
        Map<String, String> noIss = callback();
        noIss.remove("iss");
        assertEquals(LoginException.Reason.ISSUER_MISMATCH, assertThrows(LoginException.class, () -> sso.finish(pending, noIss)).reason());
        Map<String, String> evilIss = callback();
        evilIss.put("iss", "https://evil.example");
        assertEquals(LoginException.Reason.ISSUER_MISMATCH, assertThrows(LoginException.class, () -> sso.finish(pending, evilIss)).reason());
        Map<String, String> badCode = callback();
        badCode.put("code", "a b\u0000c");
        assertEquals(LoginException.Reason.MALFORMED_CALLBACK, assertThrows(LoginException.class, () -> sso.finish(pending, badCode)).reason());
        Map<String, String> noCode = callback();
        noCode.remove("code");
        assertEquals(LoginException.Reason.MALFORMED_CALLBACK, assertThrows(LoginException.class, () -> sso.finish(pending, noCode)).reason());
        Map<String, String> error = callback();
        error.put("error", "access_denied");
        LoginException denied = assertThrows(LoginException.class, () -> sso.finish(pending, error));
        assertEquals(LoginException.Reason.AUTHORIZATION_ERROR, denied.reason());
        assertTrue(denied.persianMessage().contains("ورود"));
        assertEquals(LoginException.Reason.STATE_MISMATCH, assertThrows(LoginException.class, () -> sso.finish(null, callback())).reason());
        op.token = r -> FakeProvider.json(200, "<html>not json");
        assertEquals(LoginException.Reason.TOKEN_REQUEST_FAILED, assertThrows(LoginException.class,
                () -> sso.finish(pending, callback())).reason());
        op.token = r -> FakeProvider.json(400, "{\"error\":\"invalid_grant\"}");
        assertEquals(LoginException.Reason.TOKEN_REQUEST_FAILED, assertThrows(LoginException.class,
                () -> sso.finish(pending, callback())).reason());
    }

    @Test
    void returnToIsOnlyEverASameOriginPath() {
        assertEquals("/apply?x=1", NationalLogin.safeReturnTo("/apply?x=1"));
        for (String bad : new String[] {"https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)",
            "apply", "/a\r\nLocation: x", null, ""}) {
            assertEquals("/", NationalLogin.safeReturnTo(bad), String.valueOf(bad));
        }
    }
}
