package org.panjereh.documents.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.documents.DocumentRegistry;
import org.panjereh.documents.IssuedDocument;
import org.panjereh.documents.VerificationCode;

/** The document registry in one H2 or PostgreSQL table; a revocation is a compare-and-set from valid. */
public final class JdbcDocumentRegistry implements DocumentRegistry {

    private static final String COLUMNS = "code, sha256, service_id, tracking_id, title, issued_at, status, reason, revoked_at";
    private final DataSource ds;

    /** @param ds the database; the table is created when missing */
    public JdbcDocumentRegistry(DataSource ds) {
        this.ds = ds;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_documents (code VARCHAR(16) PRIMARY KEY, sha256 VARCHAR(64) NOT NULL, "
                    + "service_id VARCHAR(11) NOT NULL, tracking_id VARCHAR(20) NOT NULL, title VARCHAR(100) NOT NULL, "
                    + "issued_at BIGINT NOT NULL, status VARCHAR(8) NOT NULL, reason VARCHAR(255), revoked_at BIGINT)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_documents_request ON panjereh_documents (tracking_id, issued_at)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw failure("prepare", e);
        }
    }

    @Override
    public void register(IssuedDocument d) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_documents ("
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, 'VALID', NULL, NULL)")) {
            p.setString(1, d.code().value());
            p.setString(2, d.sha256());
            p.setString(3, d.facts().serviceId().value());
            p.setString(4, d.facts().trackingId().value());
            p.setString(5, d.facts().title());
            p.setLong(6, d.issuedAt().toEpochMilli());
            p.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw failure("register", e);
            }
        }
    }

    @Override
    public Optional<Entry> find(VerificationCode code) {
        return one("WHERE code = ?", code.value());
    }

    @Override
    public Optional<Entry> latestFor(TrackingId trackingId) {
        return one("WHERE tracking_id = ? ORDER BY issued_at DESC, code", trackingId.value());
    }

    @Override
    public boolean revoke(VerificationCode code, String reason, Instant at) {
        if (reason == null || reason.isBlank() || reason.length() > 255) {
            throw new IllegalArgumentException("A revocation's reason is 1-255 characters");
        }
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("UPDATE panjereh_documents SET "
                + "status = 'REVOKED', reason = ?, revoked_at = ? WHERE code = ? AND status = 'VALID'")) {
            p.setString(1, reason);
            p.setLong(2, at.toEpochMilli());
            p.setString(3, code.value());
            boolean done = p.executeUpdate() == 1;
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return done;
        } catch (SQLException e) {
            throw failure("revoke", e);
        }
    }

    private Optional<Entry> one(String where, String arg) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                + " FROM panjereh_documents " + where)) {
            p.setString(1, arg);
            p.setMaxRows(1);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long revoked = rs.getLong(9);
                boolean notRevoked = rs.wasNull();
                return Optional.of(new Entry(new VerificationCode(rs.getString(1)), rs.getString(2), ServiceId.of(rs.getString(3)),
                        TrackingId.of(rs.getString(4)), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)),
                        Status.valueOf(rs.getString(7)), rs.getString(8), notRevoked ? null : Instant.ofEpochMilli(revoked)));
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private static PanjerehException failure(String what, SQLException e) {
        return new PanjerehException("Cannot " + what + " in the document registry: " + e.getMessage(), e, true);
    }
}
