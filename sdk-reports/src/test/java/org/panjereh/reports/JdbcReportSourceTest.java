package org.panjereh.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.TrackingId;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceHistory;
import org.panjereh.inquiry.AuditRecord;
import org.panjereh.inquiry.AuditSink;
import org.panjereh.inquiry.ProviderAudit;
import org.panjereh.payment.LedgerEntry;
import org.panjereh.payment.PaymentId;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.PaymentState;
import org.panjereh.survey.SurveyArchive;

/**
 * The month's figures counted from the SDK's own tables, each written by its own module's writer, against a fixture
 * counted by hand, on H2 and PostgreSQL. Aban 1405 in Tehran: a delivery at 23:50 on its last day counts in it, one ten
 * minutes after midnight does not.
 */
class JdbcReportSourceTest {

    static final JalaliMonth ABAN = JalaliMonth.of(1405, 8);
    static final ServiceId LICENCE = ServiceId.of("10101234567"); // expected duration 7 days
    static final ServiceId REGISTRATION = ServiceId.of("10101234569");
    static final Duration DAY = Duration.ofDays(1);
    static EmbeddedPostgres pg;
    static ServiceRegistry registry;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        Path cards = dir.resolve("cards.json");
        try (InputStream in = JdbcReportSourceTest.class.getResourceAsStream("/sandbox/service-cards.json")) {
            Files.copy(in, cards);
        }
        registry = ServiceRegistry.fromFile(cards);
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static DataSource db(String kind) throws Exception {
        if (kind.equals("postgresql")) {
            String name = "r" + UUID.randomUUID().toString().replace("-", "");
            try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return pg.getDatabase("postgres", name);
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void everyFigureOfTheMonthAsCountedByHand(String kind) throws Exception {
        DataSource ds = db(kind);
        Instant start = ABAN.start();
        Instant end = ABAN.end();
        assertEquals(Duration.ofDays(30), Duration.between(start, end), "Aban has 30 days; the fixture counts on it");

        ServiceHistory history = ServiceHistory.jdbc(ds);
        request(history, 1, Channel.WEB, start.plus(DAY), "delivered", start.plus(DAY.multipliedBy(2)));          // 1 day
        request(history, 2, Channel.WEB, start.plus(DAY.multipliedBy(2)), "delivered", start.plus(DAY.multipliedBy(10))); // 8 days
        request(history, 3, Channel.MOBILE, start.plus(DAY.multipliedBy(3)), "delivered", end.minus(Duration.ofMinutes(10)));
        request(history, 4, Channel.COUNTER, start.plus(DAY.multipliedBy(4)), "delivered", end.plus(Duration.ofMinutes(10)));
        request(history, 5, Channel.WEB, start.plus(DAY.multipliedBy(5)), "rejected", start.plus(DAY.multipliedBy(6)));
        request(history, 6, Channel.WEB, start.plus(DAY.multipliedBy(6)), "cancelled", start.plus(DAY.multipliedBy(7)));
        request(history, 7, Channel.WEB, start.minus(DAY.multipliedBy(2)), "delivered", start.plus(DAY));          // 3 days
        request(history, 8, Channel.MOBILE, start.plus(DAY.multipliedBy(8)), null, null);                          // open
        request(history, 9, Channel.WEB, start.minus(DAY.multipliedBy(10)), "delivered", start.minus(DAY.multipliedBy(5)));
        // Published twice with the same ids (a retry after a failed outbox write): counted once.
        request(history, 1, Channel.WEB, start.plus(DAY), "delivered", start.plus(DAY.multipliedBy(2)));
        for (int i = 0; i < 9; i++) {
            history.formOpened(LICENCE, i % 2 == 0 ? Channel.WEB : Channel.MOBILE, start.plus(Duration.ofHours(10 + i)));
        }
        history.formOpened(LICENCE, Channel.WEB, start.minus(Duration.ofMinutes(1)));

        PaymentLedger payments = PaymentLedger.jdbc(ds);
        payment(payments, "p1", LedgerEntry.Kind.GATEWAY, PaymentState.SUCCEEDED, true, start.plus(DAY));          // paid
        payment(payments, "p2", LedgerEntry.Kind.GATEWAY, PaymentState.SUCCEEDED, false, start.plus(DAY));         // unverified
        payment(payments, "receipt-1", LedgerEntry.Kind.RECEIPT, PaymentState.SUCCEEDED, true, start.plus(DAY));   // receipt
        payment(payments, "p4", LedgerEntry.Kind.GATEWAY, PaymentState.SUCCEEDED, true, end.plus(Duration.ofMinutes(1)));
        payment(payments, "p5", LedgerEntry.Kind.GATEWAY, PaymentState.FAILED, false, null);

        SurveyArchive survey = SurveyArchive.jdbc(ds);
        UUID answered = response(survey, 5, start.plus(DAY.multipliedBy(3)));
        response(survey, 4, start.plus(DAY.multipliedBy(4)));
        response(survey, 2, start.plus(DAY.multipliedBy(5)));
        response(survey, 1, start.minus(DAY));
        survey.replied(answered, "applied", "پیشنهاد شما به کار بسته شد.", start.plus(DAY.multipliedBy(6)));

        AuditSink asked = AuditSink.jdbc(ds);
        asked.record(inquiry(start.plus(DAY), "ok", 1));
        asked.record(inquiry(start.plus(DAY), "provider_unavailable", 2));
        asked.record(inquiry(start.plus(DAY), "cached", 0));
        asked.record(inquiry(start.minus(DAY), "ok", 1));
        ProviderAudit served = ProviderAudit.jdbc(ds);
        for (int status : new int[] {200, 200, 404, 401, 403}) {
            served.record(new ProviderAudit.Entry(start.plus(DAY), "2020", "business-permit", "20201234567", null, status, null,
                    null, 40, 80, null, null));
        }
        served.record(new ProviderAudit.Entry(end, "2020", "business-permit", "20201234567", null, 200, null, null, 40, 80, null,
                null));

        MonthlyReport r = JdbcReportSource.builder(ds, registry, "1010")
                .portal(m -> new MonthlyReport.PortalFigures(100, 40, 7)).build().compute(ABAN, end);
        MonthlyReport.ServiceFigures s = figures(r, LICENCE);
        assertEquals(Map.of(Channel.WEB, 4L, Channel.MOBILE, 2L, Channel.COUNTER, 1L), s.received());
        assertEquals(9, s.startedOnline(), "forms opened this month, more than the 6 online requests");
        assertEquals(4, s.delivered(), "requests 1, 2, 3 (23:50 on the last day) and 7 (received the month before)");
        assertEquals(1, s.rejected());
        assertEquals(1, s.cancelled());
        assertEquals(2, s.open(), "request 8, and request 4 delivered ten minutes after the month");
        assertEquals(2, s.deliveredWithinExpected(), "1 and 3 days are within the card's 7");
        assertEquals(3.0, s.medianDays(), "1, 3, 8, 26.99 days: the 2nd by nearest rank");
        assertEquals(26.99, s.p90Days());
        assertEquals(1, s.paidElectronically());
        assertEquals(1, s.confirmedReceipts());
        assertEquals(new MonthlyReport.SurveyFigures(3, 0.75, 3.67, 1), s.survey());
        assertEquals(1, s.inPersonVisits(), "the counter's request");

        MonthlyReport.ServiceFigures idle = figures(r, REGISTRATION);
        assertEquals(0, idle.receivedTotal());
        assertNull(idle.medianDays());
        assertEquals(MonthlyReport.SurveyFigures.none(), idle.survey());
        assertEquals(new MonthlyReport.ExchangeFigures(2, 2, 2), r.exchange(), "a cached answer asked nothing; 404 is neither");
        assertEquals(new MonthlyReport.PortalFigures(100, 40, 7), r.portal());
        assertEquals(registry.cards("1010").size(), r.services().size(), "one entry per card of the agency");
    }

    @Test
    void aPortalThatKeepsNoneOfTheTablesReportsZerosAndNoExchange() throws Exception {
        MonthlyReport r = JdbcReportSource.builder(db("h2"), registry, "1010").build().compute(ABAN, ABAN.end());
        assertEquals(0, figures(r, LICENCE).receivedTotal());
        assertNull(r.exchange());
        assertNull(r.portal());
    }

    @Test
    void aBadAgencyIdIsAConfigurationError() {
        assertThrows(PanjerehConfigurationException.class, () -> JdbcReportSource.builder(new JdbcDataSource(), registry, "10a"));
    }

    private static MonthlyReport.ServiceFigures figures(MonthlyReport r, ServiceId id) {
        return r.services().stream().filter(s -> s.serviceId().equals(id)).findFirst().orElseThrow();
    }

    private static TrackingId tracking(int n) {
        return TrackingId.withCheckDigits("1010" + String.format("%014d", n));
    }

    private static void request(ServiceHistory h, int n, Channel channel, Instant received, String ended, Instant endedAt) {
        TrackingId t = tracking(n);
        UUID started = new UUID(n, 1);
        h.record(List.of(ServiceEvent.started(t, LICENCE, channel, "U-1010-01").at(received).withId(started)));
        if (ended != null) {
            ServiceEvent last = switch (ended) {
                case "delivered" -> ServiceEvent.delivered(t, LICENCE, channel, "U-1010-01");
                case "rejected" -> ServiceEvent.rejected(t, LICENCE, channel, "U-1010-01");
                default -> ServiceEvent.cancelled(t, LICENCE, channel, "U-1010-01");
            };
            h.record(List.of(last.at(endedAt).withId(new UUID(n, 2))));
        }
    }

    private static void payment(PaymentLedger l, String id, LedgerEntry.Kind kind, PaymentState state, boolean verified,
                                Instant paidAt) {
        Instant created = ABAN.start();
        l.record(new LedgerEntry(PaymentId.of(id), kind, LICENCE, tracking(1), "licence", Rial.of(500_000), "citizen-maryam",
                Channel.WEB, "U-1010-01", state, verified, Rial.ZERO, null, created, null, paidAt, created));
    }

    private static UUID response(SurveyArchive s, int satisfaction, Instant at) {
        UUID key = UUID.randomUUID();
        s.add(new SurveyArchive.Response(key, LICENCE, tracking(satisfaction + 20), at, satisfaction, "نظر", null, null, null,
                null));
        return key;
    }

    private static AuditRecord inquiry(Instant at, String outcome, int attempts) {
        return new AuditRecord(at, "civil-registry/person-identity", LICENCE.value(), null, "ref", null, 20, 40, "a", "b", outcome,
                attempts, 1000);
    }
}
