package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.events.internal.CloudEventCodec;

class ServiceEventTest {

    static final TrackingId T = TrackingId.withCheckDigits("101012345670000001");
    static final ServiceId S = ServiceId.of("10101234567");

    static Set<String> names(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    @Test
    void cloudEventHasExactlyTheContractMembers() throws Exception {
        UUID id = UUID.randomUUID();
        ServiceEvent e = ServiceEvent.step(T, S, "review", Channel.CALL_CENTER, "U-1010-01").withId(id)
                .at(Instant.parse("2026-11-22T10:15:30Z"));
        JsonNode j = new ObjectMapper().readTree(CloudEventCodec.encode(e, "urn:ir:agency:1010"));
        assertEquals(Set.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype", "data"), names(j));
        assertEquals("1.0", j.get("specversion").asText());
        assertEquals(id.toString(), j.get("id").asText());
        assertEquals("urn:ir:agency:1010", j.get("source").asText());
        assertEquals("ir.gov.service.step", j.get("type").asText());
        assertEquals(T.value(), j.get("subject").asText());
        assertEquals(Instant.parse("2026-11-22T10:15:30Z"), OffsetDateTime.parse(j.get("time").asText()).toInstant());
        assertEquals("application/json", j.get("datacontenttype").asText());
        assertEquals(Set.of("serviceId", "step", "channel", "responsibleUnit"), names(j.get("data")));
        assertEquals("call-center", j.get("data").get("channel").asText());
    }

    @Test
    void terminalEventsCarryTheirOutcome() throws Exception {
        for (ServiceEvent e : List.of(ServiceEvent.delivered(T, S, Channel.WEB, "U1"), ServiceEvent.rejected(T, S, Channel.WEB, "U1"),
                ServiceEvent.cancelled(T, S, Channel.WEB, "U1"))) {
            JsonNode d = new ObjectMapper().readTree(CloudEventCodec.encode(e, "urn:ir:agency:1010")).get("data");
            assertEquals(e.type().outcome(), d.get("outcome").asText());
            assertEquals(Set.of("serviceId", "outcome", "channel", "responsibleUnit"), names(d));
        }
        assertFalse(ServiceEvent.started(T, S, Channel.WEB, "U1").outcome().isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"بررسی", "review by Maryam Ahmadi", "nc-0499370899", "call 09121234567", "", "a/b",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "<script>"})
    void stepsThatCouldCarryContentAreRefused(String step) {
        EventRefusedException e = assertThrows(EventRefusedException.class,
                () -> ServiceEvent.step(T, S, step, Channel.WEB, "U-1"));
        assertEquals(EventRefusedException.Reason.PRIVACY, e.reason());
        assertFalse(e.isRetryable());
        assertFalse(e.persianMessage().isBlank());
    }

    @Test
    void unitsAreCodesToo() {
        assertThrows(EventRefusedException.class, () -> ServiceEvent.started(T, S, Channel.WEB, "واحد صدور"));
        assertThrows(EventRefusedException.class, () -> ServiceEvent.started(T, S, Channel.WEB, "U-0499370899"));
        assertTrue(ServiceEvent.started(T, S, Channel.WEB, "U-1010.issue_2").responsibleUnit().startsWith("U-"));
    }

    @Test
    void aStepEventNeedsAStep() {
        assertEquals(EventRefusedException.Reason.INVALID, assertThrows(EventRefusedException.class,
                () -> ServiceEvent.of(EventType.STEP, T, S, null, Channel.WEB, "U1")).reason());
    }

    @Test
    void theIdIsChosenOnceAndKeptByCopies() {
        ServiceEvent e = ServiceEvent.started(T, S, Channel.WEB, "U1");
        assertEquals(e.id(), e.at(Instant.EPOCH).id());
        assertEquals("ir.gov.service.cancelled", EventType.fromWire("ir.gov.service.cancelled").wireType());
        assertThrows(IllegalArgumentException.class, () -> EventType.fromWire("ir.gov.service.finished"));
    }
}
