package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.SigningKey;
import org.panjereh.sso.LoginRequest;

/** The JSON API with the platform's access tokens, as a mobile app calls it. */
@QuarkusTest
class ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    @Inject
    Platform platform;
    @Inject
    Desk desk;
    @Inject
    Agency agency;

    /** A mobile app's login: the same authorization code flow, ending with the platform's access token. */
    String accessToken(String citizen, String loa) throws Exception {
        LoginRequest login = platform.login().start(LevelOfAssurance.fromAcr(loa), "/", true);
        Browser b = new Browser();
        Browser.Page consent = b.get(login.redirectTo().toString());
        Browser.Page back = b.post(platform.embeddedSandbox().orElseThrow() + "/authorize/login", "txn", consent.field("txn"),
                "citizen", citizen, "loa", loa, "action", "login");
        Map<String, String> params = new HashMap<>();
        for (String kv : URI.create(back.location()).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return platform.login().finish(login.pending(), params).accessToken();
    }

    static Answer call(String method, String path, String token, String json, String idempotencyKey) throws Exception {
        Request.Builder r = new Request.Builder().url(GatewayTest.BASE + path)
                .method(method, json == null ? null : RequestBody.create(json, APPLICATION_JSON));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            r.header("Idempotency-Key", idempotencyKey);
        }
        try (Response res = GatewayTest.HTTP.newCall(r.build()).execute()) {
            String body = res.body().string();
            return new Answer(res.code(), body.isEmpty() ? JSON.nullNode() : JSON.readTree(body), body, res.header("Content-Type"));
        }
    }

    record Answer(int status, JsonNode json, String raw, String contentType) {
    }

    /**
     * A mobile app's login that binds its tokens to the app's own DPoP key (RFC 9449): the same code flow, the code
     * redeemed by the app with a proof of its key, so that the platform's access token names that key.
     */
    String boundAccessToken(com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory app) throws Exception {
        LoginRequest login = platform.login().start(LevelOfAssurance.LOA2, "/", true);
        Browser b = new Browser();
        Browser.Page consent = b.get(login.redirectTo().toString());
        Browser.Page back = b.post(platform.embeddedSandbox().orElseThrow() + "/authorize/login", "txn", consent.field("txn"),
                "citizen", "citizen-maryam", "loa", "urn:ir:gov:loa:2", "action", "login");
        Map<String, String> params = new HashMap<>();
        for (String kv : URI.create(back.location()).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        org.panjereh.core.PlatformMetadata md = org.panjereh.core.PlatformDiscovery.builder(
                platform.embeddedSandbox().orElseThrow()).build().metadata();
        com.nimbusds.oauth2.sdk.http.HTTPRequest h = new com.nimbusds.oauth2.sdk.TokenRequest(md.tokenEndpoint(),
                org.panjereh.core.shared.ClientAuth.forRequest(md, platform.credentials(), md.tokenEndpoint()),
                new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode(params.get("code")),
                        URI.create(GatewayTest.BASE + "/callback"),
                        new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(login.pending().codeVerifier())),
                (com.nimbusds.oauth2.sdk.Scope) null).toHTTPRequest();
        h.setDPoP(app.createDPoPJWT("POST", md.tokenEndpoint()));
        com.nimbusds.oauth2.sdk.http.HTTPResponse r = org.panjereh.sso.internal.NimbusHttp.send(GatewayTest.HTTP, h);
        assertEquals(200, r.getStatusCode(), r.getBody());
        assertEquals("DPoP", r.getBodyAsJSONObject().getAsString("token_type"));
        return r.getBodyAsJSONObject().getAsString("access_token");
    }

    static Answer dpopCall(String method, String path, String token, String proof) throws Exception {
        Request.Builder r = new Request.Builder().url(GatewayTest.BASE + path).method(method, null)
                .header("Authorization", "DPoP " + token);
        if (proof != null) {
            r.header("DPoP", proof);
        }
        try (Response res = GatewayTest.HTTP.newCall(r.build()).execute()) {
            String body = res.body().string();
            return new Answer(res.code(), body.isEmpty() ? JSON.nullNode() : JSON.readTree(body), body,
                    res.header("WWW-Authenticate"));
        }
    }

    @Test
    void aMobileAppsDpopBoundTokenWorksOnlyWithAFreshProofOfItsKey() throws Exception {
        com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory app = new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate(),
                com.nimbusds.jose.JWSAlgorithm.ES256);
        String token = boundAccessToken(app);
        URI list = URI.create(GatewayTest.BASE + "/api/v1/requests");
        com.nimbusds.oauth2.sdk.token.DPoPAccessToken at = new com.nimbusds.oauth2.sdk.token.DPoPAccessToken(token);
        String proof = app.createDPoPJWT("GET", list, at).serialize();
        Answer ok = dpopCall("GET", "/api/v1/requests", token, proof);
        assertEquals(200, ok.status(), ok.raw());
        Answer replayed = dpopCall("GET", "/api/v1/requests", token, proof);
        assertEquals(401, replayed.status(), "a proof is used once");
        assertTrue(replayed.contentType().contains("invalid_dpop_proof"), replayed.contentType());
        assertTrue(replayed.raw().contains("errorId"), replayed.raw());
        assertEquals(401, dpopCall("GET", "/api/v1/requests", token, app.createDPoPJWT("GET",
                URI.create(GatewayTest.BASE + "/api/v1/services"), at).serialize()).status(), "a proof for another URL");
        com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory thief = new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate(),
                com.nimbusds.jose.JWSAlgorithm.ES256);
        assertEquals(401, dpopCall("GET", "/api/v1/requests", token, thief.createDPoPJWT("GET", list, at).serialize()).status(),
                "a proof made with another key");
        assertEquals(401, dpopCall("GET", "/api/v1/requests", token, null).status(), "no proof");
        assertEquals(401, call("GET", "/api/v1/requests", token, null, null).status(), "the bound token as a bearer token");
        // Applying needs who the person is: the platform's introspection answers for a bound token.
        Request.Builder apply = new Request.Builder().url(GatewayTest.BASE + "/api/v1/requests")
                .post(RequestBody.create("{\"serviceId\":\"10101234568\",\"postalCode\":\"8174673111\"}", APPLICATION_JSON))
                .header("Authorization", "DPoP " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("DPoP", app.createDPoPJWT("POST", list, at).serialize());
        try (Response res = GatewayTest.HTTP.newCall(apply.build()).execute()) {
            String body = res.body().string();
            assertEquals(201, res.code(), body);
            assertFalse(body.contains("0499370899"), "no national code in the answer");
        }
    }

    @Test
    void aMobileAppAppliesListsAndReadsTheTimeline() throws Exception {
        String token = accessToken("citizen-maryam", "urn:ir:gov:loa:2");
        Answer services = call("GET", "/api/v1/services", null, null, null);
        assertEquals(200, services.status());
        assertTrue(services.raw().contains("10101234568") && services.raw().contains("\"applicationForm\":true"), services.raw());

        String key = UUID.randomUUID().toString();
        String body = "{\"serviceId\":\"10101234568\",\"postalCode\":\"۸۱۷۴۶۷۳۱۱۱\"}";
        Answer created = call("POST", "/api/v1/requests", token, body, key);
        assertEquals(201, created.status(), created.raw());
        String t = created.json().path("trackingId").asText();
        assertTrue(org.panjereh.core.TrackingId.isValid(t), t);
        assertEquals("started", created.json().path("status").asText());
        assertEquals("mobile", created.json().path("channel").asText(), "asked through the mobile API");
        assertEquals("ir.gov.service.started", created.json().path("timeline").path(0).path("type").asText());
        assertTrue(created.json().path("address").asText().contains("اصفهان"));
        assertFalse(created.raw().contains("0499370899"), "no national code in the answer");
        assertEquals(t, call("POST", "/api/v1/requests", token, body, key).json().path("trackingId").asText(),
                "a retry with the same Idempotency-Key is the same request");

        Answer list = call("GET", "/api/v1/requests", token, null, null);
        assertEquals(200, list.status());
        assertTrue(list.raw().contains(t), list.raw());
        assertEquals(200, call("GET", "/api/v1/requests/" + t, token, null, null).status());

        String ali = accessToken("citizen-ali", "urn:ir:gov:loa:2");
        assertEquals(404, call("GET", "/api/v1/requests/" + t, ali, null, null).status(), "another citizen's request");
        assertFalse(call("GET", "/api/v1/requests", ali, null, null).raw().contains(t));
        Answer early = call("POST", "/api/v1/requests/" + t + "/survey", token, "{\"answers\":{\"satisfaction\":\"5\"}}", null);
        assertEquals(409, early.status(), "no survey before delivery");
        assertTrue(early.contentType().startsWith("application/problem+json"), early.contentType());
    }

    @Test
    void theSurveyIsAnsweredOnceFromTheAppAfterDelivery() throws Exception {
        String token = accessToken("citizen-maryam", "urn:ir:gov:loa:2");
        Answer created = call("POST", "/api/v1/requests", token, "{\"serviceId\":\"10101234568\",\"postalCode\":\"1991943711\"}",
                UUID.randomUUID().toString());
        org.panjereh.core.TrackingId t = org.panjereh.core.TrackingId.of(created.json().path("trackingId").asText());
        desk.deliver(t, 0);
        assertTrue(call("GET", "/api/v1/requests/" + t.value(), token, null, null).json().path("surveyOpen").asBoolean());
        Answer bad = call("POST", "/api/v1/requests/" + t.value() + "/survey", token, "{\"answers\":{\"satisfaction\":\"9\"}}", null);
        assertEquals(422, bad.status(), "off the form's scale: " + bad.raw());
        Answer staff = call("POST", "/api/v1/requests/" + t.value() + "/survey", token,
                "{\"answers\":{\"satisfaction\":\"4\",\"employee\":\"5\"}}", null);
        assertEquals(422, staff.status(), "no staff took part in a mobile request: " + staff.raw());
        Answer ok = call("POST", "/api/v1/requests/" + t.value() + "/survey", token,
                "{\"answers\":{\"satisfaction\":\"۵\",\"ease\":\"4\"},\"comment\":\"خوب بود\"}", null);
        assertEquals(201, ok.status(), ok.raw());
        assertEquals(409, call("POST", "/api/v1/requests/" + t.value() + "/survey", token,
                "{\"answers\":{\"satisfaction\":\"5\"}}", null).status(), "once");
        assertTrue(agency.events().awaitDelivered(java.time.Duration.ofSeconds(20)));
        int responses = 0;
        for (JsonNode r : JourneyTest.record(platform.embeddedSandbox().orElseThrow(), "survey-response")) {
            if (r.path("trackingId").asText().equals(t.value())) {
                responses++;
                assertEquals("mobile", r.path("channel").asText());
                assertEquals("10101234568", r.path("serviceId").asText());
            }
        }
        assertEquals(1, responses);
    }

    @Test
    void badTokensAndBadRequestsGetClearAnswers() throws Exception {
        assertEquals(401, call("GET", "/api/v1/requests", null, null, null).status());
        assertEquals(401, call("GET", "/api/v1/requests", "garbage", null, null).status());
        ECKey rogue = new ECKeyGenerator(Curve.P_256).keyID("rogue").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID("rogue").build(), new JWTClaimsSet.Builder().issuer(platform.embeddedSandbox().orElseThrow().toString())
                .subject("citizen-x").claim("client_id", "agency-1010").expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .build());
        forged.sign(new ECDSASigner(rogue));
        assertEquals(401, call("GET", "/api/v1/requests", forged.serialize(), null, null).status(), "forged signature");
        assertEquals(401, call("GET", "/api/v1/requests", forged.serialize(), null, null).status(), "and again: never cached");

        String token = accessToken("citizen-maryam", "urn:ir:gov:loa:1");
        int cached = platform.accessTokens().cachedTokens();
        assertEquals(200, call("GET", "/api/v1/requests", token, null, null).status());
        assertEquals(200, call("GET", "/api/v1/requests", token, null, null).status());
        assertEquals(cached + 1, platform.accessTokens().cachedTokens(), "a good token is verified once, by the SDK, then cached");
        Answer noKey = call("POST", "/api/v1/requests", token, "{\"serviceId\":\"10101234568\",\"postalCode\":\"1991943711\"}", null);
        assertEquals(400, noKey.status());
        assertEquals("gateway.idempotency_key", noKey.json().path("title").asText());
        Answer low = call("POST", "/api/v1/requests", token, "{\"serviceId\":\"10101234567\",\"postalCode\":\"1991943711\"}",
                UUID.randomUUID().toString());
        assertEquals(403, low.status(), "the licence needs LOA2: " + low.raw());
        Answer webOnly = call("POST", "/api/v1/requests", accessToken("citizen-maryam", "urn:ir:gov:loa:2"),
                "{\"serviceId\":\"10101234567\",\"postalCode\":\"1991943711\"}", UUID.randomUUID().toString());
        assertEquals(422, webOnly.status(), "the licence's card offers web and counter, not mobile: " + webOnly.raw());
        assertEquals("gateway.channel_not_offered", webOnly.json().path("title").asText());
        Answer badPostcode = call("POST", "/api/v1/requests", token, "{\"serviceId\":\"10101234568\",\"postalCode\":\"123\"}",
                UUID.randomUUID().toString());
        assertEquals(422, badPostcode.status(), badPostcode.raw());
        assertFalse(badPostcode.json().path("detail").asText().isBlank(), "a Persian detail");
        Answer unknown = call("POST", "/api/v1/requests", token, "{\"serviceId\":\"10101234568\",\"postalCode\":\"1111111111\"}",
                UUID.randomUUID().toString());
        assertEquals(422, unknown.status(), "a postcode the post does not know: " + unknown.raw());
        assertEquals(400, call("POST", "/api/v1/requests", token, "{not json", UUID.randomUUID().toString()).status());
    }

    @Test
    void theAppPaysAFeeAndOnlyVerifyMarksItPaid() throws Exception {
        Browser web = new Browser();
        web.login(platform.embeddedSandbox().orElseThrow(), "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        String t = PaymentJourneyTest.applyForLicence(web).value();
        String token = accessToken("citizen-maryam", "urn:ir:gov:loa:2");
        Answer before = call("GET", "/api/v1/requests/" + t, token, null, null);
        assertEquals(500_000, before.json().path("outstandingRial").asLong(), before.raw());
        assertEquals("۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)", before.json().path("fees").path(0).path("amountPersian").asText());
        Answer started = call("POST", "/api/v1/requests/" + t + "/payments", token, "{\"feeCode\":\"licence\"}", null);
        assertEquals(201, started.status(), started.raw());
        String id = started.json().path("paymentId").asText();
        assertEquals(id, call("POST", "/api/v1/requests/" + t + "/payments", token, "{\"feeCode\":\"licence\"}", null)
                .json().path("paymentId").asText(), "a second tap is the same payment");
        assertEquals(404, call("POST", "/api/v1/requests/" + t + "/payments", token, "{\"feeCode\":\"other\"}", null).status());
        org.panjereh.sandbox.PaymentPageDriver.submit(URI.create(started.json().path("nextUrl").asText()),
                org.panjereh.sandbox.PaymentPageDriver.Action.PAY_NO_RETURN, org.panjereh.sandbox.PaymentPageDriver.GOOD_CARD);
        assertEquals(500_000, call("GET", "/api/v1/requests/" + t, token, null, null).json().path("outstandingRial").asLong(),
                "paid at the bank is not paid until verified");
        String ali = accessToken("citizen-ali", "urn:ir:gov:loa:2");
        assertEquals(404, call("POST", "/api/v1/payments/" + id + "/verify", ali, "{}", null).status(), "another citizen's payment");
        assertEquals(404, call("POST", "/api/v1/payments/" + UUID.randomUUID() + "/verify", token, "{}", null).status());
        assertEquals(400, call("POST", "/api/v1/payments/bad%20id/verify", token, "{}", null).status());
        Answer verified = call("POST", "/api/v1/payments/" + id + "/verify", token, "{}", null);
        assertEquals(200, verified.status(), verified.raw());
        assertTrue(verified.json().path("paid").asBoolean());
        assertEquals(0, call("GET", "/api/v1/requests/" + t, token, null, null).json().path("outstandingRial").asLong());
        Answer again = call("POST", "/api/v1/requests/" + t + "/payments", token, "{\"feeCode\":\"licence\"}", null);
        assertEquals(409, again.status(), "a paid fee is not charged again");
        assertTrue(again.json().path("detail").asText().contains("شناسه خطا"), again.raw());
    }

    @Test
    void anAgencysMachineTokenIsNotACitizen() throws Exception {
        URI token = URI.create(platform.embeddedSandbox().orElseThrow() + "/token");
        SigningKey key = platform.credentials().signingKey();
        com.nimbusds.oauth2.sdk.TokenRequest request = new com.nimbusds.oauth2.sdk.TokenRequest(token,
                new com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT(new com.nimbusds.oauth2.sdk.id.ClientID("agency-1010"), token,
                        key.algorithm(), key.privateKey(), key.keyId(), null),
                new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(), new com.nimbusds.oauth2.sdk.Scope("services"));
        com.nimbusds.oauth2.sdk.http.HTTPRequest http = request.toHTTPRequest();
        com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory holder = new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(
                new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
        http.setDPoP(holder.createDPoPJWT("POST", token));
        com.nimbusds.oauth2.sdk.TokenResponse answer = com.nimbusds.oauth2.sdk.TokenResponse.parse(http.send());
        assertTrue(answer.indicatesSuccess(), String.valueOf(answer));
        String machine = answer.toSuccessResponse().getTokens().getAccessToken().getValue();
        assertEquals(401, call("GET", "/api/v1/requests", machine, null, null).status(),
                "a DPoP-bound token presented as a bearer token (RFC 9449 §7.2)");
        Answer refused = dpopCall("GET", "/api/v1/requests", machine, holder.createDPoPJWT("GET",
                URI.create(GatewayTest.BASE + "/api/v1/requests"), new com.nimbusds.oauth2.sdk.token.DPoPAccessToken(machine))
                .serialize());
        assertEquals(403, refused.status(), refused.raw());
        assertEquals("gateway.token_not_for_this_agency", refused.json().path("title").asText());
    }

    @Test
    void theOpenApiDocumentAndMetricsAreServed() throws Exception {
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/q/openapi?format=json").build())
                .execute()) {
            String doc = r.body().string();
            assertEquals(200, r.code());
            assertTrue(doc.contains("/api/v1/requests") && doc.contains("/api/v1/services"), doc);
        }
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/q/metrics").build()).execute()) {
            String metrics = r.body().string();
            assertEquals(200, r.code());
            assertTrue(metrics.contains("panjereh_outbox_pending") && metrics.contains("panjereh_outbox_circuit_open"), metrics);
        }
    }
}
