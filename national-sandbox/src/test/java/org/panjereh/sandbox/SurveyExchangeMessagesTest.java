package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.TrackingId;
import org.panjereh.core.shared.Json;

/** Contract sections 6, 7 and 8 over HTTP. */
class SurveyExchangeMessagesTest {

    static SandboxFixture f;
    static PlatformClient client;

    @BeforeAll
    static void start() {
        f = new SandboxFixture();
        client = f.client();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static TrackingId delivered() {
        TrackingId t = f.issue(client);
        String s = "urn:ir:agency:1010";
        client.post(URI.create(f.url("/events/batch")), Json.write(List.of(
                SandboxFixture.event(UUID.randomUUID().toString(), s, "ir.gov.service.started", t, SandboxFixture.data(null, null)),
                SandboxFixture.event(UUID.randomUUID().toString(), s, "ir.gov.service.delivered", t,
                        SandboxFixture.data(null, "approved")))), "application/cloudevents-batch+json", RequestOptions.none());
        return t;
    }

    static Map<String, Object> response(TrackingId t, String channel, List<Map<String, Object>> answers, String comment) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceId", SandboxFixture.LICENCE.value());
        m.put("trackingId", t.value());
        m.put("formId", "csat-v1");
        m.put("channel", channel);
        m.put("answers", answers);
        if (comment != null) {
            m.put("comment", comment);
        }
        m.put("submittedAt", "2026-11-22T12:00:00Z");
        return m;
    }

    static Map<String, Object> answer(String q, int v) {
        return Map.of("questionId", q, "value", v);
    }

    @Test
    void formHasTheSevenDriversInPersian() throws Exception {
        JsonNode form = SandboxFixture.JSON.readTree(client.get(URI.create(f.url("/survey/forms/csat-v1")),
                RequestOptions.none()).body());
        assertEquals(8, form.get("questions").size());
        assertEquals("از این خدمت راضی هستم", form.get("questions").get(0).get("text").get("fa").asText());
        assertEquals(1000, form.get("comment").get("maxLength").asInt());
        assertEquals(404, assertThrows(PlatformException.class,
                () -> client.get(URI.create(f.url("/survey/forms/nope")), RequestOptions.none())).statusCode());
    }

    @Test
    void oneResponsePerDeliveredRequest() throws Exception {
        TrackingId notYet = f.issue(client);
        PlatformException early = assertThrows(PlatformException.class, () -> client.postJson(URI.create(f.url("/survey/responses")),
                response(notYet, "web", List.of(answer("satisfaction", 4)), null), RequestOptions.none()));
        assertEquals(409, early.statusCode());
        assertEquals("survey.not_delivered", early.code());

        TrackingId t = delivered();
        RequestOptions key = RequestOptions.builder().idempotencyKey(UUID.randomUUID()).build();
        Map<String, Object> body = response(t, "web", List.of(answer("satisfaction", 5), answer("ease", 4)),
                "<script>alert(1)</script> خیلی خوب بود");
        PlatformResponse first = client.postJson(URI.create(f.url("/survey/responses")), body, key);
        assertEquals(201, first.statusCode());
        PlatformResponse replay = client.postJson(URI.create(f.url("/survey/responses")), body, key);
        assertEquals(SandboxFixture.utf8(first.body()), SandboxFixture.utf8(replay.body()));
        assertEquals("true", replay.header("idempotent-replayed").orElseThrow());
        PlatformException second = assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/survey/responses")), body, RequestOptions.none()));
        assertEquals("survey.already_answered", second.code());
        JsonNode recorded = f.record("survey-response");
        long forT = 0;
        for (JsonNode r : recorded) {
            if (r.get("trackingId").asText().equals(t.value())) {
                forT++;
                assertEquals(SandboxFixture.LICENCE.value(), r.get("serviceId").asText());
                assertEquals("<script>alert(1)</script> خیلی خوب بود", r.get("comment").asText());
            }
        }
        assertEquals(1, forT);
        String responseId = SandboxFixture.JSON.readTree(first.body()).get("responseId").asText();
        PlatformResponse reply = client.postJson(URI.create(f.url("/survey/responses/" + responseId + "/replies")),
                Map.of("text", "سپاس از نظر شما", "action", "noted"), RequestOptions.none());
        assertEquals(201, reply.statusCode());
        assertEquals("survey.invalid_action", assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/survey/responses/" + responseId + "/replies")), Map.of("text", "x", "action", "ignored"),
                RequestOptions.none())).code());
    }

    @Test
    void answerValidation() {
        TrackingId t = delivered();
        String url = f.url("/survey/responses");
        assertEquals("survey.value_out_of_range", assertThrows(PlatformException.class, () -> client.postJson(URI.create(url),
                response(t, "web", List.of(answer("satisfaction", 6)), null), RequestOptions.none())).code());
        assertEquals("survey.required_question", assertThrows(PlatformException.class, () -> client.postJson(URI.create(url),
                response(t, "web", List.of(answer("ease", 3)), null), RequestOptions.none())).code());
        assertEquals("survey.question_not_for_channel", assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(url), response(t, "web", List.of(answer("satisfaction", 3), answer("employee", 5)), null),
                RequestOptions.none())).code());
        assertEquals("survey.invalid_member", assertThrows(PlatformException.class, () -> client.postJson(URI.create(url),
                response(t, "web", List.of(answer("satisfaction", 3)), "x".repeat(1001)), RequestOptions.none())).code());
        assertEquals(201, client.postJson(URI.create(url), response(t, "counter",
                List.of(answer("satisfaction", 3), answer("employee", 5)), null), RequestOptions.none()).statusCode());
    }

    @Test
    void visits() {
        Map<String, Object> ok = Map.of("agencyId", "1010", "from", "2026-11-21T00:00:00Z", "to", "2026-11-22T00:00:00Z",
                "visits", 1200, "uniqueVisitors", 800, "peakOnline", 45);
        assertEquals(201, client.postJson(URI.create(f.url("/survey/visits")), ok, RequestOptions.none()).statusCode());
        Map<String, Object> bad = new LinkedHashMap<>(ok);
        bad.put("uniqueVisitors", 5000);
        assertEquals("survey.inconsistent_counts", assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/survey/visits")), bad, RequestOptions.none())).code());
        Map<String, Object> other = new LinkedHashMap<>(ok);
        other.put("agencyId", "2020");
        assertEquals(403, assertThrows(PlatformException.class, () -> client.postJson(URI.create(f.url("/survey/visits")),
                other, RequestOptions.none())).statusCode());
    }

    @Test
    void exchangeAnswersAreSignedOverTheExactBytes() throws Exception {
        PlatformResponse r = exchange("civil-registry/person-identity",
                Map.of("nationalCode", "0499370899", "birthDate", "1990-05-12"), "10101234567", null);
        JsonNode person = SandboxFixture.JSON.readTree(r.body());
        assertEquals("مریم", person.get("givenName").asText());
        assertTrue(person.get("alive").asBoolean());
        String sig = r.header("x-response-signature").orElseThrow();
        assertTrue(sig.contains(".."), "detached payload: header..signature");
        JWKSet jwks = JWKSet.parse(f.http.newCall(new Request.Builder().url(f.url("/jwks")).build()).execute().body().string());
        JWSObject jws = JWSObject.parse(sig, new Payload(r.body()));
        ECKey key = (ECKey) jwks.getKeyByKeyId(jws.getHeader().getKeyID());
        assertTrue(jws.verify(new ECDSAVerifier(key)));
        byte[] altered = r.body().clone();
        altered[altered.length - 2] ^= 1;
        assertFalse(JWSObject.parse(sig, new Payload(altered)).verify(new ECDSAVerifier(key)));

        JsonNode log = f.record("inquiry");
        JsonNode last = log.get(log.size() - 1);
        assertEquals("civil-registry/person-identity", last.get("service").asText());
        assertEquals("10101234567", last.get("purpose").asText());
        assertEquals(64, last.get("responseSha256").asText().length());
        assertFalse(log.toString().contains("0499370899"), "the exchange keeps traffic data only");
        assertFalse(log.toString().contains("مریم"));
    }

    @Test
    void exchangeProvidersAndRefusals() throws Exception {
        assertEquals("تهران", SandboxFixture.JSON.readTree(exchange("post/address-by-postcode",
                Map.of("postalCode", "1991943711"), "10101234567", null).body()).get("city").asText());
        assertTrue(SandboxFixture.JSON.readTree(exchange("shahkar/mobile-ownership",
                Map.of("nationalCode", "0499370899", "mobile", "09121234567"), "10101234567", null).body()).get("matched").asBoolean());
        assertFalse(SandboxFixture.JSON.readTree(exchange("shahkar/mobile-ownership",
                Map.of("nationalCode", "0499370899", "mobile", "09350000000"), "10101234567", null).body()).get("matched").asBoolean());
        assertEquals("شرکت نمونه پارس", SandboxFixture.JSON.readTree(exchange("company-registry/legal-entity",
                Map.of("legalEntityId", "10380284790"), "10101234569", null).body()).get("name").asText());
        assertEquals("exchange.not_found", assertThrows(PlatformException.class, () -> exchange("civil-registry/person-identity",
                Map.of("nationalCode", "0790419904", "birthDate", "2000-01-01"), "10101234567", null)).code());
        assertEquals("exchange.purpose_not_allowed", assertThrows(PlatformException.class, () -> exchange(
                "company-registry/legal-entity", Map.of("legalEntityId", "10380284790"), "10101234568", null)).code());
        assertEquals("exchange.invalid_national_code", assertThrows(PlatformException.class, () -> exchange(
                "civil-registry/person-identity", Map.of("nationalCode", "1234567890", "birthDate", "1990-05-12"),
                "10101234567", null)).code());
        assertEquals("exchange.service_unknown", assertThrows(PlatformException.class, () -> exchange(
                "civil-registry/everything", Map.of(), "10101234567", null)).code());
        assertEquals("exchange.user_ref_required", assertThrows(PlatformException.class, () -> exchange(
                "post/address-by-postcode", Map.of("postalCode", "1991943711"), "10101234567", "not-hex")).code());
    }

    @Test
    void providerFaultsUseTheContractCodes() throws Exception {
        f.admin("PUT", "/admin/faults/exchange.post/address-by-postcode", "{\"errorRate\":1,\"errorStatus\":502}");
        try {
            PlatformException e = assertThrows(PlatformException.class, () -> exchange("post/address-by-postcode",
                    Map.of("postalCode", "1991943711"), "10101234567", null));
            assertEquals(502, e.statusCode());
            assertEquals("exchange.provider_unavailable", e.code());
            assertEquals(2, e.numAttempts(), "502 is retried by the SDK");
        } finally {
            f.admin("DELETE", "/admin/faults/exchange.post/address-by-postcode", null);
        }
        f.admin("PUT", "/admin/faults/exchange", "{\"wrongKey\":true}");
        try {
            PlatformResponse r = exchange("post/address-by-postcode", Map.of("postalCode", "1991943711"), "10101234567", null);
            JWKSet jwks = JWKSet.parse(f.http.newCall(new Request.Builder().url(f.url("/jwks")).build()).execute().body().string());
            JWSObject jws = JWSObject.parse(r.header("x-response-signature").orElseThrow(), new Payload(r.body()));
            ECKey key = (ECKey) jwks.getKeyByKeyId(jws.getHeader().getKeyID());
            assertFalse(jws.verify(new ECDSAVerifier(key)), "a forged answer does not verify");
        } finally {
            f.admin("DELETE", "/admin/faults/exchange", null);
        }
    }

    /** An inquiry with the contract's headers, through the SDK's authenticated client. */
    PlatformResponse exchange(String service, Object body, String purpose, String userRef) throws Exception {
        return client.post(URI.create(f.url("/exchange/" + service)), Json.write(body), "application/json",
                RequestOptions.builder().header("X-Client-Agency", "1010").header("X-Purpose", purpose)
                        .header("X-User-Ref", userRef != null ? userRef : "a".repeat(64)).build());
    }

    @Test
    void messageBox() throws Exception {
        TrackingId t = delivered();
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("recipientNationalCode", "0499370899");
        msg.put("serviceId", SandboxFixture.LICENCE.value());
        msg.put("trackingId", t.value());
        msg.put("title", "پروانه کسب شما صادر شد");
        msg.put("body", "پروانه پیوست است.");
        msg.put("documentUrl", "https://portal.agency-1010.example/docs/1.pdf");
        RequestOptions key = RequestOptions.builder().idempotencyKey(UUID.randomUUID()).build();
        PlatformResponse a = client.postJson(URI.create(f.url("/messages/messages")), msg, key);
        PlatformResponse b = client.postJson(URI.create(f.url("/messages/messages")), msg, key);
        assertEquals(201, a.statusCode());
        assertEquals(SandboxFixture.utf8(a.body()), SandboxFixture.utf8(b.body()));
        assertEquals(1, f.record("message").size());
        Map<String, Object> bad = new LinkedHashMap<>(msg);
        bad.put("recipientNationalCode", "1234567890");
        assertEquals("messages.invalid_national_code", assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/messages/messages")), bad, RequestOptions.none())).code());
        for (Map<String, Object> recipient : List.of(Map.<String, Object>of("fidaCode", "123456789012"),
                Map.<String, Object>of("legalEntityId", "10380284790"), Map.<String, Object>of("nationalCode", "0790419904"))) {
            Map<String, Object> typed = new LinkedHashMap<>(msg);
            typed.remove("recipientNationalCode");
            typed.put("recipient", recipient);
            assertEquals(201, client.postJson(URI.create(f.url("/messages/messages")), typed,
                    RequestOptions.builder().idempotencyKey(UUID.randomUUID()).build()).statusCode());
        }
        assertEquals(Map.of("fidaCode", "123456789012"), Json.MAPPER.convertValue(f.record("message").get(1).get("recipient"), Map.class));
        // The admin view keeps one box per recipient, grouped by kind: the first message (v1's flat member) and the
        // typed one went to the same person's box.
        com.fasterxml.jackson.databind.JsonNode boxes = f.admin("GET", "/admin/message-boxes", null);
        assertEquals(2, boxes.path("nationalCode").path("0499370899").size() + boxes.path("nationalCode").path("0790419904").size());
        assertEquals(1, boxes.path("fidaCode").path("123456789012").size());
        assertEquals(t.value(), boxes.path("legalEntityId").path("10380284790").get(0).path("trackingId").asText());
        assertTrue(boxes.path("legalEntityId").path("10380284790").get(0).path("recipient").isMissingNode());
        for (Object[] refused : new Object[][] {
                {Map.of("fidaCode", "111111111111"), "messages.invalid_fida_code"},
                {Map.of("fidaCode", "12345678901"), "messages.invalid_member"},
                {Map.of("legalEntityId", "10380284792"), "messages.invalid_legal_entity_id"},
                {Map.of("nationalCode", "0499370899", "fidaCode", "123456789012"), "messages.invalid_recipient"},
                {Map.of(), "messages.invalid_recipient"},
                {Map.of("passport", "X1"), "messages.unknown_member"}}) {
            Map<String, Object> typed = new LinkedHashMap<>(msg);
            typed.remove("recipientNationalCode");
            typed.put("recipient", refused[0]);
            assertEquals(refused[1], assertThrows(PlatformException.class, () -> client.postJson(
                    URI.create(f.url("/messages/messages")), typed, RequestOptions.none())).code(), refused[0].toString());
        }
        Map<String, Object> both = new LinkedHashMap<>(msg);
        both.put("recipient", Map.of("nationalCode", "0499370899"));
        assertEquals("messages.invalid_recipient", assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/messages/messages")), both, RequestOptions.none())).code());
        try (var r = f.http.newCall(new Request.Builder().url(f.url("/messages/messages"))
                .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
            assertEquals(401, r.code());
        }
    }
}
