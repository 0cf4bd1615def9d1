package org.panjereh.reports.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.panjereh.core.JalaliMonth;
import org.panjereh.reports.ReportException;
import org.panjereh.reports.ReportLedger;

/**
 * {@link ReportLedger#jdbc(DataSource)}: one row per month in {@code panjereh_monthly_reports}, keyed by the
 * month's wire form in {@code report_month} ({@code 1405-09}, which sorts in calendar order). Each call is one statement or one
 * transaction, so a crash leaves a month either owed or sent, never half of each.
 */
public final class JdbcReportLedger implements ReportLedger {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource ds;

    /**
     * Creates the table when missing.
     *
     * @param ds H2 or PostgreSQL
     */
    public JdbcReportLedger(DataSource ds) {
        this.ds = ds;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (!product.contains("postgres") && !product.contains("h2")) {
                throw new ReportException(ReportException.Reason.LEDGER_FAILURE,
                        "The JDBC report ledger supports PostgreSQL and H2, not " + product, null);
            }
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_monthly_reports (report_month VARCHAR(7) PRIMARY KEY, "
                    + "state VARCHAR(8) NOT NULL, version VARCHAR(200), digest VARCHAR(64), sent_at BIGINT)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw failure("prepare the report ledger", e);
        }
    }

    @Override
    public void owe(JalaliMonth month) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO panjereh_monthly_reports (report_month, state) SELECT ?, 'OWED' WHERE NOT EXISTS "
                        + "(SELECT 1 FROM panjereh_monthly_reports WHERE report_month = ?)")) {
            p.setString(1, month.toString());
            p.setString(2, month.toString());
            p.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw failure("owe a month", e);
            }
        }
    }

    @Override
    public void oweAgain(JalaliMonth month) {
        if (update("UPDATE panjereh_monthly_reports SET state = 'OWED' WHERE report_month = ?", month) == 0) {
            owe(month);
        }
    }

    @Override
    public List<Entry> owed() {
        return select("WHERE state = 'OWED' ORDER BY report_month", null);
    }

    @Override
    public Optional<JalaliMonth> latest() {
        List<Entry> l = select("ORDER BY report_month DESC", null);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0).month());
    }

    @Override
    public Optional<Entry> find(JalaliMonth month) {
        return select("WHERE report_month = ?", month).stream().findFirst();
    }

    @Override
    public void sent(JalaliMonth month, String version, String digest, Instant at) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement("UPDATE panjereh_monthly_reports SET state = 'SENT', version = ?, "
                    + "digest = ?, sent_at = ? WHERE report_month = ?")) {
                u.setString(1, version);
                u.setString(2, digest);
                u.setLong(3, at.toEpochMilli());
                u.setString(4, month.toString());
                if (u.executeUpdate() == 0) {
                    try (PreparedStatement i = c.prepareStatement("INSERT INTO panjereh_monthly_reports "
                            + "(report_month, state, version, digest, sent_at) VALUES (?, 'SENT', ?, ?, ?)")) {
                        i.setString(1, month.toString());
                        i.setString(2, version);
                        i.setString(3, digest);
                        i.setLong(4, at.toEpochMilli());
                        i.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("record a sent month", e);
        }
    }

    @Override
    public List<Entry> all() {
        return select("ORDER BY report_month", null);
    }

    private int update(String sql, JalaliMonth month) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, month.toString());
            int n = p.executeUpdate();
            commit(c);
            return n;
        } catch (SQLException e) {
            throw failure("update a month", e);
        }
    }

    private List<Entry> select(String where, JalaliMonth month) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT report_month, state, version, digest, sent_at FROM panjereh_monthly_reports " + where)) {
            if (month != null) {
                p.setString(1, month.toString());
            }
            List<Entry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    long sentAt = r.getLong(5);
                    out.add(new Entry(JalaliMonth.parse(r.getString(1)), State.valueOf(r.getString(2)), r.getString(3),
                            r.getString(4), r.wasNull() ? null : Instant.ofEpochMilli(sentAt)));
                }
            }
            commit(c);
            return out;
        } catch (SQLException e) {
            throw failure("read the report ledger", e);
        }
    }

    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static ReportException failure(String what, SQLException e) {
        return new ReportException(ReportException.Reason.LEDGER_FAILURE, "Cannot " + what + " (SQL state "
                + e.getSQLState() + ")", e);
    }
}
