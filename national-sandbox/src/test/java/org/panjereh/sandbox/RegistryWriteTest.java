package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceCardException;
import org.panjereh.core.ServiceCardValidator;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistryClient;
import org.panjereh.core.TrackingIds;
import org.panjereh.core.shared.Json;

/** Contract section 3's write side on the platform: versions, preconditions, the whole card, approval, review. */
class RegistryWriteTest {

    SandboxFixture f;
    PlatformClient client;

    @BeforeEach
    void start() {
        f = new SandboxFixture();
        client = f.client();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    URI card(String id) {
        return URI.create(f.url("/registry/services/" + id));
    }

    ObjectNode read(String id) throws Exception {
        return (ObjectNode) SandboxFixture.JSON.readTree(client.get(card(id), RequestOptions.none()).body());
    }

    PlatformResponse put(String id, JsonNode body, String header, String value) {
        RequestOptions.Builder o = RequestOptions.builder();
        if (header != null) {
            o.header(header, value);
        }
        return client.put(card(id), Json.write(body), "application/json", o.build());
    }

    @Test
    void aCardIsChangedOnlyWithTheVersionReadAndEveryShippedCardIsComplete() throws Exception {
        for (JsonNode c : SandboxFixture.JSON.readTree(client.get(URI.create(f.url("/registry/services?agencyId=1010")),
                RequestOptions.none()).body())) {
            assertEquals("approved", c.get("status").asText());
            assertEquals(200, put(c.get("serviceId").asText(), c, "If-Match", "\"v1\"").statusCode(), c.get("title").asText());
        }
        ObjectNode licence = read("10101234567");
        assertEquals(2, licence.get("version").asInt());
        PlatformException none = assertThrows(PlatformException.class, () -> put("10101234567", licence, null, null));
        assertEquals(428, none.statusCode());
        PlatformException stale = assertThrows(PlatformException.class, () -> put("10101234567", licence, "If-Match", "\"v1\""));
        assertEquals(412, stale.statusCode());
        assertEquals("registry.version_conflict", stale.code());
        licence.put("expectedDurationDays", 5);
        PlatformResponse changed = put("10101234567", licence, "If-Match", "\"v2\"");
        assertEquals("\"v3\"", changed.header("ETag").orElseThrow());
        assertEquals(5, read("10101234567").get("expectedDurationDays").asInt());
        JsonNode history = SandboxFixture.JSON.readTree(client.get(URI.create(f.url("/registry/services/10101234567/history")),
                RequestOptions.none()).body());
        assertEquals(List.of(3, 2, 1), history.get("versions").findValues("version").stream().map(JsonNode::asInt).toList());
        assertEquals(7, history.get("versions").get(1).get("card").get("expectedDurationDays").asInt());
        PlatformClient other = f.client("2020", "agency-2020", f.key2020);
        assertEquals(403, assertThrows(PlatformException.class, () -> other.put(card("10101234567"), Json.write(licence),
                "application/json", RequestOptions.builder().header("If-Match", "\"v3\"").build())).statusCode());
    }

    @Test
    void anIncompleteOrInconsistentCardIsRefusedNamingEveryMember() throws Exception {
        ObjectNode c = read("10101234567");
        c.remove("description");
        c.remove("yearlyVolume");
        ((ObjectNode) c.get("fees").get(0)).remove("legalBasis");
        c.put("maturity", 5);
        c.put("validUntil", "2028-01-01T00:00:00Z");
        ArrayNode data = (ArrayNode) c.get("requiredData");
        data.addObject().put("code", "deed").put("title", "سند").put("type", "file").put("required", true).put("source", "applicant");
        data.addObject().put("code", "car").put("title", "خودرو").put("type", "text").put("required", true)
                .put("source", "inquiry:police/vehicle");
        c.put("nationalCode", "0499370899");
        PlatformException e = assertThrows(PlatformException.class, () -> put("10101234567", c, "If-Match", "\"v1\""));
        assertEquals(422, e.statusCode());
        assertEquals("registry.card_incomplete", e.code());
        Set<String> members = new HashSet<>();
        for (Object x : (List<?>) e.problem().extensions().get("errors")) {
            members.add(String.valueOf(((Map<?, ?>) x).get("member")));
        }
        int n = data.size();
        assertEquals(Set.of("description", "yearlyVolume", "fees[0].legalBasis", "smartCriteria", "validUntil",
                "requiredData[" + (n - 2) + "].justification", "requiredData[" + (n - 1) + "].source", "nationalCode"), members);
        assertEquals(1, read("10101234567").get("version").asInt(), "nothing was stored");
    }

    @Test
    void aNewServiceGetsAnIdThenItsFirstCardAndThenTrackingIds() throws Exception {
        PlatformResponse created = client.postJson(URI.create(f.url("/registry/services")), Map.of(),
                RequestOptions.builder().idempotencyKey(UUID.randomUUID()).build());
        assertEquals(201, created.statusCode());
        JsonNode body = SandboxFixture.JSON.readTree(created.body());
        String id = body.get("serviceId").asText();
        assertEquals("pending", body.get("status").asText());
        assertTrue(id.matches("1010[0-9]{7}"), id);
        assertEquals(404, assertThrows(PlatformException.class, () -> client.get(card(id), RequestOptions.none())).statusCode());

        ObjectNode c = read("10101234568");
        c.put("serviceId", id);
        c.put("title", "تمدید ثبت محل اقامت");
        assertEquals(428, assertThrows(PlatformException.class, () -> put(id, c, null, null)).statusCode());
        assertEquals(412, assertThrows(PlatformException.class, () -> put(id, c, "If-Match", "\"v1\"")).statusCode());
        assertEquals(200, put(id, c, "If-None-Match", "*").statusCode());
        assertEquals("approved", read(id).get("status").asText());
        assertEquals(20, TrackingIds.builder(client).build().issue(ServiceId.of(id), Channel.WEB, "citizen").trackingId()
                .value().length());
        assertEquals(404, assertThrows(PlatformException.class, () -> put("10109999999", c, "If-None-Match", "*")).statusCode());
    }

    @Test
    void heldApprovalsLeaveTheApprovedCardInUseUntilTheAdminApproves() throws Exception {
        f.admin("PUT", "/admin/registry", "{\"holdApprovals\":true}");
        ObjectNode c = read("10101234567");
        c.put("expectedDurationDays", 3);
        PlatformResponse r = put("10101234567", c, "If-Match", "\"v1\"");
        assertEquals("pending", SandboxFixture.JSON.readTree(r.body()).get("status").asText());
        assertEquals("pending", read("10101234567").get("status").asText());
        TrackingIds.builder(client).build().issue(ServiceId.of("10101234567"), Channel.WEB, "citizen");
        f.admin("POST", "/admin/registry/services/10101234567/approve", null);
        assertEquals("approved", read("10101234567").get("status").asText());
        assertEquals(2, f.record("card").size());
    }

    @Test
    void aCardPastItsReviewDateIsServedOverdueAndMayStopTrackingIds() throws Exception {
        f.clock.set(Instant.parse("2027-09-23T00:00:00Z"));
        assertEquals("review_overdue", read("10101234567").get("status").asText());
        TrackingIds ids = TrackingIds.builder(client).build();
        ids.issue(ServiceId.of("10101234567"), Channel.WEB, "citizen");
        f.admin("PUT", "/admin/registry", "{\"refuseOverdue\":true}");
        PlatformException refused = assertThrows(PlatformException.class,
                () -> ids.issue(ServiceId.of("10101234567"), Channel.WEB, "citizen-2"));
        assertEquals("tracking.card_review_overdue", refused.code());
        ObjectNode c = read("10101234567");
        c.put("reviewedAt", "2027-09-23T00:00:00Z");
        c.put("validUntil", "2028-09-22T00:00:00Z");
        put("10101234567", c, "If-Match", "\"v1\"");
        assertEquals("approved", read("10101234567").get("status").asText());
        ids.issue(ServiceId.of("10101234567"), Channel.WEB, "citizen-2");
    }

    @Test
    void theSdksRegistryClientAndValidatorAgreeWithTheRegistry() throws Exception {
        ServiceRegistryClient registry = ServiceRegistryClient.builder(client).build();
        for (JsonNode c : f.admin("GET", "/admin/cards", null)) {
            ServiceCard card = Json.MAPPER.treeToValue(c, ServiceCard.class);
            assertEquals(List.of(), ServiceCardValidator.validate(card), card.title());
        }
        ServiceRegistryClient.Versioned v = registry.read(ServiceId.of("10101234568"));
        assertEquals(ServiceCard.Status.APPROVED, v.card().status());
        ServiceRegistryClient.Submission s = registry.submit(v.card(), v.etag());
        assertEquals(2, s.version());
        ServiceCardException conflict = assertThrows(ServiceCardException.class, () -> registry.submit(v.card(), v.etag()));
        assertEquals(ServiceCardException.Reason.VERSION_CONFLICT, conflict.reason());

        ObjectNode broken = (ObjectNode) Json.MAPPER.readTree(Json.write(v.card()));
        broken.remove("description");
        ServiceCardException incomplete = assertThrows(ServiceCardException.class,
                () -> registry.submit(Json.MAPPER.treeToValue(broken, ServiceCard.class), s.etag()));
        assertEquals(ServiceCardException.Reason.INCOMPLETE, incomplete.reason());
        assertEquals(Set.of("description"), incomplete.problems().stream().map(ServiceCardValidator.Problem::member)
                .collect(java.util.stream.Collectors.toSet()));

        ServiceId fresh = registry.newServiceId(RequestOptions.builder().idempotencyKey(UUID.randomUUID()).build());
        ObjectNode first = (ObjectNode) Json.MAPPER.readTree(Json.write(v.card()));
        first.put("serviceId", fresh.value());
        ServiceRegistryClient.Submission created = registry.submit(Json.MAPPER.treeToValue(first, ServiceCard.class), null);
        assertEquals(1, created.version());
        assertEquals(List.of(2, 1), registry.history(ServiceId.of("10101234568")).stream()
                .map(ServiceRegistryClient.HistoryEntry::version).toList());
    }
}
