package org.panjereh.inquiry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.shared.GroupCommit;
import org.panjereh.core.shared.Jdbc;
import org.panjereh.inquiry.ProviderAudit;
import org.panjereh.inquiry.ReplayCache;

/** {@link ProviderAudit#jdbc}: one row per call, committed before the answer is written. */
public final class JdbcProviderAudit implements ProviderAudit {

    private static final String COLUMNS = "at, consumer, service, purpose, user_ref, status, code, error_id, request_bytes, "
            + "response_bytes, request_sha256, response_sha256";
    private final DataSource ds;

    /** @param ds H2 or PostgreSQL */
    public JdbcProviderAudit(DataSource ds) {
        this.ds = ds;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_exchange_provider_audit (at BIGINT NOT NULL, consumer VARCHAR(11), "
                    + "service VARCHAR(64) NOT NULL, purpose VARCHAR(11), user_ref VARCHAR(64), status INT NOT NULL, "
                    + "code VARCHAR(64), error_id VARCHAR(36), request_bytes BIGINT NOT NULL, response_bytes BIGINT NOT NULL, "
                    + "request_sha256 VARCHAR(64), response_sha256 VARCHAR(64))");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_exchange_provider_audit_at ON panjereh_exchange_provider_audit (at)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw failure("prepare", e);
        }
    }

    /** Calls answered at the same moment share one transaction: one durable commit for their rows. */
    private final GroupCommit<Entry, Boolean> commits = new GroupCommit<>(this::write, 256);

    @Override
    public void record(Entry e) {
        commits.submit(e);
    }

    private List<Boolean> write(List<Entry> batch) {
        try {
            Jdbc.inTransaction(ds, c -> {
                insert(c, batch);
                return null;
            });
            return java.util.Collections.nCopies(batch.size(), Boolean.TRUE);
        } catch (SQLException ex) {
            throw failure("write", ex);
        }
    }

    /** An entry and the token id it claims. */
    private record Claim(Entry entry, JdbcReplayCache replays, JdbcReplayCache.Use use) {
    }

    /** Claims and entries of calls answered at the same moment: one transaction, one durable commit, for all of them. */
    private final GroupCommit<Claim, Boolean> claims = new GroupCommit<>(this::writeClaims, 256);

    @Override
    public boolean recordClaiming(Entry entry, ReplayCache replays, String jti, Instant expiresAt) {
        if (replays instanceof JdbcReplayCache j && j.dataSource() == ds) {
            return claims.submit(new Claim(entry, j, new JdbcReplayCache.Use(jti, expiresAt)));
        }
        return ProviderAudit.super.recordClaiming(entry, replays, jti, expiresAt);
    }

    /**
     * The batch's ids claimed and the entries of the new ones written in one transaction. Should another node claim
     * one of the ids in between, the batch is rolled back and each call claims and writes in a transaction of its own,
     * as the primary key decides.
     */
    private List<Boolean> writeClaims(List<Claim> batch) {
        JdbcReplayCache replays = batch.get(0).replays();
        try {
            try {
                return Jdbc.inTransaction(ds, c -> {
                    List<Boolean> fresh = replays.claimIn(c, batch.stream().map(Claim::use).toList());
                    List<Entry> written = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        if (fresh.get(i)) {
                            written.add(batch.get(i).entry());
                        }
                    }
                    insert(c, written);
                    return fresh;
                });
            } catch (SQLException e) {
                if (!JdbcReplayCache.isUniqueViolation(e)) {
                    throw e;
                }
            }
            List<Boolean> out = new ArrayList<>(batch.size());
            for (Claim one : batch) {
                boolean fresh;
                try {
                    fresh = Jdbc.inTransaction(ds, c -> {
                        if (!replays.claimIn(c, List.of(one.use())).get(0)) {
                            return false;
                        }
                        insert(c, List.of(one.entry()));
                        return true;
                    });
                } catch (SQLException e) {
                    if (!JdbcReplayCache.isUniqueViolation(e)) {
                        throw e;
                    }
                    fresh = false;
                }
                out.add(fresh);
            }
            return out;
        } catch (SQLException ex) {
            throw failure("write", ex);
        }
    }

    private static void insert(Connection c, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO panjereh_exchange_provider_audit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                p.setLong(1, e.time().toEpochMilli());
                p.setString(2, e.consumer());
                p.setString(3, e.service());
                p.setString(4, e.purpose());
                p.setString(5, e.userRef());
                p.setInt(6, e.status());
                p.setString(7, e.code());
                p.setString(8, e.errorId());
                p.setLong(9, e.requestBytes());
                p.setLong(10, e.responseBytes());
                p.setString(11, e.requestSha256());
                p.setString(12, e.responseSha256());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    @Override
    public List<Entry> recent(int max) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                + " FROM panjereh_exchange_provider_audit ORDER BY at DESC")) {
            p.setMaxRows(max);
            List<Entry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getInt(6), r.getString(7), r.getString(8), r.getLong(9), r.getLong(10),
                            r.getString(11), r.getString(12)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public Map<String, Counts> countsByConsumer(Instant from, Instant to) {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("SELECT COALESCE(consumer, '?'), "
                + "SUM(CASE WHEN status = 200 THEN 1 ELSE 0 END), SUM(CASE WHEN status = 404 THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN status NOT IN (200, 404) THEN 1 ELSE 0 END) FROM panjereh_exchange_provider_audit "
                + "WHERE at >= ? AND at < ? GROUP BY COALESCE(consumer, '?') ORDER BY 1")) {
            p.setLong(1, from.toEpochMilli());
            p.setLong(2, to.toEpochMilli());
            Map<String, Counts> out = new LinkedHashMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), new Counts(r.getLong(2), r.getLong(3), r.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("count", e);
        }
    }

    private static PanjerehException failure(String what, SQLException e) {
        return new PanjerehException("Cannot " + what + " the exchange provider audit (SQL state " + e.getSQLState() + ")", e, true);
    }
}
