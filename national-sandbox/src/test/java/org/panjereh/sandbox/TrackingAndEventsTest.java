package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.core.shared.Json;

/** Contract sections 4 and 5 over HTTP. */
class TrackingAndEventsTest {

    static SandboxFixture f;
    static PlatformClient client;
    static final String SOURCE = "urn:ir:agency:1010";

    @BeforeAll
    static void start() {
        f = new SandboxFixture();
        client = f.client();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    JsonNode send(List<Map<String, Object>> events) throws Exception {
        return SandboxFixture.JSON.readTree(client.post(URI.create(f.url("/events/batch")), Json.write(events),
                "application/cloudevents-batch+json", RequestOptions.none()).body());
    }

    @Test
    void issuedIdsHaveValidCheckDigitsAndIdempotencyKeysReplay() throws Exception {
        TrackingIds ids = TrackingIds.builder(client).build();
        UUID key = UUID.randomUUID();
        RequestOptions opts = RequestOptions.builder().idempotencyKey(key).build();
        TrackingId a = ids.issue(SandboxFixture.LICENCE, Channel.WEB, "sub-a", opts).trackingId();
        TrackingId b = ids.issue(SandboxFixture.LICENCE, Channel.WEB, "sub-a", opts).trackingId();
        assertEquals(a, b);
        assertTrue(TrackingId.isValid(a.value()));
        assertTrue(a.value().startsWith("10101234567"));
        TrackingId c = ids.issue(SandboxFixture.LICENCE, Channel.WEB, "sub-a").trackingId();
        assertTrue(!c.equals(a));
        PlatformException reused = assertThrows(PlatformException.class,
                () -> ids.issue(SandboxFixture.LICENCE, Channel.COUNTER, "sub-a", opts));
        assertEquals("request.idempotency_key_reused", reused.code());
        assertEquals(1, f.record("tracking").findValues("trackingId").stream().filter(n -> n.asText().equals(a.value())).count());
    }

    @Test
    void trackingRefusals() {
        TrackingIds ids = TrackingIds.builder(client).build();
        assertEquals("tracking.service_unknown", assertThrows(PlatformException.class,
                () -> ids.issue(ServiceId.of("10109999999"), Channel.WEB, "s")).code());
        assertEquals("tracking.not_service_owner", assertThrows(PlatformException.class,
                () -> ids.issue(ServiceId.of("20201000001"), Channel.WEB, "s")).code());
        PlatformException noKey = assertThrows(PlatformException.class, () -> client.get(
                URI.create(f.url("/tracking/tracking-ids/10101234567000000100")), RequestOptions.none()));
        assertEquals("tracking.invalid_tracking_id", noKey.code());
        PlatformException unknown = assertThrows(PlatformException.class,
                () -> ids.status(TrackingId.withCheckDigits("101012345679999999")));
        assertEquals(404, unknown.statusCode());
        PlatformException badBody = assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/tracking/tracking-ids")), Map.of("serviceId", "10101234567", "channel", "fax",
                        "applicantSub", "s"), RequestOptions.none()));
        assertEquals("tracking.invalid_channel", badBody.code());
        PlatformException extra = assertThrows(PlatformException.class, () -> client.postJson(
                URI.create(f.url("/tracking/tracking-ids")), Map.of("serviceId", "10101234567", "channel", "web",
                        "applicantSub", "s", "nationalCode", "0499370899"), RequestOptions.none()));
        assertEquals("tracking.unknown_member", extra.code());
    }

    @Test
    void aFullLifecycleBuildsTheTimeline() throws Exception {
        TrackingId t = f.issue(client);
        JsonNode r = send(List.of(
                SandboxFixture.event("e1-" + t, SOURCE, "ir.gov.service.started", t, SandboxFixture.data(null, null)),
                SandboxFixture.event("e2-" + t, SOURCE, "ir.gov.service.step", t, SandboxFixture.data("review", null)),
                SandboxFixture.event("e3-" + t, SOURCE, "ir.gov.service.delivered", t, SandboxFixture.data(null, "approved"))));
        assertEquals(3, r.get("accepted").asInt());
        assertEquals(0, r.get("rejected").size());
        TrackingIds.TrackingStatus s = TrackingIds.builder(client).build().status(t);
        assertEquals("delivered", s.status());
        assertEquals(List.of("ir.gov.service.started", "ir.gov.service.step", "ir.gov.service.delivered"),
                s.events().stream().map(TrackingIds.TimelineEntry::type).toList());
        assertEquals("review", s.events().get(1).step());
        assertEquals("U-1010-01", s.events().get(0).responsibleUnit());
    }

    @Test
    void duplicatesAreReportedNotCountedTwice() throws Exception {
        TrackingId t = f.issue(client);
        Map<String, Object> started = SandboxFixture.event("dup-" + t, SOURCE, "ir.gov.service.started", t,
                SandboxFixture.data(null, null));
        assertEquals(1, send(List.of(started)).get("accepted").asInt());
        JsonNode again = send(List.of(started, started));
        assertEquals(0, again.get("accepted").asInt());
        assertEquals(2, again.get("duplicates").size());
        assertEquals("dup-" + t, again.get("duplicates").get(0).asText());
    }

    @Test
    void everyRuleOfSection5RejectsPerEvent() throws Exception {
        TrackingId t = f.issue(client);
        Map<String, Object> extraData = new LinkedHashMap<>(SandboxFixture.data(null, null));
        extraData.put("nationalCode", "0499370899");
        Map<String, Object> extraAttr = new LinkedHashMap<>(SandboxFixture.event("x1", SOURCE, "ir.gov.service.started", t,
                SandboxFixture.data(null, null)));
        extraAttr.put("citizenname", "مریم");
        List<Map<String, Object>> batch = new ArrayList<>();
        batch.add(SandboxFixture.event("r1-" + t, SOURCE, "ir.gov.service.step", t, SandboxFixture.data("review", null)));
        batch.add(SandboxFixture.event("r2-" + t, SOURCE, "ir.gov.service.started", t, extraData));
        batch.add(extraAttr);
        batch.add(SandboxFixture.event("r4-" + t, "urn:ir:agency:2020", "ir.gov.service.started", t, SandboxFixture.data(null, null)));
        batch.add(SandboxFixture.event("r5-" + t, SOURCE, "ir.gov.service.finished", t, SandboxFixture.data(null, null)));
        batch.add(SandboxFixture.event("r6-" + t, SOURCE, "ir.gov.service.started", TrackingId.withCheckDigits("101012345679999998"),
                SandboxFixture.data(null, null)));
        batch.add(SandboxFixture.event("ok-" + t, SOURCE, "ir.gov.service.started", t, SandboxFixture.data(null, null)));
        batch.add(SandboxFixture.event("r8-" + t, SOURCE, "ir.gov.service.step", t, SandboxFixture.data("no-such-step", null)));
        batch.add(SandboxFixture.event("r9-" + t, SOURCE, "ir.gov.service.step", t, SandboxFixture.data(null, null)));
        batch.add(SandboxFixture.event("r10-" + t, SOURCE, "ir.gov.service.rejected", t, SandboxFixture.data(null, "approved")));
        batch.add(SandboxFixture.event("r11-" + t, SOURCE, "ir.gov.service.started", t, SandboxFixture.data(null, null)));
        batch.add(SandboxFixture.event("end-" + t, SOURCE, "ir.gov.service.cancelled", t, SandboxFixture.data(null, "cancelled")));
        batch.add(SandboxFixture.event("r13-" + t, SOURCE, "ir.gov.service.step", t, SandboxFixture.data("review", null)));
        JsonNode r = send(batch);
        assertEquals(2, r.get("accepted").asInt());
        Map<String, String> codes = new LinkedHashMap<>();
        r.get("rejected").forEach(n -> codes.put(n.get("id").asText(), n.get("code").asText()));
        assertEquals("events.not_started", codes.get("r1-" + t));
        assertEquals("events.data_member_not_allowed", codes.get("r2-" + t));
        assertEquals("events.attribute_not_allowed", codes.get("x1"));
        assertEquals("events.source_mismatch", codes.get("r4-" + t));
        assertEquals("events.invalid_type", codes.get("r5-" + t));
        assertEquals("events.unknown_tracking_id", codes.get("r6-" + t));
        assertEquals("events.unknown_step", codes.get("r8-" + t));
        assertEquals("events.step_required", codes.get("r9-" + t));
        assertEquals("events.invalid_outcome", codes.get("r10-" + t));
        assertEquals("events.already_started", codes.get("r11-" + t));
        assertEquals("events.after_terminal", codes.get("r13-" + t));
        assertEquals(11, r.get("rejected").size());
        JsonNode again = send(List.of(batch.get(1)));
        assertEquals("events.data_member_not_allowed", again.get("rejected").get(0).get("code").asText(),
                "a rejected event is rejected again");
    }

    @Test
    void batchLevelRefusals() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        TrackingId t = f.issue(client);
        for (int i = 0; i < 501; i++) {
            tooMany.add(SandboxFixture.event("b" + i, SOURCE, "ir.gov.service.started", t, SandboxFixture.data(null, null)));
        }
        assertEquals(413, assertThrows(PlatformException.class, () -> send(tooMany)).statusCode());
        PlatformException ct = assertThrows(PlatformException.class, () -> client.post(URI.create(f.url("/events/batch")),
                "[]".getBytes(), "application/json", RequestOptions.none()));
        assertEquals(415, ct.statusCode());
        PlatformException notArray = assertThrows(PlatformException.class, () -> client.post(URI.create(f.url("/events/batch")),
                "{}".getBytes(), "application/cloudevents-batch+json", RequestOptions.none()));
        assertEquals("events.not_a_batch", notArray.code());
    }

    @Test
    void anotherAgencyCannotWriteThisAgencysRequests() throws Exception {
        TrackingId t = f.issue(client);
        PlatformClient other = f.client("2020", "agency-2020", f.key2020);
        JsonNode r = SandboxFixture.JSON.readTree(other.post(URI.create(f.url("/events/batch")), Json.write(List.of(
                SandboxFixture.event("o1", "urn:ir:agency:2020", "ir.gov.service.started", t, SandboxFixture.data(null, null)))),
                "application/cloudevents-batch+json", RequestOptions.none()).body());
        assertEquals("events.not_request_owner", r.get("rejected").get(0).get("code").asText());
    }
}
