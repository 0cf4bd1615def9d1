package org.panjereh.reports.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.panjereh.core.Channel;
import org.panjereh.core.ServiceId;
import org.panjereh.core.shared.Jdbc;
import org.panjereh.reports.MonthlyReport;
import org.panjereh.reports.ReportException;

/**
 * The SQL behind {@code JdbcReportSource}, over tables other modules write (their layouts are named in each writer:
 * events' {@code JdbcServiceHistory}, payment's {@code JdbcPaymentLedger}, survey's {@code JdbcSurveyArchive},
 * inquiry's {@code JdbcAuditSink} and {@code JdbcProviderAudit}). Times there are epoch milliseconds. The counting is
 * done where the rows are — medians and p90 by nearest rank ({@code PERCENTILE_DISC}, the same on H2 and
 * PostgreSQL) — because a busy service's month is hundreds of thousands of rows.
 */
public final class SdkTableFigures {

    private static final String STARTED = "ir.gov.service.started";
    private static final String DELIVERED = "ir.gov.service.delivered";
    private static final String REJECTED = "ir.gov.service.rejected";
    private static final String CANCELLED = "ir.gov.service.cancelled";
    private static final String TERMINAL = "('" + DELIVERED + "', '" + REJECTED + "', '" + CANCELLED + "')";
    private static final long DAY_MS = 86_400_000L;

    private final DataSource ds;

    /** @param ds the database holding the SDK's tables */
    public SdkTableFigures(DataSource ds) {
        this.ds = ds;
    }

    /** Which of the tables the portal keeps, read once per month counted. */
    public record Tables(boolean history, boolean payments, boolean survey, boolean consumerAudit, boolean providerAudit) {
    }

    /** @return which of the SDK's tables exist in the database */
    public Tables tables() {
        try (Connection c = ds.getConnection()) {
            return new Tables(Jdbc.tableExists(c, "panjereh_service_history"), Jdbc.tableExists(c, "panjereh_payments"),
                    Jdbc.tableExists(c, "panjereh_survey_responses"), Jdbc.tableExists(c, "panjereh_exchange_audit"),
                    Jdbc.tableExists(c, "panjereh_exchange_provider_audit"));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * @param tables        which tables there are
     * @param service       the service
     * @param expectedDays  the card's expected duration
     * @param from          the month's first instant
     * @param to            the next month's first instant
     * @return the service's figures
     */
    public MonthlyReport.ServiceFigures service(Tables tables, ServiceId service, int expectedDays, Instant from, Instant to) {
        try (Connection c = ds.getConnection()) {
            String id = service.value();
            long f = from.toEpochMilli();
            long t = to.toEpochMilli();
            Map<Channel, Long> received = new EnumMap<>(Channel.class);
            Map<String, Long> ended = new HashMap<>();
            long open = 0;
            long within = 0;
            Double median = null;
            Double p90 = null;
            long formsOpened = 0;
            if (tables.history()) {
                query(c, "SELECT channel, COUNT(*) FROM panjereh_service_history WHERE service_id = ? AND type = '" + STARTED
                        + "' AND at >= ? AND at < ? GROUP BY channel", new Object[] {id, f, t},
                        rs -> received.put(Channel.fromWire(rs.getString(1)), rs.getLong(2)));
                query(c, "SELECT type, COUNT(*) FROM panjereh_service_history WHERE service_id = ? AND type IN " + TERMINAL
                        + " AND at >= ? AND at < ? GROUP BY type", new Object[] {id, f, t},
                        rs -> ended.put(rs.getString(1), rs.getLong(2)));
                open = count(c, "SELECT COUNT(*) FROM panjereh_service_history s WHERE s.service_id = ? AND s.type = '"
                        + STARTED + "' AND s.at < ? AND NOT EXISTS (SELECT 1 FROM panjereh_service_history e WHERE "
                        + "e.tracking_id = s.tracking_id AND e.type IN " + TERMINAL + " AND e.at < ?)", id, t, t);
                Object[] d = new Object[3];
                query(c, "SELECT PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY e.at - s.at), PERCENTILE_DISC(0.9) WITHIN GROUP "
                        + "(ORDER BY e.at - s.at), SUM(CASE WHEN e.at - s.at <= ? THEN 1 ELSE 0 END) FROM "
                        + "panjereh_service_history e JOIN panjereh_service_history s ON s.tracking_id = e.tracking_id AND "
                        + "s.type = '" + STARTED + "' WHERE e.service_id = ? AND e.type = '" + DELIVERED + "' AND e.at >= ? "
                        + "AND e.at < ?", new Object[] {expectedDays * DAY_MS, id, f, t}, rs -> {
                            d[0] = rs.getObject(1);
                            d[1] = rs.getObject(2);
                            d[2] = rs.getObject(3);
                        });
                median = days(d[0]);
                p90 = days(d[1]);
                within = d[2] == null ? 0 : ((Number) d[2]).longValue();
                formsOpened = count(c, "SELECT COUNT(*) FROM panjereh_forms_opened WHERE service_id = ? AND at >= ? AND at < ?",
                        id, f, t);
            }
            long paid = 0;
            long receipts = 0;
            if (tables.payments()) {
                paid = count(c, "SELECT COUNT(*) FROM panjereh_payments WHERE service_id = ? AND kind = 'GATEWAY' AND "
                        + "state = 'SUCCEEDED' AND verified = TRUE AND paid_at >= ? AND paid_at < ?", id, f, t);
                receipts = count(c, "SELECT COUNT(*) FROM panjereh_payments WHERE service_id = ? AND kind = 'RECEIPT' AND "
                        + "state = 'SUCCEEDED' AND paid_at >= ? AND paid_at < ?", id, f, t);
            }
            long delivered = ended.getOrDefault(DELIVERED, 0L);
            MonthlyReport.SurveyFigures survey = MonthlyReport.SurveyFigures.none();
            if (tables.survey()) {
                Object[] s = new Object[3];
                query(c, "SELECT COUNT(*), AVG(CAST(satisfaction AS DOUBLE PRECISION)), SUM(CASE WHEN reply_action IS NULL "
                        + "THEN 0 ELSE 1 END) FROM panjereh_survey_responses WHERE service_id = ? AND submitted_at >= ? AND "
                        + "submitted_at < ?", new Object[] {id, f, t}, rs -> {
                            s[0] = rs.getLong(1);
                            s[1] = rs.getObject(2);
                            s[2] = rs.getObject(3);
                        });
                long responses = (Long) s[0];
                if (responses > 0) {
                    double rate = delivered == 0 ? 0 : Math.min(1.0, (double) responses / delivered);
                    survey = new MonthlyReport.SurveyFigures(responses, round(rate), round(((Number) s[1]).doubleValue()),
                            ((Number) s[2]).longValue());
                }
            }
            long online = received.getOrDefault(Channel.WEB, 0L) + received.getOrDefault(Channel.MOBILE, 0L);
            return new MonthlyReport.ServiceFigures(service, Math.max(formsOpened, online), received, delivered,
                    ended.getOrDefault(REJECTED, 0L), ended.getOrDefault(CANCELLED, 0L), open, within, median, p90, paid,
                    receipts, survey, received.getOrDefault(Channel.COUNTER, 0L));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * @param tables which tables there are
     * @param from   the month's first instant
     * @param to     the next month's first instant
     * @return exchange traffic, or {@code null} when neither audit table exists
     */
    public MonthlyReport.ExchangeFigures exchange(Tables tables, Instant from, Instant to) {
        boolean consumer = tables.consumerAudit();
        boolean provider = tables.providerAudit();
        try (Connection c = ds.getConnection()) {
            if (!consumer && !provider) {
                return null;
            }
            long f = from.toEpochMilli();
            long t = to.toEpochMilli();
            // A cached answer, or a call refused here before sending (busy, circuit open), asked nothing of the exchange.
            long asked = consumer ? count(c, "SELECT COUNT(*) FROM panjereh_exchange_audit WHERE attempts > 0 AND at >= ? "
                    + "AND at < ?", null, f, t) : 0;
            long[] p = new long[2];
            if (provider) {
                query(c, "SELECT SUM(CASE WHEN status = 200 THEN 1 ELSE 0 END), SUM(CASE WHEN status NOT IN (200, 404) THEN 1 "
                        + "ELSE 0 END) FROM panjereh_exchange_provider_audit WHERE at >= ? AND at < ?", new Object[] {f, t},
                        rs -> {
                            p[0] = rs.getLong(1);
                            p[1] = rs.getLong(2);
                        });
            }
            return new MonthlyReport.ExchangeFigures(asked, p[0], p[1]);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static Double days(Object millis) {
        return millis == null ? null : round(((Number) (millis instanceof BigDecimal b ? b : millis)).doubleValue() / DAY_MS);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static long count(Connection c, String sql, String serviceId, long from, long to) throws SQLException {
        long[] n = new long[1];
        query(c, sql, serviceId == null ? new Object[] {from, to} : new Object[] {serviceId, from, to}, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private static void query(Connection c, String sql, Object[] args, Row row) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof String s) {
                    p.setString(i + 1, s);
                } else {
                    p.setLong(i + 1, (Long) args[i]);
                }
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        }
    }

    private static ReportException failure(SQLException e) {
        return new ReportException(ReportException.Reason.SOURCE_FAILED, "Cannot count the month in the SDK's tables (SQL state "
                + e.getSQLState() + ")", e);
    }
}
