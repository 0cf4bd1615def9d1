package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackingIdsTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakePlatform platform;
    TrackingIds ids;
    final List<Duration> sleeps = new ArrayList<>();
    static final ServiceId SERVICE = ServiceId.of("10101234567");
    static final TrackingId ISSUED = TrackingId.withCheckDigits("101012345670000042");

    @BeforeEach
    void setUp() {
        platform = new FakePlatform(server);
        RetryPolicy retry = RetryPolicy.builder().sleeper(sleeps::add).build();
        PlatformClient client = PlatformClient.builder(PlatformDiscovery.builder(URI.create(platform.issuer())).retryPolicy(retry).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                        .signingKey(FakePlatform.newKey()).build())
                .retryPolicy(retry)
                .build();
        ids = TrackingIds.builder(client).build();
    }

    static MockResponse issued(TrackingId id) {
        return FakePlatform.json(201, "{\"trackingId\":\"" + id + "\",\"serviceId\":\"10101234567\","
                + "\"issuedAt\":\"2026-11-22T10:15:30Z\"}");
    }

    @Test
    void issueSendsTheContractBody() throws Exception {
        platform.script("/tracking/tracking-ids", issued(ISSUED));
        TrackingIds.IssuedTrackingId r = ids.issue(SERVICE, Channel.CALL_CENTER, "pairwise-sub-1");
        assertEquals(ISSUED, r.trackingId());
        assertEquals(SERVICE, r.serviceId());
        assertEquals(Instant.parse("2026-11-22T10:15:30Z"), r.issuedAt());

        RecordedRequest req = platform.requestsTo("/tracking/tracking-ids").get(0);
        assertEquals("POST", req.getMethod());
        assertTrue(req.getHeaders().get("Content-Type").startsWith("application/json"));
        UUID.fromString(req.getHeaders().get("Idempotency-Key"));
        JsonNode body = new ObjectMapper().readTree(req.getBody().utf8());
        assertEquals(3, body.size());
        assertEquals("10101234567", body.get("serviceId").asText());
        assertEquals("call-center", body.get("channel").asText());
        assertEquals("pairwise-sub-1", body.get("applicantSub").asText());
    }

    @Test
    void droppedConnectionIsRetriedWithTheSameIdempotencyKey() {
        // The issuer acted on the first request but its answer never arrived.
        platform.script("/tracking/tracking-ids",
                new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
                issued(ISSUED));
        TrackingIds.IssuedTrackingId r = ids.issue(SERVICE, Channel.WEB, "sub-2");
        assertEquals(ISSUED, r.trackingId());
        List<RecordedRequest> calls = platform.requestsTo("/tracking/tracking-ids");
        assertEquals(2, calls.size());
        assertEquals(calls.get(0).getHeaders().get("Idempotency-Key"), calls.get(1).getHeaders().get("Idempotency-Key"));
        assertEquals(calls.get(0).getBody(), calls.get(1).getBody());
        // The connection was a pooled one that ended before any answer: sent again at once on a new connection
        // (StaleConnectionRetry), with the same key, before the retry policy had to wait.
        assertEquals(0, sleeps.size());
    }

    @Test
    void aDropOnAFreshConnectionIsLeftToTheRetryPolicy() {
        platform.script("/tracking/tracking-ids",
                new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
                new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
                issued(ISSUED));
        assertEquals(ISSUED, ids.issue(SERVICE, Channel.WEB, "sub-3").trackingId());
        List<RecordedRequest> calls = platform.requestsTo("/tracking/tracking-ids");
        assertEquals(3, calls.size());
        assertEquals(1, calls.stream().map(c -> c.getHeaders().get("Idempotency-Key")).distinct().count());
        assertEquals(1, sleeps.size(), "the second drop was on a new connection: the retry policy backed off once");
    }

    @Test
    void callerKeyMakesARepeatedCallIdempotentAcrossRestarts() {
        platform.script("/tracking/tracking-ids", issued(ISSUED), issued(ISSUED));
        UUID key = UUID.nameUUIDFromBytes("form-77".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RequestOptions opts = RequestOptions.builder().idempotencyKey(key).build();
        assertEquals(ids.issue(SERVICE, Channel.WEB, "s", opts).trackingId(), ids.issue(SERVICE, Channel.WEB, "s", opts).trackingId());
        platform.requestsTo("/tracking/tracking-ids")
                .forEach(r -> assertEquals(key.toString(), r.getHeaders().get("Idempotency-Key")));
    }

    @Test
    void unknownServiceIsTyped() {
        platform.script("/tracking/tracking-ids", FakePlatform.problem(422, "tracking.service_unknown"));
        PlatformException e = assertThrows(PlatformException.class, () -> ids.issue(SERVICE, Channel.WEB, "s"));
        assertEquals("tracking.service_unknown", e.code());
        assertEquals(422, e.statusCode());
    }

    @Test
    void anIdWithBadCheckDigitsFromTheIssuerIsRefused() {
        platform.script("/tracking/tracking-ids", FakePlatform.json(201, "{\"trackingId\":\"10101234567000004200\","
                + "\"serviceId\":\"10101234567\",\"issuedAt\":\"2026-11-22T10:15:30Z\"}"));
        assertThrows(InvalidPlatformResponseException.class, () -> ids.issue(SERVICE, Channel.WEB, "s"));
    }

    @Test
    void anIdForAnotherServiceIsRefused() {
        platform.script("/tracking/tracking-ids", FakePlatform.json(201, "{\"trackingId\":\"" + ISSUED + "\","
                + "\"serviceId\":\"10109999999\",\"issuedAt\":\"2026-11-22T10:15:30Z\"}"));
        assertThrows(InvalidPlatformResponseException.class, () -> ids.issue(SERVICE, Channel.WEB, "s"));
    }

    @Test
    void missingMembersAreRefused() {
        platform.script("/tracking/tracking-ids", FakePlatform.json(201, "{\"serviceId\":\"10101234567\"}"));
        assertThrows(InvalidPlatformResponseException.class, () -> ids.issue(SERVICE, Channel.WEB, "s"));
    }

    @Test
    void badApplicantSubIsRefusedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> ids.issue(SERVICE, Channel.WEB, " "));
        assertTrue(platform.requestsTo("/tracking/tracking-ids").isEmpty());
    }

    @Test
    void statusWithTimeline() {
        platform.script("/tracking/tracking-ids/" + ISSUED, FakePlatform.json(200, "{\"trackingId\":\"" + ISSUED + "\","
                + "\"serviceId\":\"10101234567\",\"status\":\"in-progress\",\"events\":["
                + "{\"type\":\"ir.gov.service.started\",\"time\":\"2026-11-22T10:15:31Z\",\"responsibleUnit\":\"U1\"},"
                + "{\"type\":\"ir.gov.service.step\",\"step\":\"review\",\"time\":\"2026-11-22T11:00:00Z\",\"responsibleUnit\":\"U2\"}]}"));
        TrackingIds.TrackingStatus s = ids.status(ISSUED);
        assertEquals("in-progress", s.status());
        assertEquals(2, s.events().size());
        assertEquals("review", s.events().get(1).step());
        assertEquals(Instant.parse("2026-11-22T11:00:00Z"), s.events().get(1).time());
        assertEquals("GET", platform.requestsTo("/tracking/tracking-ids/" + ISSUED).get(0).getMethod());
    }
}
