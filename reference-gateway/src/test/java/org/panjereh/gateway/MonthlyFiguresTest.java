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
 * ten minutes after midnight does not), still open at its end, delivered within the card's two days, and the median and
 * p90 of the days taken, by nearest rank.
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

            MonthlyReport report = ReportScale.figures(node).compute(ABAN, Instant.now());
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

    private static void event(PreparedStatement t, TrackingId id, int seq, String type, Instant at) throws Exception {
        ReportScale.bindEvent(t, id, seq, type, at);
        t.executeUpdate();
    }
}
