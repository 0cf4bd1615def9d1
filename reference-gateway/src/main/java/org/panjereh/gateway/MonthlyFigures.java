package org.panjereh.gateway;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.inquiry.ProviderAudit;
import org.panjereh.reports.MonthlyReport;
import org.panjereh.reports.MonthlyReports;
import org.panjereh.reports.ReportLedger;
import org.panjereh.reports.ReportSource;
import org.panjereh.survey.SurveyArchive;

/**
 * The gateway's monthly performance report (contract section 13), counted from its own records: requests and their
 * timelines, the payment ledger, the survey archive, forms opened, inquiries made and the provider's audit. Months are
 * Jalali, bounded by Tehran midnights. The owed months live in the store's {@code panjereh_monthly_reports} table.
 */
@Singleton
public class MonthlyFigures implements ReportSource {

    private static final String DELIVERED = "ir.gov.service.delivered";
    private static final String REJECTED = "ir.gov.service.rejected";
    private static final String CANCELLED = "ir.gov.service.cancelled";

    @Inject
    Platform platform;
    @Inject
    Store store;
    @Inject
    Agency agency;
    @Inject
    PermitExchange permits;
    @Inject
    Visits visits;
    @Inject
    Violations violations;
    @Inject
    Requests requests;

    /** A finished month shown on the dashboard is counted again after this long (a late visit day, a backdated row). */
    static final java.time.Duration FINISHED_FRESH = java.time.Duration.ofMinutes(5);
    /** The month in progress is counted again after this long, or at once after a change on this node. */
    static final java.time.Duration CURRENT_FRESH = java.time.Duration.ofMinutes(1);

    private record Counted(MonthlyReport report, long atNanos, long changes) {
    }

    private final java.util.concurrent.ConcurrentHashMap<JalaliMonth, Counted> shown = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<JalaliMonth, Object> counting = new java.util.concurrent.ConcurrentHashMap<>();

    private MonthlyReports reports;

    /** @return the sender, made on first use */
    synchronized MonthlyReports reports() {
        if (reports == null) {
            reports = MonthlyReports.builder(platform.client(), this, ReportLedger.jdbc(store.dataSource())).build();
        }
        return reports;
    }

    @PreDestroy
    synchronized void close() {
        recounts.shutdownNow();
        if (reports != null) {
            reports.close();
        }
    }

    /** A form opened by a logged-in person: what {@code startedOnline} counts. */
    void formOpened(ServiceId serviceId) {
        run("INSERT INTO gateway_form_opened (service_id, at) VALUES (?, ?)", p -> {
            p.setString(1, serviceId.value());
            p.setTimestamp(2, Timestamp.from(Instant.now()));
        });
    }

    /**
     * The month's figures for the staff dashboard and its CSV: counted again once a minute for the month in progress
     * (at once after a change on this node) and once in five minutes for a finished month, behind the page (the page
     * shows the previous count meanwhile), one count at a time per month; a month of a busy agency is hundreds of
     * thousands of rows, about a second to count. What is sent to
     * the platform is always counted afresh ({@link #compute}); the page says when its figures were counted.
     *
     * @param month the month
     * @return its figures, {@code generatedAt} saying when they were counted
     */
    MonthlyReport forDashboard(JalaliMonth month) {
        Counted c = shown.get(month);
        Freshness f = freshness(month, c);
        if (f == Freshness.FRESH) {
            return c.report();
        }
        if (f == Freshness.OLD) {
            // Counted a while ago and nothing changed here since: show it, and count again behind the page.
            recounts.execute(() -> recount(month, Freshness.OLD));
            return c.report();
        }
        return recount(month, f);
    }

    private MonthlyReport recount(JalaliMonth month, Freshness seen) {
        synchronized (counting.computeIfAbsent(month, m -> new Object())) {
            Counted c = shown.get(month);
            Freshness f = freshness(month, c);
            if (f == Freshness.FRESH || f == Freshness.OLD && seen != Freshness.OLD) {
                return c.report(); // another caller counted it meanwhile
            }
            long changes = requests.changes();
            Counted now = new Counted(compute(month, Instant.now()), System.nanoTime(), changes);
            if (shown.size() > 24) {
                shown.clear();
            }
            shown.put(month, now);
            return now.report();
        }
    }

    private enum Freshness { FRESH, OLD, MISSING }

    private Freshness freshness(JalaliMonth month, Counted c) {
        if (c == null) {
            return Freshness.MISSING;
        }
        long age = System.nanoTime() - c.atNanos();
        if (!month.end().isBefore(Instant.now())) { // the month in progress: a change here must show at once
            return c.changes() != requests.changes() ? Freshness.MISSING
                    : age < CURRENT_FRESH.toNanos() ? Freshness.FRESH : Freshness.OLD;
        }
        return age < FINISHED_FRESH.toNanos() ? Freshness.FRESH : Freshness.OLD;
    }

    /** One count at a time behind the pages; a second request for a count already queued is dropped. */
    private final java.util.concurrent.ThreadPoolExecutor recounts = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1), r -> {
                Thread t = new Thread(r, "dashboard-recount");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

    @Override
    public MonthlyReport compute(JalaliMonth month, Instant generatedAt) {
        Instant from = month.start();
        Instant to = month.end();
        List<MonthlyReport.ServiceFigures> services = new ArrayList<>();
        for (ServiceCard card : platform.registry().cards(platform.agencyId())) {
            services.add(service(card, from, to));
        }
        long answered = 0;
        long refused = 0;
        for (ProviderAudit.Counts c : permits.audit().countsByConsumer(from, to).values()) {
            answered += c.answered();
            refused += c.refused();
        }
        long asked = count("SELECT COUNT(*) FROM gateway_inquiry_made WHERE at >= ? AND at < ?", null, from, to);
        return new MonthlyReport(platform.agencyId(), month, generatedAt, services, visits.month(month),
                new MonthlyReport.ExchangeFigures(asked, answered, refused));
    }

    private MonthlyReport.ServiceFigures service(ServiceCard card, Instant from, Instant to) {
        String id = card.serviceId().value();
        Map<Channel, Long> received = new EnumMap<>(Channel.class);
        query("SELECT channel, COUNT(*) FROM gateway_request WHERE service_id = ? AND created_at >= ? AND created_at < ? "
                + "GROUP BY channel", id, from, to, rs -> received.put(Channel.fromWire(rs.getString(1)), rs.getLong(2)));
        if (violations.has("report-miscounted")) {
            received.merge(Channel.COUNTER, 3L, Long::sum); // counter requests claimed that were never received
        }
        long started = count("SELECT COUNT(*) FROM gateway_form_opened WHERE service_id = ? AND at >= ? AND at < ?", id, from, to);
        long online = received.getOrDefault(Channel.WEB, 0L) + received.getOrDefault(Channel.MOBILE, 0L);
        Map<String, Long> ended = new java.util.HashMap<>();
        query("SELECT t.type, COUNT(*) FROM gateway_timeline t JOIN gateway_request r ON r.tracking_id = t.tracking_id "
                + "WHERE r.service_id = ? AND t.type IN ('" + DELIVERED + "', '" + REJECTED + "', '" + CANCELLED + "') "
                + "AND t.at >= ? AND t.at < ? GROUP BY t.type", id, from, to, rs -> ended.put(rs.getString(1), rs.getLong(2)));
        long delivered = ended.getOrDefault(DELIVERED, 0L);
        long rejected = ended.getOrDefault(REJECTED, 0L);
        long cancelled = ended.getOrDefault(CANCELLED, 0L);
        long open = count("SELECT COUNT(*) FROM gateway_request r WHERE r.service_id = ? AND r.created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM gateway_timeline t WHERE t.tracking_id = r.tracking_id AND t.type IN ('" + DELIVERED + "', '"
                + REJECTED + "', '" + CANCELLED + "') AND t.at < ?)", id, to, to);
        // Median and p90 by nearest rank (PERCENTILE_DISC) and "within the card's duration", counted where the rows are:
        // a month of a busy service is hundreds of thousands of deliveries (benchmarks/scripts/report-scale.sh).
        String seconds = "EXTRACT(EPOCH FROM (t.at - r.created_at))";
        Double[] days = new Double[2];
        long[] within = new long[1];
        query("SELECT PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY " + seconds + "), PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY "
                + seconds + "), SUM(CASE WHEN " + seconds + " <= " + (long) card.expectedDurationDays() * 86_400
                + " THEN 1 ELSE 0 END) FROM gateway_timeline t JOIN gateway_request r ON r.tracking_id = t.tracking_id "
                + "WHERE r.service_id = ? AND t.type = '" + DELIVERED + "' AND t.at >= ? AND t.at < ?", id, from, to, rs -> {
                    for (int i = 0; i < 2; i++) {
                        java.math.BigDecimal v = rs.getBigDecimal(i + 1);
                        days[i] = v == null ? null : round(v.doubleValue() / 86_400.0);
                    }
                    within[0] = rs.getLong(3);
                });
        long paid = count("SELECT COUNT(*) FROM panjereh_payments WHERE service_id = ? AND kind = 'GATEWAY' AND state = 'SUCCEEDED' "
                + "AND verified = TRUE AND paid_at >= ? AND paid_at < ?", id, from.toEpochMilli(), to.toEpochMilli());
        long receipts = count("SELECT COUNT(*) FROM panjereh_payments WHERE service_id = ? AND kind = 'RECEIPT' AND state = 'SUCCEEDED' "
                + "AND paid_at >= ? AND paid_at < ?", id, from.toEpochMilli(), to.toEpochMilli());
        SurveyArchive.Stats s = agency.surveyArchive().stats(card.serviceId(), from, to);
        double rate = delivered == 0 ? 0 : Math.min(1.0, (double) s.responses() / delivered);
        return new MonthlyReport.ServiceFigures(card.serviceId(), Math.max(started, online), received, delivered, rejected,
                cancelled, open, within[0], days[0], days[1], paid, receipts,
                new MonthlyReport.SurveyFigures(s.responses(), round(rate), s.satisfactionMean() == null ? null
                        : round(s.satisfactionMean()), s.replied()), received.getOrDefault(Channel.COUNTER, 0L));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void run(String sql, Binder b) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            b.bind(p);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a report figure (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private long count(String sql, String serviceId, Object from, Object to) {
        long[] n = new long[1];
        query(sql, serviceId, from, to, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private void query(String sql, String serviceId, Object from, Object to, Row row) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            if (serviceId != null) {
                p.setString(i++, serviceId);
            }
            for (Object o : new Object[] {from, to}) {
                if (o instanceof Instant t) {
                    p.setTimestamp(i++, Timestamp.from(t));
                } else {
                    p.setLong(i++, (Long) o);
                }
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the month (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
