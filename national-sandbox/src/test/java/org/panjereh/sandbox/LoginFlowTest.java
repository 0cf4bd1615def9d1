package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.SigningKey;

/**
 * Contract section 2.1 end to end, with Nimbus as the relying party (sdk-sso will wrap this):
 * PAR, the login page, code exchange with PKCE and private_key_jwt, ID token checks, userinfo,
 * logout with a back-channel logout token.
 */
class LoginFlowTest {

    static SandboxFixture f;
    static final ClientID CLIENT = new ClientID("agency-1010");

    @BeforeAll
    static void start() {
        f = new SandboxFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    record Login(AuthorizationCode code, State state, Nonce nonce, CodeVerifier verifier, String location) {
    }

    static HTTPResponse send(HTTPRequest h) throws Exception {
        return send(f.http, h);
    }

    static HTTPResponse send(okhttp3.OkHttpClient http, HTTPRequest h) throws Exception {
        Request.Builder rb = new Request.Builder().url(h.getURL());
        h.getHeaderMap().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type")) {
                rb.header(k, v.get(0));
            }
        });
        rb.post(RequestBody.create(h.getBody(), MediaType.get(h.getEntityContentType().toString())));
        try (Response r = http.newCall(rb.build()).execute()) {
            HTTPResponse out = new HTTPResponse(r.code());
            if (r.header("Content-Type") != null) {
                out.setHeader("Content-Type", r.header("Content-Type"));
            }
            out.setBody(r.body().string());
            return out;
        }
    }

    static PrivateKeyJWT assertion(URI audience, String clientId, SigningKey key) throws Exception {
        return new PrivateKeyJWT(new ClientID(clientId), audience, JWSAlgorithm.ES256, key.privateKey(), key.keyId(), null);
    }

    /** PAR, authorize, pick a citizen: returns the code from the redirect. */
    static Login login(String citizen, String loa, String clientId, SigningKey key, String redirect) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        AuthenticationRequest ar = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "profile", "national_id", "phone"), new ClientID(clientId), URI.create(redirect))
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .acrValues(List.of(new ACR(loa))).endpointURI(URI.create(f.url("/authorize"))).build();
        HTTPResponse par = send(new PushedAuthorizationRequest(URI.create(f.url("/par")),
                assertion(f.sandbox.issuer(), clientId, key), ar).toHTTPRequest());
        assertEquals(201, par.getStatusCode(), par.getBody());
        String requestUri = par.getBodyAsJSONObject().getAsString("request_uri");
        String page;
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/authorize?client_id=" + clientId
                + "&request_uri=" + java.net.URLEncoder.encode(requestUri, "UTF-8"))).build()).execute()) {
            assertEquals(200, r.code());
            page = r.body().string();
            // Browsers apply form-action to the redirect after the login form (CSP 3): the callback must be allowed.
            assertTrue(r.header("Content-Security-Policy").matches(".*form-action 'self' https://portal\\.agency-\\d+\\.example/\\w+$"),
                    r.header("Content-Security-Policy"));
        }
        assertTrue(page.contains("dir=\"rtl\""));
        // Representatives are listed with the company and what the registry says of their powers (issue 27).
        assertTrue(page.contains("سارا کریمی") && page.contains("شناسه ملی ۱۰۳۸۰۲۸۴۷۹۰؛ مدیرعامل، همهٔ خدمات"), page);
        assertTrue(page.contains("کد فراگیر ۱۲۳۴۵۶۷۸۹۰۱۲"), "a foreign national with a FIDA code");
        Matcher m = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find());
        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/authorize/login")).post(new FormBody.Builder()
                .add("txn", m.group(1)).add("citizen", citizen).add("loa", loa).add("action", "login").build()).build()).execute()) {
            assertEquals(302, r.code());
            String location = r.header("Location");
            Map<String, String> q = query(location);
            assertEquals(state.getValue(), q.get("state"));
            assertEquals(f.sandbox.issuer().toString(), q.get("iss"));
            return new Login(new AuthorizationCode(q.get("code")), state, nonce, verifier, location);
        }
    }

    static Map<String, String> query(String url) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String kv : URI.create(url).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            m.put(p[0], java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return m;
    }

    static TokenResponse exchange(Login l, CodeVerifier verifier) throws Exception {
        URI tokenEndpoint = URI.create(f.url("/token"));
        return com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(send(new TokenRequest(tokenEndpoint,
                assertion(tokenEndpoint, "agency-1010", f.key1010),
                new AuthorizationCodeGrant(l.code(), URI.create(SandboxFixture.REDIRECT), verifier), (Scope) null)
                .toHTTPRequest()));
    }

    static IDTokenValidator validator() throws Exception {
        return new IDTokenValidator(new Issuer(f.sandbox.issuer()), CLIENT, JWSAlgorithm.ES256, new URL(f.url("/jwks")));
    }

    @Test
    void fullLoginWithParPkceAndPrivateKeyJwt() throws Exception {
        Login l = login("citizen-maryam", "urn:ir:gov:loa:2", "agency-1010", f.key1010, SandboxFixture.REDIRECT);
        TokenResponse tr = exchange(l, l.verifier());
        assertTrue(tr.indicatesSuccess(), () -> tr.toErrorResponse().getErrorObject().toString());
        OIDCTokenResponse ok = (OIDCTokenResponse) tr.toSuccessResponse();
        SignedJWT idToken = (SignedJWT) ok.getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims = validator().validate(idToken, l.nonce());
        assertEquals("urn:ir:gov:loa:2", claims.getACR().getValue());
        assertEquals("agency-1010", claims.getAuthorizedParty().getValue());
        assertNotNull(claims.getSessionID());
        assertEquals("0499370899", claims.getStringClaim("national_code"));
        assertEquals("natural", claims.getStringClaim("person_type"));
        assertEquals("مریم", claims.getStringClaim("given_name"));
        assertEquals("+989121234567", claims.getStringClaim("phone_number"));
        assertEquals(com.nimbusds.openid.connect.sdk.claims.AccessTokenHash.compute(ok.getOIDCTokens().getAccessToken(),
                JWSAlgorithm.ES256, com.nimbusds.jose.jwk.Curve.P_256), claims.getAccessTokenHash());

        try (Response r = f.http.newCall(new Request.Builder().url(f.url("/userinfo"))
                .header("Authorization", "Bearer " + ok.getOIDCTokens().getAccessToken().getValue()).build()).execute()) {
            JsonNode info = SandboxFixture.JSON.readTree(r.body().string());
            assertEquals(claims.getSubject().getValue(), info.get("sub").asText());
            assertEquals("0499370899", info.get("national_code").asText());
        }
        TokenResponse again = exchange(l, l.verifier());
        assertEquals("invalid_grant", again.toErrorResponse().getErrorObject().getCode(), "codes are single-use");
        JsonNode logins = f.record("login");
        assertEquals("urn:ir:gov:loa:2", logins.get(logins.size() - 1).get("acr").asText());
    }

    @Test
    void pairwiseSubjectsAndOtherPersonTypes() throws Exception {
        Login l = login("citizen-sara", "urn:ir:gov:loa:3", "agency-1010", f.key1010, SandboxFixture.REDIRECT);
        OIDCTokenResponse ok = (OIDCTokenResponse) exchange(l, l.verifier()).toSuccessResponse();
        IDTokenClaimsSet c = validator().validate(ok.getOIDCTokens().getIDToken(), l.nonce());
        assertEquals("legal_representative", c.getStringClaim("person_type"));
        assertEquals("10380284790", c.getStringClaim("legal_entity_id"));
        Login foreign = login("citizen-ahmad", "urn:ir:gov:loa:1", "agency-1010", f.key1010, SandboxFixture.REDIRECT);
        IDTokenClaimsSet fc = validator().validate(((OIDCTokenResponse) exchange(foreign, foreign.verifier())
                .toSuccessResponse()).getOIDCTokens().getIDToken(), foreign.nonce());
        assertEquals("123456789012", fc.getStringClaim("fida_code"));
        assertEquals(null, fc.getStringClaim("national_code"));
    }

    @Test
    void wrongPkceVerifierIsRefused() throws Exception {
        Login l = login("citizen-ali", "urn:ir:gov:loa:1", "agency-1010", f.key1010, SandboxFixture.REDIRECT);
        assertEquals("invalid_grant", exchange(l, new CodeVerifier()).toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void aCitizenCannotExceedTheirLevel() throws Exception {
        assertThrows(AssertionError.class, () -> login("citizen-ahmad", "urn:ir:gov:loa:3", "agency-1010", f.key1010,
                SandboxFixture.REDIRECT));
    }

    @Test
    void authorizationRequestsWithoutNonceOrPkceAreRefused() throws Exception {
        String base = f.url("/authorize?response_type=code&client_id=agency-1010&scope=openid&state=s1&redirect_uri="
                + java.net.URLEncoder.encode(SandboxFixture.REDIRECT, "UTF-8"));
        try (Response r = f.http.newCall(new Request.Builder().url(base + "&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghij123"
                + "&code_challenge_method=S256").build()).execute()) {
            assertEquals(302, r.code());
            Map<String, String> q = query(r.header("Location"));
            assertEquals("invalid_request", q.get("error"));
            assertEquals("s1", q.get("state"));
            assertTrue(q.get("error_description").contains("nonce"));
        }
        try (Response r = f.http.newCall(new Request.Builder().url(base + "&nonce=n1").build()).execute()) {
            assertTrue(query(r.header("Location")).get("error_description").contains("PKCE"));
        }
        try (Response r = f.http.newCall(new Request.Builder().url(base.replace(
                java.net.URLEncoder.encode(SandboxFixture.REDIRECT, "UTF-8"), "https%3A%2F%2Fevil.example%2Fcb")
                + "&nonce=n1").build()).execute()) {
            assertEquals(400, r.code(), "never redirect to an unregistered URI");
            assertEquals(null, r.header("Location"));
        }
    }

    @Test
    void forgedIdTokensFailValidation() throws Exception {
        Login l = login("citizen-maryam", "urn:ir:gov:loa:2", "agency-1010", f.key1010, SandboxFixture.REDIRECT);
        f.admin("PUT", "/admin/faults/token", "{\"wrongKey\":true}");
        try {
            OIDCTokenResponse ok = (OIDCTokenResponse) exchange(l, l.verifier()).toSuccessResponse();
            assertThrows(BadJOSEException.class, () -> validator().validate(ok.getOIDCTokens().getIDToken(), l.nonce()));
        } finally {
            f.admin("DELETE", "/admin/faults/token", null);
        }
    }

    @Test
    void logoutSendsABackChannelLogoutToken() throws Exception {
        try (MockWebServer rp = new MockWebServer()) {
            rp.start();
            rp.enqueue(new MockResponse.Builder().code(200).build());
            SigningKey key = SigningKey.of(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate());
            String redirect = "https://portal.agency-3030.example/cb";
            f.admin("POST", "/admin/agencies", "{\"agencyId\":\"3030\",\"clientId\":\"agency-3030\",\"redirectUris\":[\""
                    + redirect + "\"],\"jwks\":" + key.publicJwksJson() + ",\"backChannelLogoutUri\":\""
                    + rp.url("/backchannel") + "\"}");
            Login l = login("citizen-ali", "urn:ir:gov:loa:2", "agency-3030", key, redirect);
            URI tokenEndpoint = URI.create(f.url("/token"));
            OIDCTokenResponse ok = OIDCTokenResponse.parse(send(new TokenRequest(tokenEndpoint,
                    assertion(tokenEndpoint, "agency-3030", key), new AuthorizationCodeGrant(l.code(), URI.create(redirect),
                    l.verifier()), (Scope) null).toHTTPRequest())).toSuccessResponse();
            JWTClaimsSet id = ok.getOIDCTokens().getIDToken().getJWTClaimsSet();
            try (Response r = f.http.newCall(new Request.Builder().url(f.url("/logout?id_token_hint="
                    + ok.getOIDCTokens().getIDTokenString() + "&post_logout_redirect_uri="
                    + java.net.URLEncoder.encode(redirect + "/bye", "UTF-8") + "&state=z")).build()).execute()) {
                assertEquals(302, r.code());
                assertEquals(redirect + "/bye?state=z", r.header("Location"));
            }
            RecordedRequest got = rp.takeRequest(5, TimeUnit.SECONDS);
            assertNotNull(got, "back-channel logout was sent");
            String token = got.getBody().utf8().replaceFirst("^logout_token=", "");
            SignedJWT logout = SignedJWT.parse(token);
            assertEquals("logout+jwt", logout.getHeader().getType().toString());
            JWTClaimsSet c = logout.getJWTClaimsSet();
            assertEquals(id.getStringClaim("sid"), c.getStringClaim("sid"));
            assertEquals(id.getSubject(), c.getSubject());
            assertEquals(List.of("agency-3030"), c.getAudience());
            assertTrue(c.getJSONObjectClaim("events").containsKey("http://schemas.openid.net/event/backchannel-logout"));
            assertEquals(null, c.getClaim("nonce"));
        }
    }
}
