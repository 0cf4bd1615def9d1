package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.TrackingId;
import org.panjereh.core.shared.Json;

/** Contract section 10 over HTTP, as an agency and a citizen would use it. */
class PaymentsTest {

    static final String RETURN = "https://portal.agency-1010.example/payments/return";

    SandboxFixture f;
    PlatformClient client;

    @BeforeEach
    void start() {
        f = new SandboxFixture(b -> b.verifyWindow(Duration.ofSeconds(20)));
        // The agency registers its payment return beside its login callback.
        f.sandbox.register(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(SandboxFixture.REDIRECT),
                URI.create(RETURN)), new com.nimbusds.jose.jwk.JWKSet(f.key1010.publicJwk()), null, null));
        client = f.client();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    URI base() {
        return URI.create(f.url("/payments"));
    }

    Map<String, Object> createBody(TrackingId t, long amount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceId", "10101234567");
        m.put("trackingId", t.value());
        m.put("feeCode", "licence");
        m.put("amountRial", amount);
        m.put("description", "هزینه صدور پروانه");
        m.put("returnUrl", RETURN + "?r=1");
        m.put("payerSub", "citizen-maryam");
        return m;
    }

    JsonNode create(TrackingId t) throws IOException {
        return Json.MAPPER.readTree(client.postJson(URI.create(base() + "/payments"), createBody(t, 500_000),
                RequestOptions.none()).body());
    }

    JsonNode verify(String paymentId) throws IOException {
        return Json.MAPPER.readTree(client.postJson(URI.create(base() + "/payments/" + paymentId + "/verify"), Map.of(),
                RequestOptions.none()).body());
    }

    @Test
    void discoveryAnnouncesThePaymentServiceAndItsWindow() {
        PlatformMetadata m = client.metadata();
        assertEquals(URI.create(f.url("/payments")), m.paymentEndpoint());
        assertEquals(Duration.ofSeconds(20), m.verifyWindow());
    }

    @Test
    void paidThenVerifiedOnceAndTheReturnCarriesTheId() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        assertEquals("created", c.get("state").asText());
        String id = c.get("paymentId").asText();
        assertEquals("created", verify(id).get("state").asText(), "verify before paying is not a payment");
        Optional<URI> back = PaymentPageDriver.submit(URI.create(c.get("nextUrl").asText()), PaymentPageDriver.Action.PAY,
                PaymentPageDriver.GOOD_CARD);
        assertEquals(RETURN + "?r=1&paymentId=" + id, back.orElseThrow().toString());
        JsonNode unverified = Json.MAPPER.readTree(client.get(URI.create(base() + "/payments?unverified=true"),
                RequestOptions.none()).body()).get("payments");
        assertEquals(1, unverified.size());
        JsonNode v = verify(id);
        assertEquals("succeeded", v.get("state").asText());
        assertEquals(500_000, v.get("amountRial").asLong());
        assertTrue(v.get("rrn").asText().matches("[0-9]{12}"));
        assertTrue(v.get("maskedPan").asText().contains("******"));
        String verifiedAt = v.get("verifiedAt").asText();
        JsonNode again = verify(id);
        assertEquals(verifiedAt, again.get("verifiedAt").asText(), "verify is idempotent");
        assertEquals(0, Json.MAPPER.readTree(client.get(URI.create(base() + "/payments?unverified=true"),
                RequestOptions.none()).body()).get("payments").size());
        JsonNode list = Json.MAPPER.readTree(client.get(URI.create(base() + "/payments?trackingId=" + t.value()),
                RequestOptions.none()).body()).get("payments");
        assertEquals(1, list.size());
        assertEquals(1, f.record("payment").findValues("action").stream().filter(n -> n.asText().equals("verify")).count());
    }

    @Test
    void unverifiedPaymentIsReversedWhenTheWindowCloses() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        PaymentPageDriver.submit(URI.create(c.get("nextUrl").asText()), PaymentPageDriver.Action.PAY_NO_RETURN,
                PaymentPageDriver.GOOD_CARD);
        f.clock.advance(Duration.ofSeconds(21));
        JsonNode v = verify(c.get("paymentId").asText());
        assertEquals("reversed", v.get("state").asText());
        assertFalse(v.hasNonNull("verifiedAt"));
        PlatformException e = assertThrows(PlatformException.class, () -> client.postJson(URI.create(base() + "/payments/"
                + c.get("paymentId").asText() + "/refunds"), Map.of("amountRial", 1, "reason", "x"), RequestOptions.none()));
        assertEquals("payment.not_refundable", e.code());
    }

    @Test
    void cancelledAndRefusedCardsAreNotPaymentsAndUnpaidOnesExpire() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        PaymentPageDriver.submit(URI.create(c.get("nextUrl").asText()), PaymentPageDriver.Action.CANCEL, PaymentPageDriver.GOOD_CARD);
        assertEquals("cancelled", verify(c.get("paymentId").asText()).get("state").asText());
        JsonNode d = create(t);
        PaymentPageDriver.submit(URI.create(d.get("nextUrl").asText()), PaymentPageDriver.Action.PAY, PaymentPageDriver.REFUSED_CARD);
        assertEquals("failed", verify(d.get("paymentId").asText()).get("state").asText());
        JsonNode e = create(t);
        f.clock.advance(Duration.ofMinutes(21));
        assertEquals("expired", verify(e.get("paymentId").asText()).get("state").asText());
        assertThrows(IOException.class, () -> PaymentPageDriver.submit(URI.create(e.get("nextUrl").asText()),
                PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD), "an expired payment cannot be paid");
    }

    @Test
    void createRefusesWhatTheCardDoesNotSayAndUnregisteredReturns() {
        TrackingId t = f.issue(client);
        URI uri = URI.create(base() + "/payments");
        assertEquals("payment.amount_mismatch", assertThrows(PlatformException.class,
                () -> client.postJson(uri, createBody(t, 400_000), RequestOptions.none())).code());
        Map<String, Object> fee = createBody(t, 500_000);
        fee.put("feeCode", "other");
        assertEquals("payment.amount_mismatch", assertThrows(PlatformException.class,
                () -> client.postJson(uri, fee, RequestOptions.none())).code());
        Map<String, Object> ret = createBody(t, 500_000);
        ret.put("returnUrl", "https://evil.example/steal");
        assertEquals("payment.return_url_unregistered", assertThrows(PlatformException.class,
                () -> client.postJson(uri, ret, RequestOptions.none())).code());
        Map<String, Object> big = createBody(t, 500_000);
        big.put("amountRial", 1.5);
        assertEquals("payment.invalid_amount", assertThrows(PlatformException.class,
                () -> client.postJson(uri, big, RequestOptions.none())).code());
        Map<String, Object> unknown = createBody(t, 500_000);
        unknown.put("trackingId", "10101234568000000155");
        assertEquals(422, assertThrows(PlatformException.class,
                () -> client.postJson(uri, unknown, RequestOptions.none())).statusCode());
    }

    @Test
    void refundsNeverExceedThePayment() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        String id = c.get("paymentId").asText();
        PaymentPageDriver.submit(URI.create(c.get("nextUrl").asText()), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD);
        verify(id);
        URI refunds = URI.create(base() + "/payments/" + id + "/refunds");
        JsonNode r = Json.MAPPER.readTree(client.postJson(refunds, Map.of("amountRial", 300_000, "reason", "رد درخواست"),
                RequestOptions.none()).body());
        assertEquals("succeeded", r.get("state").asText());
        PlatformException e = assertThrows(PlatformException.class, () -> client.postJson(refunds,
                Map.of("amountRial", 200_001, "reason", "بیش از مانده"), RequestOptions.none()));
        assertEquals(409, e.statusCode());
        assertEquals("payment.refund_exceeds", e.code());
        UUID key = UUID.randomUUID();
        RequestOptions once = RequestOptions.builder().idempotencyKey(key).build();
        JsonNode first = Json.MAPPER.readTree(client.postJson(refunds, Map.of("amountRial", 200_000, "reason", "مانده"), once).body());
        JsonNode repeat = Json.MAPPER.readTree(client.postJson(refunds, Map.of("amountRial", 200_000, "reason", "مانده"), once).body());
        assertEquals(first.get("refundId"), repeat.get("refundId"), "a repeated refund is the same refund");
    }

    @Test
    void aSecondPaymentOfAPaidFeeIsNeverTaken() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode a = create(t);
        JsonNode b = create(t);
        PaymentPageDriver.submit(URI.create(a.get("nextUrl").asText()), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD);
        assertThrows(IOException.class, () -> PaymentPageDriver.submit(URI.create(b.get("nextUrl").asText()),
                PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD));
        assertEquals("cancelled", verify(b.get("paymentId").asText()).get("state").asText());
    }

    @Test
    void receiptsPayOnce() {
        TrackingId t = f.issue(client);
        TrackingId other = f.issue(client);
        URI uri = URI.create(base() + "/confirmations");
        Map<String, Object> body = Map.of("rrn", "123456789012", "amountRial", 500_000, "sheba", "IR820540102680020817909002",
                "trackingId", t.value());
        assertTrue(new String(client.postJson(uri, body, RequestOptions.none()).body()).contains("\"confirmed\":true"));
        assertTrue(new String(client.postJson(uri, body, RequestOptions.none()).body()).contains("\"confirmed\":true"),
                "the same request may ask again");
        PlatformException claimed = assertThrows(PlatformException.class, () -> client.postJson(uri, Map.of("rrn",
                "123456789012", "amountRial", 500_000, "sheba", "IR820540102680020817909002", "trackingId", other.value()),
                RequestOptions.none()));
        assertEquals("payment.already_claimed", claimed.code());
        PlatformException more = assertThrows(PlatformException.class, () -> client.postJson(uri, Map.of("rrn",
                "423456789012", "amountRial", 500_000, "sheba", "IR820540102680020817909002", "trackingId", other.value()),
                RequestOptions.none()));
        assertEquals("payment.not_found", more.code(), "a receipt for less than asked confirms nothing");
    }

    @Test
    void paymentFaultsStuckSubmittedAmountAndLostReturn() throws IOException {
        f.admin("PUT", "/admin/payment-faults", "{\"submittedSeconds\":5,\"verifyAmountDeltaRial\":1000,\"loseReturn\":true}");
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        Optional<URI> back = PaymentPageDriver.submit(URI.create(c.get("nextUrl").asText()), PaymentPageDriver.Action.PAY,
                PaymentPageDriver.GOOD_CARD);
        assertTrue(back.isEmpty(), "lost return");
        JsonNode v = verify(c.get("paymentId").asText());
        assertEquals("submitted", v.get("state").asText());
        f.clock.advance(Duration.ofSeconds(6));
        JsonNode w = verify(c.get("paymentId").asText());
        assertEquals("succeeded", w.get("state").asText());
        assertEquals(501_000, w.get("amountRial").asLong(), "the injected wrong amount");
        f.admin("DELETE", "/admin/payment-faults", null);
    }

    @Test
    void paymentPageIsPersianWithRialsAndTomans() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        try (Response r = f.http.newCall(new Request.Builder().url(c.get("nextUrl").asText()).build()).execute()) {
            String html = r.body().string();
            assertEquals(200, r.code());
            assertTrue(html.contains("dir=\"rtl\""));
            assertTrue(html.contains("۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)"), html);
            assertTrue(r.header("Content-Security-Policy").contains("https://portal.agency-1010.example"));
        }
    }

    @Test
    void anotherAgencySeesNothing() throws IOException {
        TrackingId t = f.issue(client);
        JsonNode c = create(t);
        PlatformClient other = f.client("2020", "agency-2020", f.key2020);
        PlatformException e = assertThrows(PlatformException.class, () -> other.postJson(URI.create(base() + "/payments/"
                + c.get("paymentId").asText() + "/verify"), Map.of(), RequestOptions.none()));
        assertEquals(404, e.statusCode());
    }
}
