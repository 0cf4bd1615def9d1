package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the FAPI 2.0 profile refuses that the contract's profile accepts. */
class Fapi2ProfileTest {

    static SandboxFixture f;

    @BeforeAll
    static void start() {
        f = new SandboxFixture(b -> b.profile(SandboxConfig.Profile.FAPI2));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static AuthenticationRequest request() {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile", "national_id"),
                new ClientID("agency-1010"), URI.create(SandboxFixture.REDIRECT)).state(new State()).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).endpointURI(URI.create(f.url("/authorize"))).build();
    }

    static SignedJWT requestObject(AuthenticationRequest ar, String typ, Duration lifetime, String audience) throws Exception {
        Instant now = f.clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(f.key1010.keyId())
                .type(new JOSEObjectType(typ)).build(), new JWTClaimsSet.Builder(ar.toJWTClaimsSet()).issuer("agency-1010")
                .audience(audience).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(f.key1010.signer());
        return jwt;
    }

    static HTTPResponse par(AuthenticationRequest ar, URI assertionAudience) throws Exception {
        return LoginFlowTest.send(f.http, new PushedAuthorizationRequest(URI.create(f.url("/par")),
                LoginFlowTest.assertion(assertionAudience, "agency-1010", f.key1010), ar).toHTTPRequest());
    }

    static AuthenticationRequest signed(SignedJWT jwt) {
        return new AuthenticationRequest.Builder(jwt, new ClientID("agency-1010")).endpointURI(URI.create(f.url("/authorize")))
                .build();
    }

    @Test
    void aSignedRequestObjectInParIsAccepted() throws Exception {
        HTTPResponse r = par(signed(requestObject(request(), "oauth-authz-req+jwt", Duration.ofMinutes(5), f.sandbox.issuer().toString())),
                f.sandbox.issuer());
        assertEquals(201, r.getStatusCode(), r.getBody());
        String discovery;
        try (Response d = f.http.newCall(new Request.Builder().url(f.url("/.well-known/openid-configuration")).build()).execute()) {
            discovery = d.body().string();
        }
        assertTrue(discovery.contains("\"require_pushed_authorization_requests\":true"), discovery);
        assertTrue(discovery.contains("\"require_signed_request_object\":true"), discovery);
    }

    @Test
    void whatFapi2RefusesIsRefused() throws Exception {
        String issuer = f.sandbox.issuer().toString();
        assertRefused(par(request(), f.sandbox.issuer()), "request object is required");
        assertRefused(par(signed(requestObject(request(), "oauth-authz-req+jwt", Duration.ofMinutes(61), issuer)), f.sandbox.issuer()),
                "at most 60 minutes");
        assertRefused(par(signed(requestObject(request(), "JWT", Duration.ofMinutes(5), issuer)), f.sandbox.issuer()), "refused");
        assertRefused(par(signed(requestObject(request(), "oauth-authz-req+jwt", Duration.ofMinutes(5), f.url("/par"))),
                f.sandbox.issuer()), "refused");
        HTTPResponse endpointAudience = par(signed(requestObject(request(), "oauth-authz-req+jwt", Duration.ofMinutes(5), issuer)),
                URI.create(f.url("/par")));
        assertEquals(401, endpointAudience.getStatusCode(), "a client assertion for an endpoint, not the issuer");
        try (Response r = f.http.newCall(new Request.Builder().url(request().toURI().toString()).build()).execute()) {
            assertEquals(400, r.code());
            assertTrue(r.body().string().contains("Only pushed authorization requests"));
        }
    }

    static void assertRefused(HTTPResponse r, String why) {
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertTrue(r.getBody().contains(why), r.getBody());
    }
}
