package org.panjereh.gateway;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.reports.MonthlyReport;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Issue 29's scale run, not a test: the gateway's monthly figures ({@link MonthlyFigures}, the class the gateway
 * reports with) over one Jalali month of {@code requests} requests (default 1,000,000) on PostgreSQL (embedded), each
 * started, most delivered some days later, some rejected or cancelled; the time of one whole report, five times.
 * {@code bash benchmarks/scripts/report-scale.sh [requests]}.
 */
public final class ReportScale {

    private ReportScale() {
    }

    /**
     * @param args the number of requests (default 1,000,000)
     * @throws Exception if the database or the sandbox cannot be used
     */
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        onSeededNode("report-scale", requests, (node, month) -> {
            MonthlyFigures figures = figures(node);
            for (int run = 1; run <= 5; run++) {
                long start = System.nanoTime();
                MonthlyReport r = figures.compute(month, Instant.now());
                double s = (System.nanoTime() - start) / 1e9;
                long received = r.services().stream().mapToLong(MonthlyReport.ServiceFigures::receivedTotal).sum();
                long delivered = r.services().stream().mapToLong(MonthlyReport.ServiceFigures::delivered).sum();
                System.out.printf("run %d: report of %s in %.2f s (received %,d, delivered %,d)%n", run, month, s, received,
                        delivered);
            }
        });
    }

    /** What a scale run does with a gateway node whose last finished month holds the seeded requests. */
    interface SeededRun {
        /**
         * @param node  the node, on an embedded PostgreSQL beside a sandbox
         * @param month the month seeded
         * @throws Exception if the run fails
         */
        void run(GatewayNode node, JalaliMonth month) throws Exception;
    }

    /**
     * A gateway node on an embedded PostgreSQL with a sandbox, its last finished month seeded with {@code requests}
     * requests ({@link #seed}), given to {@code run}, then closed: the setup of this run and of {@code DashboardLoad}.
     */
    static void onSeededNode(String name, int requests, SeededRun run) throws Exception {
        Path dir = Files.createTempDirectory(name);
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                     .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create("http://127.0.0.1:1/callback")),
                             new JWKSet(key.publicJwk()), null, null, null)).build())) {
            Map<String, String> settings = GatewayNode.settings(sandbox, key, dir);
            settings.put("gateway.db", pg.getJdbcUrl("postgres", "postgres"));
            settings.put("gateway.data-dir", dir.resolve("node").toString());
            GatewayNode node = GatewayNode.start(GatewayNode.config(settings));
            try {
                JalaliMonth month = JalaliMonth.containing(Instant.now()).previous();
                long t0 = System.nanoTime();
                seed(node, month, requests);
                System.out.printf("seeded %,d requests of %s in %.1f s%n", requests, month, (System.nanoTime() - t0) / 1e9);
                run.run(node, month);
            } finally {
                node.close();
            }
        }
    }

    /** The gateway's figures, wired as the application wires them, on the node's store. */
    static MonthlyFigures figures(GatewayNode node) {
        PermitExchange permits = new PermitExchange();
        permits.platform = node.platform();
        permits.store = node.store();
        permits.documents = node.documents();
        permits.requests = node.requests();
        Visits visits = new Visits();
        visits.platform = node.platform();
        visits.store = node.store();
        MonthlyFigures f = new MonthlyFigures();
        f.platform = node.platform();
        f.store = node.store();
        f.agency = node.agency();
        f.permits = permits;
        f.visits = visits;
        f.violations = new Violations(GatewayNode.config(Map.of()));
        f.requests = node.requests();
        return f;
    }

    /** Requests spread over the month, three services, four channels; 80 % delivered, 5 % rejected, 2 % cancelled. */
    static void seed(GatewayNode node, JalaliMonth month, int n) throws Exception {
        String[] services = {"10101234567", "10101234568", "10101234569"};
        String[] channels = {"web", "web", "web", "mobile", "counter"};
        Random random = new Random(29);
        long span = Duration.between(month.start(), month.end()).toMillis();
        try (Connection c = node.store().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement r = c.prepareStatement("INSERT INTO gateway_request (tracking_id, service_id, channel, subject, "
                    + "national_code, applicant_name, address, status, created_at, updated_at, version) "
                    + "VALUES (?, ?, ?, ?, '0499370899', 'مریم احمدی', 'تهران', ?, ?, ?, 0)");
                 PreparedStatement t = c.prepareStatement(EVENT_INSERT)) {
                for (int i = 0; i < n; i++) {
                    String service = services[i % services.length];
                    TrackingId id = TrackingId.withCheckDigits(service + String.format("%07d", i));
                    Instant created = month.start().plusMillis((long) (random.nextDouble() * span * 0.9));
                    int fate = random.nextInt(100);
                    String type = fate < 80 ? "ir.gov.service.delivered" : fate < 85 ? "ir.gov.service.rejected"
                            : fate < 87 ? "ir.gov.service.cancelled" : null;
                    Instant ended = created.plus(Duration.ofMinutes(30 + random.nextInt(60 * 24 * 8)));
                    r.setString(1, id.value());
                    r.setString(2, service);
                    r.setString(3, channels[random.nextInt(channels.length)]);
                    r.setString(4, "citizen-" + (i % 50_000));
                    r.setString(5, type == null ? "STARTED" : type.endsWith("delivered") ? "DELIVERED" : type.endsWith("rejected")
                            ? "REJECTED" : "CANCELLED");
                    r.setTimestamp(6, Timestamp.from(created));
                    r.setTimestamp(7, Timestamp.from(type == null ? created : ended));
                    r.addBatch();
                    event(t, id, 0, "ir.gov.service.started", created);
                    if (type != null) {
                        event(t, id, 1, type, ended);
                    }
                    if (i % 5_000 == 4_999) {
                        r.executeBatch();
                        t.executeBatch();
                        c.commit();
                    }
                }
                r.executeBatch();
                t.executeBatch();
                c.commit();
            }
            try (var s = c.createStatement()) {
                s.execute("ANALYZE");
            }
            c.commit();
        }
    }

    /** A published timeline entry, for {@link #bindEvent}. */
    static final String EVENT_INSERT = "INSERT INTO gateway_timeline (event_id, tracking_id, seq, type, step, unit, at, published) "
            + "VALUES (?, ?, ?, ?, NULL, 'U-1010-01', ?, TRUE)";

    /** Binds one timeline entry of a request to {@link #EVENT_INSERT}. */
    static void bindEvent(PreparedStatement t, TrackingId id, int seq, String type, Instant at) throws Exception {
        t.setString(1, UUID.randomUUID().toString());
        t.setString(2, id.value());
        t.setInt(3, seq);
        t.setString(4, type);
        t.setTimestamp(5, Timestamp.from(at));
    }

    private static void event(PreparedStatement t, TrackingId id, int seq, String type, Instant at) throws Exception {
        bindEvent(t, id, seq, type, at);
        t.addBatch();
    }
}
