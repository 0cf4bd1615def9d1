package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.reports.MonthlyReport;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * The gateway's monthly figures (contract section 13) against a fixture counted by hand, on H2 and PostgreSQL: requests
 * received in Aban 1405 by channel, ended in it (a delivery at 23:50 on the last day, Tehran time, counts in Aban; one
 * ten minutes after midnight does not), still open at its end, delivered within the card's two days, the median and
 * p90 of the days taken, by nearest rank; fees paid and receipts confirmed, the survey's responses, mean and replies, the
 * portal's visitors (stored days summed, the highest peak) and the exchange traffic as consumer and provider.
 */
class MonthlyFiguresTest {

    static final JalaliMonth ABAN = JalaliMonth.of(1405, 8);
    static EmbeddedPostgres pg;
    static NationalSandbox sandbox;
    static SigningKey key;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create("http://127.0.0.1:1/callback")),
                        new JWKSet(key.publicJwk()), null, null, null)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        sandbox.close();
        pg.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void everyFigureOfTheMonthAsCountedByHand(String store) throws Exception {
        Map<String, String> settings = GatewayNode.settings(sandbox, key,
                java.nio.file.Files.createDirectories(dir.resolve(store + "-keys")));
        settings.put("gateway.data-dir", dir.resolve(store).toString());
        if (store.equals("postgresql")) {
            settings.put("gateway.db", pg.getJdbcUrl("postgres", "postgres"));
        }
        GatewayNode node = GatewayNode.start(GatewayNode.config(settings));
        try {
            Instant start = ABAN.start();
            Instant end = ABAN.end();
            Duration day = Duration.ofDays(1);
            // id, channel, received, how it ended, when
            request(node, 1, "web", start.plus(day), "delivered", start.plus(day.multipliedBy(2)));           // 1 day: within
            request(node, 2, "web", start.plus(day.multipliedBy(2)), "delivered", start.plus(day.multipliedBy(5))); // 3 days
            request(node, 3, "mobile", start.plus(day.multipliedBy(3)), "rejected", start.plus(day.multipliedBy(4)));
            request(node, 4, "counter", start.plus(day.multipliedBy(4)), "cancelled", start.plus(day.multipliedBy(4)).plusSeconds(3600));
            request(node, 5, "web", start.plus(day.multipliedBy(5)), null, null);                              // open
            request(node, 6, "web", end.minus(day.multipliedBy(3)), "delivered", end.minus(Duration.ofMinutes(10))); // 23:50
            request(node, 7, "web", end.minus(day), "delivered", end.plus(Duration.ofMinutes(10)));          // after midnight
            request(node, 8, "web", start.minus(day.multipliedBy(2)), "delivered", start.plus(day));         // from Mehr
            request(node, 9, "web", end.plus(Duration.ofMinutes(1)), null, null);                             // Azar

            // Visitors: three stored days of Aban and one of Azar.
            visitDay(node, start, 100, 40, 7);
            visitDay(node, start.plus(day), 50, 20, 9);
            visitDay(node, end.minus(day), 30, 10, 3);
            visitDay(node, end, 999, 999, 99);
            // Fees: a verified payment and a confirmed receipt in Aban; an unverified one, one paid in Azar, a failed one.
            org.panjereh.payment.PaymentLedger ledger = org.panjereh.payment.PaymentLedger.jdbc(node.store().dataSource());
            payment(ledger, "p1", org.panjereh.payment.LedgerEntry.Kind.GATEWAY, "SUCCEEDED", true, start.plus(day));
            payment(ledger, "receipt-7", org.panjereh.payment.LedgerEntry.Kind.RECEIPT, "SUCCEEDED", true, start.plus(day));
            payment(ledger, "p2", org.panjereh.payment.LedgerEntry.Kind.GATEWAY, "SUCCEEDED", false, start.plus(day));
            payment(ledger, "p3", org.panjereh.payment.LedgerEntry.Kind.GATEWAY, "SUCCEEDED", true, end.plusSeconds(1));
            payment(ledger, "p4", org.panjereh.payment.LedgerEntry.Kind.GATEWAY, "FAILED", false, null);
            // The survey: 5 and 2 in Aban, the 5 answered; a 1 in Mehr.
            org.panjereh.survey.SurveyArchive survey = node.agency().surveyArchive();
            java.util.UUID answered = response(survey, 5, start.plus(day.multipliedBy(3)));
            response(survey, 2, start.plus(day.multipliedBy(4)));
            response(survey, 1, start.minus(day));
            survey.replied(answered, "noted", "سپاس از نظر شما.", start.plus(day.multipliedBy(5)));
            // The exchange: two inquiries made in Aban, one in Mehr; as provider 200, 200, 404, 403 in Aban.
            inquiryMade(node, start.plus(day));
            inquiryMade(node, end.minus(Duration.ofMinutes(1)));
            inquiryMade(node, start.minusSeconds(1));
            MonthlyFigures figures = ReportScale.figures(node);
            for (int status : new int[] {200, 200, 404, 403}) {
                figures.permits.audit().record(new org.panjereh.inquiry.ProviderAudit.Entry(start.plus(day), "2020",
                        "business-permit", "20201234567", null, status, null, null, 40, 80, null, null));
            }

            MonthlyReport report = figures.compute(ABAN, Instant.now());
            assertEquals(new MonthlyReport.PortalFigures(180, 70, 9), report.portal(), "Aban's days summed, the highest peak");
            assertEquals(new MonthlyReport.ExchangeFigures(2, 2, 1), report.exchange(), "a 404 is neither answered nor refused");
            MonthlyReport.ServiceFigures f = report.services().stream()
                    .filter(s -> s.serviceId().equals(ServiceId.of("10101234568"))).findFirst().orElseThrow();
            assertEquals(Map.of(Channel.WEB, 5L, Channel.MOBILE, 1L, Channel.COUNTER, 1L), f.received());
            assertEquals(6, f.startedOnline(), "no form opened was recorded: the online requests");
            assertEquals(4, f.delivered(), "1, 2, 6 (at 23:50 on the last day) and 8 (received in Mehr)");
            assertEquals(1, f.rejected());
            assertEquals(1, f.cancelled());
            assertEquals(2, f.open(), "5, and 7 delivered only after the month ended");
            assertEquals(1, f.deliveredWithinExpected(), "the card's two days: only request 1");
            assertEquals(2.99, f.medianDays(), "days 1, 2.99, 3, 3: the second by nearest rank");
            assertEquals(3.0, f.p90Days());
            assertEquals(1, f.inPersonVisits(), "the counter request");
            assertEquals(1, f.paidElectronically(), "verified, paid in Aban");
            assertEquals(1, f.confirmedReceipts());
            assertEquals(new MonthlyReport.SurveyFigures(2, 0.5, 3.5, 1), f.survey(), "2 responses for 4 deliveries");
        } finally {
            node.close();
        }
    }

    private static void request(GatewayNode node, int n, String channel, Instant created, String ended, Instant at)
            throws Exception {
        TrackingId id = TrackingId.withCheckDigits("10101234568" + String.format("%07d", n));
        try (Connection c = node.store().dataSource().getConnection();
             PreparedStatement r = c.prepareStatement("INSERT INTO gateway_request (tracking_id, service_id, channel, subject, "
                     + "national_code, applicant_name, address, status, created_at, updated_at, version) "
                     + "VALUES (?, '10101234568', ?, 'citizen-x', '0499370899', 'مریم احمدی', 'تهران', 'STARTED', ?, ?, 0)");
             PreparedStatement t = c.prepareStatement(ReportScale.EVENT_INSERT)) {
            r.setString(1, id.value());
            r.setString(2, channel);
            r.setTimestamp(3, Timestamp.from(created));
            r.setTimestamp(4, Timestamp.from(created));
            r.executeUpdate();
            event(t, id, 0, "ir.gov.service.started", created);
            if (ended != null) {
                event(t, id, 1, "ir.gov.service." + ended, at);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static void visitDay(GatewayNode node, Instant from, long visits, long unique, long peak) throws Exception {
        try (Connection c = node.store().dataSource().getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO gateway_visits (from_at, to_at, visits, unique_visitors, peak_online, sent) VALUES (?, ?, ?, ?, ?, TRUE)")) {
            p.setTimestamp(1, Timestamp.from(from));
            p.setTimestamp(2, Timestamp.from(from.plus(Duration.ofDays(1))));
            p.setLong(3, visits);
            p.setLong(4, unique);
            p.setLong(5, peak);
            p.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static void inquiryMade(GatewayNode node, Instant at) throws Exception {
        try (Connection c = node.store().dataSource().getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO gateway_inquiry_made (at) VALUES (?)")) {
            p.setTimestamp(1, Timestamp.from(at));
            p.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static void payment(org.panjereh.payment.PaymentLedger l, String id, org.panjereh.payment.LedgerEntry.Kind kind,
                                String state, boolean verified, Instant paidAt) {
        Instant created = ABAN.start();
        l.record(new org.panjereh.payment.LedgerEntry(org.panjereh.payment.PaymentId.of(id), kind, ServiceId.of("10101234568"),
                TrackingId.withCheckDigits("101012345680000001"), "registration", org.panjereh.core.Rial.of(500_000), "citizen-x",
                Channel.WEB, "U-1010-01", org.panjereh.payment.PaymentState.valueOf(state), verified, null, null, created, null,
                paidAt, created));
    }

    private static java.util.UUID response(org.panjereh.survey.SurveyArchive s, int satisfaction, Instant at) {
        java.util.UUID key = java.util.UUID.randomUUID();
        s.add(new org.panjereh.survey.SurveyArchive.Response(key, ServiceId.of("10101234568"),
                TrackingId.withCheckDigits("10101234568" + String.format("%07d", 50 + satisfaction)), at, satisfaction, "نظر",
                null, null, null, null));
        return key;
    }

    private static void event(PreparedStatement t, TrackingId id, int seq, String type, Instant at) throws Exception {
        ReportScale.bindEvent(t, id, seq, type, at);
        t.executeUpdate();
    }
}
