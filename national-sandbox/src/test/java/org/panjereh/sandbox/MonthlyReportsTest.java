package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.shared.Json;

/** Contract section 13 on the platform side: versions, preconditions, validation, ownership. */
class MonthlyReportsTest {

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

    static ObjectNode report(String month) throws Exception {
        return (ObjectNode) SandboxFixture.JSON.readTree("""
                { "agencyId": "1010", "month": "%s", "generatedAt": "2026-12-01T00:00:00Z",
                  "services": [ { "serviceId": "10101234567",
                      "startedOnline": 171, "received": { "web": 120, "mobile": 30, "counter": 4 }, "delivered": 140,
                      "rejected": 6, "cancelled": 2, "open": 6, "deliveredWithinExpected": 131, "medianDays": 2.5,
                      "p90Days": 6.0, "paidElectronically": 138, "confirmedReceipts": 2,
                      "survey": { "responses": 97, "responseRate": 0.69, "satisfactionMean": 4.3, "replied": 12 },
                      "inPersonVisits": 0 } ],
                  "portal": { "visits": 5400, "uniqueVisitors": 2100, "peakOnline": 37 },
                  "exchange": { "asked": 410, "answeredAsProvider": 2290, "refusedAsProvider": 14 } }
                """.formatted(month));
    }

    static URI at(String month) {
        return URI.create(f.url("/reports/monthly/1010/" + month));
    }

    static PlatformResponse put(String month, JsonNode body, String header, String value) {
        RequestOptions.Builder o = RequestOptions.builder();
        if (header != null) {
            o.header(header, value);
        }
        return client.put(at(month), Json.write(body), "application/json", o.build());
    }

    @Test
    void discoveryNamesTheReportsEndpoint() {
        assertEquals(f.url("/reports"), client.metadata().reportsEndpoint().toString());
    }

    @Test
    void aMonthIsStoredOnceRepeatedFreelyAndCorrectedOnlyWithItsVersion() throws Exception {
        ObjectNode r = report("1405-07");
        PlatformResponse first = put("1405-07", r, "If-None-Match", "*");
        assertEquals(201, first.statusCode());
        String v1 = first.header("ETag").orElseThrow();
        assertEquals(1, SandboxFixture.JSON.readTree(first.body()).get("version").asInt());

        ObjectNode again = r.deepCopy().put("generatedAt", "2026-12-02T00:00:00Z");
        PlatformResponse repeat = put("1405-07", again, "If-None-Match", "*");
        assertEquals(200, repeat.statusCode());
        assertEquals(v1, repeat.header("ETag").orElseThrow());

        ObjectNode changed = r.deepCopy();
        ((ObjectNode) changed.get("services").get(0)).put("delivered", 141);
        PlatformException noMatch = assertThrows(PlatformException.class, () -> put("1405-07", changed, "If-None-Match", "*"));
        assertEquals(412, noMatch.statusCode());
        assertEquals("reports.version_conflict", noMatch.code());
        assertEquals(412, assertThrows(PlatformException.class, () -> put("1405-07", changed, null, null)).statusCode());
        assertEquals(412, assertThrows(PlatformException.class, () -> put("1405-07", changed, "If-Match", "\"9\"")).statusCode());

        PlatformResponse corrected = put("1405-07", changed, "If-Match", v1);
        assertEquals(200, corrected.statusCode());
        assertEquals(2, SandboxFixture.JSON.readTree(corrected.body()).get("version").asInt());
        PlatformResponse held = client.get(at("1405-07"), RequestOptions.none());
        assertEquals(141, SandboxFixture.JSON.readTree(held.body()).get("services").get(0).get("delivered").asInt());
        assertEquals(corrected.header("ETag"), held.header("ETag"));
        assertEquals(412, assertThrows(PlatformException.class, () -> put("1405-07", r, "If-Match", v1)).statusCode());

        JsonNode records = f.record("report");
        Set<Integer> versions = new HashSet<>();
        for (JsonNode e : records) {
            if (e.get("month").asText().equals("1405-07")) {
                versions.add(e.get("version").asInt());
                assertEquals(e.get("version").asInt() > 1, e.get("correction").asBoolean());
            }
        }
        assertEquals(Set.of(1, 2), versions);
    }

    @Test
    void aMonthNotHeldIsNotFoundAndCannotBeMatched() throws Exception {
        PlatformException nf = assertThrows(PlatformException.class, () -> client.get(at("1404-12"), RequestOptions.none()));
        assertEquals("reports.not_found", nf.code());
        assertEquals(412, assertThrows(PlatformException.class,
                () -> put("1404-12", report("1404-12"), "If-Match", "\"1\"")).statusCode());
        assertEquals(201, put("1404-12", report("1404-12"), null, null).statusCode());
        assertTrue(f.record("report").findValues("late").stream().anyMatch(JsonNode::asBoolean), "1404-12 is long past its 5 days");
    }

    @Test
    void everyProblemOfAReportIsNamedAtOnce() throws Exception {
        ObjectNode bad = report("1405-06");
        ObjectNode s = (ObjectNode) bad.get("services").get(0);
        s.put("nationalCode", "0499370899");
        s.put("delivered", -1);
        s.put("p90Days", 1.0);
        ((ObjectNode) s.get("received")).put("fax", 3);
        ((ObjectNode) s.get("survey")).put("satisfactionMean", 7);
        ((ObjectNode) bad.get("portal")).put("uniqueVisitors", 9999);
        bad.put("month", "1405-05");
        PlatformException e = assertThrows(PlatformException.class, () -> put("1405-06", bad, "If-None-Match", "*"));
        assertEquals(422, e.statusCode());
        assertEquals("reports.invalid_report", e.code());
        Set<String> members = new HashSet<>();
        for (Object x : (java.util.List<?>) e.problem().extensions().get("errors")) {
            members.add(String.valueOf(((java.util.Map<?, ?>) x).get("member")));
        }
        assertEquals(Set.of("month", "services[0].nationalCode", "services[0].delivered", "services[0].p90Days",
                "services[0].received.fax", "services[0].survey.satisfactionMean", "portal"), members);

        ObjectNode foreign = report("1405-06");
        ((ObjectNode) foreign.get("services").get(0)).put("serviceId", "20201000001");
        assertEquals(422, assertThrows(PlatformException.class, () -> put("1405-06", foreign, null, null)).statusCode());
    }

    @Test
    void onlyTheAgencyItselfReportsAndOnlyForMonthsBegun() throws Exception {
        PlatformException other = assertThrows(PlatformException.class, () -> client.put(
                URI.create(f.url("/reports/monthly/2020/1405-07")), Json.write(report("1405-07")), "application/json",
                RequestOptions.none()));
        assertEquals(403, other.statusCode());
        assertEquals("reports.month_in_future", assertThrows(PlatformException.class,
                () -> put("1499-01", report("1499-01"), null, null)).code());
        assertEquals("reports.invalid_month", assertThrows(PlatformException.class,
                () -> put("1405-13", report("1405-13"), null, null)).code());
        PlatformClient noScope = PlatformClient.builder(client.discovery(), client.credentials()).scopes(java.util.List.of("tracking"))
                .clock(f.clock).build();
        assertEquals(403, assertThrows(PlatformException.class, () -> noScope.get(at("1405-07"), RequestOptions.none()))
                .statusCode());
        assertFalse(f.record("report").toString().contains("2020/"));
    }
}
