package org.panjereh.inquiry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.shared.GroupCommit;
import org.panjereh.core.shared.Jdbc;
import org.panjereh.inquiry.ReplayCache;

/**
 * {@link ReplayCache#jdbc}: a primary key on the {@code jti}, so two nodes inserting the same id at once cannot both
 * succeed. Expired ids are deleted now and then by whichever node inserts.
 */
public final class JdbcReplayCache implements ReplayCache {

    private static final String UNIQUE_VIOLATION = "23505";
    private final DataSource ds;
    private final AtomicLong inserts = new AtomicLong();

    /** @param ds H2 or PostgreSQL */
    public JdbcReplayCache(DataSource ds) {
        this.ds = ds;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_exchange_jti (jti VARCHAR(200) PRIMARY KEY, expires_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_exchange_jti_expiry ON panjereh_exchange_jti (expires_at)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new PanjerehException("Cannot prepare the exchange replay cache (SQL state " + e.getSQLState() + ")", e, true);
        }
    }

    /**
     * An id and when its token expires.
     *
     * @param jti       the id
     * @param expiresAt its token's expiry
     */
    public record Use(String jti, Instant expiresAt) {
    }

    /** @return the database, so that an audit on the same one can claim ids in its own transaction */
    public DataSource dataSource() {
        return ds;
    }

    @Override
    public boolean seen(String jti) {
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT 1 FROM panjereh_exchange_jti WHERE jti = ?")) {
            p.setString(1, jti);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new PanjerehException("Cannot read the exchange replay cache (SQL state " + e.getSQLState() + ")", e, true);
        }
    }

    /** Calls at the same moment share one transaction (one durable commit), each learning whether its id was new. */
    private final GroupCommit<Use, Boolean> commits = new GroupCommit<>(this::firstUses, 256);

    @Override
    public boolean firstUse(String jti, Instant expiresAt) {
        return commits.submit(new Use(jti, expiresAt));
    }

    /**
     * One transaction for a batch: ids already stored, and the second of two equal ids in the batch, are replays; the
     * rest are inserted. Should another node insert one of them in between, the batch is rolled back and each id
     * inserted on its own, as the primary key decides.
     */
    private List<Boolean> firstUses(List<Use> batch) {
        try {
            try {
                return Jdbc.inTransaction(ds, c -> claimIn(c, batch));
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            List<Boolean> out = new ArrayList<>(batch.size());
            for (Use u : batch) {
                try {
                    out.add(Jdbc.inTransaction(ds, c -> claimIn(c, List.of(u)).get(0)));
                } catch (SQLException e) {
                    if (!isUniqueViolation(e)) {
                        throw e;
                    }
                    out.add(false);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PanjerehException("Cannot use the exchange replay cache (SQL state " + e.getSQLState() + ")", e, true);
        }
    }

    /**
     * Claims a batch of ids in the caller's transaction, not committing it: ids already stored, and the second of two
     * equal ids in the batch, are replays; the rest are inserted. A unique violation (another node inserted one of
     * them meanwhile) is thrown for the caller to roll back and go one by one ({@link #isUniqueViolation}).
     *
     * @param c     a connection, auto-commit off
     * @param batch the ids
     * @return per id, whether it was new
     * @throws SQLException on any failure
     */
    public List<Boolean> claimIn(Connection c, List<Use> batch) throws SQLException {
        long after = inserts.addAndGet(batch.size());
        if (after / 1000 != (after - batch.size()) / 1000) {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM panjereh_exchange_jti WHERE expires_at < ?")) {
                d.setLong(1, System.currentTimeMillis() - 120_000);
                d.executeUpdate();
            }
        }
        Set<String> seen = stored(c, batch);
        List<Boolean> out = new ArrayList<>(batch.size());
        try (PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_exchange_jti (jti, expires_at) VALUES (?, ?)")) {
            for (Use u : batch) {
                boolean fresh = seen.add(u.jti());
                out.add(fresh);
                if (fresh) {
                    p.setString(1, u.jti());
                    p.setLong(2, u.expiresAt().toEpochMilli());
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
        return out;
    }

    private static Set<String> stored(Connection c, List<Use> batch) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT jti FROM panjereh_exchange_jti WHERE jti IN (");
        for (int i = 0; i < batch.size(); i++) {
            q.append(i == 0 ? "?" : ", ?");
        }
        Set<String> out = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement(q.append(')').toString())) {
            for (int i = 0; i < batch.size(); i++) {
                p.setString(i + 1, batch.get(i).jti());
            }
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * H2 and PostgreSQL say 23505; a JDBC batch may wrap it in a {@link java.sql.BatchUpdateException}'s chain.
     *
     * @param e the failure
     * @return whether it is a unique violation
     */
    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState());
    }
}
