package org.panjereh.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.reports.MonthlyReports.Outcome;
import org.panjereh.reports.MonthlyReports.Submission;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.LogCapture;
import org.panjereh.testing.MutableClock;
import org.panjereh.testing.PooledPostgres;

/** Section 13 against the sandbox: owed months go in order, once, and corrections carry If-Match. */
class MonthlyReportsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 1405-09-16 in Tehran: Shahrivar, Mehr and Aban are finished. */
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    NationalSandbox sandbox;
    PlatformClient platform;
    /** What the agency's records say was delivered, per month; the source reads it at every send. */
    final AtomicLong delivered = new AtomicLong(140);
    ReportSource source;

    @BeforeEach
    void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).clock(clock)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        RetryPolicy quick = RetryPolicy.builder().maxAttempts(2).sleeper(d -> { }).build();
        platform = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).retryPolicy(quick).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .retryPolicy(quick).clock(clock).build();
        source = (month, at) -> report(month, at, delivered.get());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    static MonthlyReport report(JalaliMonth month, Instant at, long delivered) {
        var s = new MonthlyReport.ServiceFigures(ServiceId.of("10101234567"), 171,
                Map.of(Channel.WEB, 120L, Channel.MOBILE, 30L, Channel.COUNTER, 4L), delivered, 6, 2, 6,
                Math.min(131, delivered), 2.5, 6.0, 138, 2, new MonthlyReport.SurveyFigures(97, 0.69, 4.3, 12), 0);
        return new MonthlyReport("1010", month, at, List.of(s), new MonthlyReport.PortalFigures(5400, 2100, 37),
                new MonthlyReport.ExchangeFigures(410, 2290, 14));
    }

    MonthlyReports reports(ReportLedger ledger) {
        return MonthlyReports.builder(platform, source, ledger).firstMonth(JalaliMonth.of(1405, 6)).build();
    }

    JsonNode record() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.issuer()
                + "/admin/record/report")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("items");
    }

    void fault(String json) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.issuer() + "/admin/faults/reports.put"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
    }

    static List<String> months(List<Submission> l) {
        List<String> out = new ArrayList<>();
        l.forEach(s -> out.add(s.month() + ":" + s.outcome()));
        return out;
    }

    @Test
    void everyFinishedMonthIsSentOnceInOrderAndNothingIsSentTwice() throws Exception {
        MonthlyReports r = reports(ReportLedger.inMemory());
        assertEquals(List.of("1405-06:CREATED", "1405-07:CREATED", "1405-08:CREATED"), months(r.catchUp()));
        assertEquals(List.of(), r.catchUp());
        List<String> sent = new ArrayList<>();
        record().forEach(e -> sent.add(e.get("month").asText()));
        assertEquals(List.of("1405-06", "1405-07", "1405-08"), sent);
        JsonNode first = record().get(0).get("report");
        assertEquals("1010", first.get("agencyId").asText());
        assertEquals(140, first.get("services").get(0).get("delivered").asInt());
        assertEquals(120, first.get("services").get(0).get("received").get("web").asInt());

        clock.set(JalaliMonth.of(1405, 10).start().plusSeconds(60));
        assertEquals(List.of("1405-09:CREATED"), months(r.catchUp()));
        assertThrows(ReportException.class, () -> r.send(JalaliMonth.of(1405, 10)));
    }

    @Test
    void theMonthInProgressMayBeSentSoFarAndItsFinalFiguresGoAsACorrectionWhenItEnds() throws Exception {
        MonthlyReports r = reports(ReportLedger.inMemory());
        r.catchUp();
        JalaliMonth azar = JalaliMonth.of(1405, 9);
        delivered.set(40);
        Submission soFar = r.sendSoFar();
        assertEquals(azar, soFar.month());
        assertEquals(Outcome.CREATED, soFar.outcome());
        assertEquals(Outcome.UNCHANGED, r.sendSoFar().outcome(), "the same figures again change nothing");
        delivered.set(41);
        assertEquals(Outcome.CORRECTED, r.sendSoFar().outcome());
        assertTrue(r.status().stream().noneMatch(e -> e.month().equals(azar)), "the ledger does not count it as reported");

        delivered.set(140);
        clock.set(JalaliMonth.of(1405, 10).start().plusSeconds(60));
        assertEquals(List.of("1405-09:CORRECTED"), months(r.catchUp()), "the finished month corrects the provisional one");
        JsonNode last = record().get(record().size() - 1);
        assertEquals("1405-09", last.get("month").asText());
        assertEquals(3, last.get("version").asInt());
        assertEquals(140, last.get("report").get("services").get(0).get("delivered").asInt());
    }

    @Test
    void aRecomputedMonthThatDiffersGoesAsACorrectionAndOneThatDoesNotChangesNothing() throws Exception {
        MonthlyReports r = reports(ReportLedger.inMemory());
        r.catchUp();
        JalaliMonth aban = JalaliMonth.of(1405, 8);
        Submission same = r.send(aban);
        assertEquals(Outcome.UNCHANGED, same.outcome());
        assertEquals("\"1\"", same.version());
        delivered.set(139);
        Submission corrected = r.send(aban);
        assertEquals(Outcome.CORRECTED, corrected.outcome());
        assertEquals("\"2\"", corrected.version());
        assertEquals("\"2\"", r.status().get(2).version());
        JsonNode last = record().get(record().size() - 1);
        assertTrue(last.get("correction").asBoolean());
        assertEquals(139, last.get("report").get("services").get(0).get("delivered").asInt());
    }

    @Test
    void theMonthJustReportedIsRecomputedAtEveryCatchUpAndCorrectedWhenItChanged() throws Exception {
        MonthlyReports r = reports(ReportLedger.inMemory());
        r.catchUp();
        assertEquals(List.of(), r.catchUp());
        delivered.set(150);
        assertEquals(List.of("1405-08:CORRECTED"), months(r.catchUp()));
        assertEquals(List.of(), r.catchUp());
        assertEquals(4, record().size());
    }

    @Test
    void anOutageLeavesMonthsOwedAndTheyGoLaterInOrder() throws Exception {
        MonthlyReports r = reports(ReportLedger.inMemory());
        fault("{\"down\":true}");
        List<Submission> tried = r.catchUp();
        assertEquals(List.of("1405-06:DEFERRED"), months(tried));
        assertNotNull(tried.get(0).errorId());
        assertEquals(3, r.status().stream().filter(e -> e.state() == ReportLedger.State.OWED).count());
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.issuer() + "/admin/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        clock.set(JalaliMonth.of(1405, 10).start().plusSeconds(60));
        assertEquals(List.of("1405-06:CREATED", "1405-07:CREATED", "1405-08:CREATED", "1405-09:CREATED"),
                months(r.catchUp()));
    }

    @Test
    void aLedgerThatLostItsStateLearnsThePlatformsVersionAndCorrects() {
        reports(ReportLedger.inMemory()).catchUp();
        MonthlyReports restored = reports(ReportLedger.inMemory());
        delivered.set(120);
        List<Submission> again = restored.catchUp();
        assertEquals(List.of("1405-06:CORRECTED", "1405-07:CORRECTED", "1405-08:CORRECTED"), months(again));
        assertEquals("\"2\"", again.get(0).version());
        MonthlyReports restoredAgain = reports(ReportLedger.inMemory());
        assertEquals(List.of("1405-06:UNCHANGED", "1405-07:UNCHANGED", "1405-08:UNCHANGED"), months(restoredAgain.catchUp()));
    }

    @Test
    void aRefusedMonthIsLoggedOnceWithItsIdStaysOwedAndDoesNotHoldBackTheNext() throws Exception {
        ReportSource broken = (month, at) -> month.month() == 7
                ? new MonthlyReport("1010", month, at, List.of(new MonthlyReport.ServiceFigures(ServiceId.of("20201000001"), 1,
                        Map.of(), 0, 0, 0, 0, 0, null, null, 0, 0, MonthlyReport.SurveyFigures.none(), 0)), null, null)
                : report(month, at, 140);
        MonthlyReports r = MonthlyReports.builder(platform, broken, ReportLedger.inMemory())
                .firstMonth(JalaliMonth.of(1405, 6)).build();
        LogCapture logs = new LogCapture();
        logs.attach();
        try {
            List<Submission> tried = r.catchUp();
            assertEquals(List.of("1405-06:CREATED", "1405-07:REFUSED", "1405-08:CREATED"), months(tried));
            assertEquals(1, logs.count(tried.get(1).errorId()));
        } finally {
            logs.detach();
        }
        assertEquals(List.of(JalaliMonth.of(1405, 7)), r.status().stream()
                .filter(e -> e.state() == ReportLedger.State.OWED).map(ReportLedger.Entry::month).toList());
    }

    @Test
    void figuresThatContradictEachOtherAreRefusedBeforeAnythingIsSent() {
        assertThrows(ReportException.class, () -> new MonthlyReport.SurveyFigures(3, 0.5, null, 0));
        assertThrows(ReportException.class, () -> new MonthlyReport.SurveyFigures(3, 1.5, 4.0, 0));
        assertThrows(ReportException.class, () -> new MonthlyReport.PortalFigures(10, 11, 1));
        assertThrows(ReportException.class, () -> new MonthlyReport.ServiceFigures(ServiceId.of("10101234567"), 0,
                Map.of(), 3, 0, 0, 0, 4, null, null, 0, 0, MonthlyReport.SurveyFigures.none(), 0));
        assertThrows(ReportException.class, () -> new MonthlyReport.ServiceFigures(ServiceId.of("10101234567"), 0,
                Map.of(Channel.WEB, -1L), 0, 0, 0, 0, 0, null, null, 0, 0, MonthlyReport.SurveyFigures.none(), 0));
        assertThrows(ReportException.class, () -> new MonthlyReport.ServiceFigures(ServiceId.of("10101234567"), 0,
                Map.of(), 3, 0, 0, 0, 0, 5.0, 2.0, 0, 0, MonthlyReport.SurveyFigures.none(), 0));
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class,
                () -> MonthlyReports.builder(platform, null, ReportLedger.inMemory()).build());
    }

    @Test
    void theDatabaseLedgerKeepsOwedMonthsAcrossARestartOnH2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ledgerSurvivesRestart(ds);
    }

    @Test
    void theDatabaseLedgerKeepsOwedMonthsAcrossARestartOnPostgres() throws Exception {
        try (PooledPostgres pg = PooledPostgres.start(8)) {
            ledgerSurvivesRestart(pg.dataSource());
        }
    }

    private void ledgerSurvivesRestart(DataSource ds) {
        MonthlyReports r = reports(ReportLedger.jdbc(ds));
        r.catchUp();
        MonthlyReports afterRestart = reports(ReportLedger.jdbc(ds));
        assertEquals(List.of(), afterRestart.catchUp(), "the digest of what was sent outlives the process");
        delivered.set(141);
        assertEquals(3, afterRestart.status().size());
        assertEquals(Outcome.CORRECTED, afterRestart.send(JalaliMonth.of(1405, 7)).outcome());
        ReportLedger l = ReportLedger.jdbc(ds);
        l.owe(JalaliMonth.of(1405, 7));
        assertEquals(ReportLedger.State.SENT, l.find(JalaliMonth.of(1405, 7)).orElseThrow().state());
        assertEquals("\"2\"", l.find(JalaliMonth.of(1405, 7)).orElseThrow().version());
        l.oweAgain(JalaliMonth.of(1405, 8));
        assertEquals(List.of(JalaliMonth.of(1405, 8)), l.owed().stream().map(ReportLedger.Entry::month).toList());
        assertEquals(JalaliMonth.of(1405, 8), l.latest().orElseThrow());
    }
}
