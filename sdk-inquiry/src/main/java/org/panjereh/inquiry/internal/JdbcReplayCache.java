package org.panjereh.inquiry.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
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

    @Override
    public boolean firstUse(String jti, Instant expiresAt) {
        try (Connection c = ds.getConnection()) {
            if (inserts.incrementAndGet() % 1000 == 0) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM panjereh_exchange_jti WHERE expires_at < ?")) {
                    d.setLong(1, System.currentTimeMillis() - 120_000);
                    d.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO panjereh_exchange_jti (jti, expires_at) VALUES (?, ?)")) {
                p.setString(1, jti);
                p.setLong(2, expiresAt.toEpochMilli());
                p.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw new PanjerehException("Cannot use the exchange replay cache (SQL state " + e.getSQLState() + ")", e, true);
        }
    }
}
