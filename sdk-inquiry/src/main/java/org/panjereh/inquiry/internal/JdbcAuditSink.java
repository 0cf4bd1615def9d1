package org.panjereh.inquiry.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.shared.Jdbc;
import org.panjereh.inquiry.AuditRecord;
import org.panjereh.inquiry.AuditSink;

/** {@link AuditSink#jdbc}: one row per inquiry. Calls made at the same moment share one durable commit. */
public final class JdbcAuditSink implements AuditSink {

    private static final String COLUMNS = "at, service, purpose, tracking_id, user_ref, request_id, request_bytes, "
            + "response_bytes, request_sha256, response_sha256, outcome, attempts, latency_micros";

    private final DataSource ds;
    private final org.panjereh.core.shared.GroupCommit<AuditRecord, Boolean> commits =
            new org.panjereh.core.shared.GroupCommit<>(this::write, 256);

    /** @param ds H2 or PostgreSQL */
    public JdbcAuditSink(DataSource ds) {
        this.ds = Objects.requireNonNull(ds, "dataSource");
        try {
            Jdbc.inTransaction(ds, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS panjereh_exchange_audit (at BIGINT NOT NULL, service VARCHAR(64) NOT NULL, "
                            + "purpose VARCHAR(11), tracking_id VARCHAR(20), user_ref VARCHAR(64), request_id VARCHAR(64), "
                            + "request_bytes INT NOT NULL, response_bytes INT NOT NULL, request_sha256 VARCHAR(64), "
                            + "response_sha256 VARCHAR(64), outcome VARCHAR(32) NOT NULL, attempts INT NOT NULL, "
                            + "latency_micros BIGINT NOT NULL)");
                    s.execute("CREATE INDEX IF NOT EXISTS panjereh_exchange_audit_at ON panjereh_exchange_audit (at)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("prepare", e);
        }
    }

    @Override
    public void record(AuditRecord r) {
        commits.submit(Objects.requireNonNull(r, "record"));
    }

    private java.util.List<Boolean> write(java.util.List<AuditRecord> batch) {
        try {
            return Jdbc.inTransaction(ds, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_exchange_audit (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (AuditRecord r : batch) {
                        p.setLong(1, r.time().toEpochMilli());
                        p.setString(2, r.service());
                        p.setString(3, r.purpose());
                        p.setString(4, r.trackingId());
                        p.setString(5, r.userRef());
                        p.setString(6, r.requestId());
                        p.setInt(7, r.requestBytes());
                        p.setInt(8, r.responseBytes());
                        p.setString(9, r.requestSha256());
                        p.setString(10, r.responseSha256());
                        p.setString(11, r.outcome());
                        p.setInt(12, r.attempts());
                        p.setLong(13, r.latencyMicros());
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                return java.util.Collections.nCopies(batch.size(), Boolean.TRUE);
            });
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static PanjerehException failure(String what, SQLException e) {
        return new PanjerehException("Cannot " + what + " the exchange audit (SQL state " + e.getSQLState() + ")", e, true);
    }
}
