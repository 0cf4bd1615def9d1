package org.panjereh.sso.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.shared.Json;
import org.panjereh.sso.PortalSession;
import org.panjereh.sso.SessionStore;

/** Sessions in a table shared by every node: JSON in a column, with issuer, sid and sub beside it for logout. */
public final class JdbcSessionStore implements SessionStore {

    private final DataSource ds;
    private final Clock clock;

    /**
     * @param ds    data source
     * @param clock clock for expiry
     */
    public JdbcSessionStore(DataSource ds, Clock clock) {
        this.ds = ds;
        this.clock = clock;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS panjereh_session (id VARCHAR(64) PRIMARY KEY, issuer VARCHAR(255), "
                    + "sid VARCHAR(255), sub VARCHAR(255), data VARCHAR(100000) NOT NULL, expires_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_session_sid ON panjereh_session (issuer, sid)");
            s.execute("CREATE INDEX IF NOT EXISTS panjereh_session_sub ON panjereh_session (issuer, sub)");
        } catch (SQLException e) {
            throw failure("prepare the session table", e);
        }
    }

    private static PanjerehException failure(String what, Exception e) {
        return new PanjerehException("Could not " + what + ": " + e.getMessage(), e, true);
    }

    @Override
    public void save(PortalSession s) {
        String json = new String(Json.write(s), java.nio.charset.StandardCharsets.UTF_8);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("DELETE FROM panjereh_session WHERE id = ?");
                 PreparedStatement i = c.prepareStatement("INSERT INTO panjereh_session (id, issuer, sid, sub, data, expires_at)"
                         + " VALUES (?, ?, ?, ?, ?, ?)")) {
                d.setString(1, s.id());
                d.executeUpdate();
                i.setString(1, s.id());
                i.setString(2, s.citizen() == null ? null : s.citizen().issuer().toString());
                i.setString(3, s.citizen() == null ? null : s.citizen().sessionId());
                i.setString(4, s.citizen() == null ? null : s.citizen().subject());
                i.setString(5, json);
                i.setLong(6, s.expiresAt().toEpochMilli());
                i.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("save a session", e);
        }
    }

    @Override
    public Optional<PortalSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        try (Connection c = ds.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT data FROM panjereh_session WHERE id = ? AND expires_at > ?")) {
            q.setString(1, id);
            q.setLong(2, clock.millis());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(Json.MAPPER.readValue(rs.getString(1), PortalSession.class));
            }
        } catch (SQLException | IOException e) {
            throw failure("read a session", e);
        }
    }

    @Override
    public void delete(String id) {
        update("DELETE FROM panjereh_session WHERE id = ?", id);
    }

    @Override
    public int deleteBySessionId(String issuer, String sid) {
        return update("DELETE FROM panjereh_session WHERE issuer = ? AND sid = ?", issuer, sid);
    }

    @Override
    public int deleteBySubject(String issuer, String subject) {
        return update("DELETE FROM panjereh_session WHERE issuer = ? AND sub = ?", issuer, subject);
    }

    private int update(String sql, String... args) {
        try (Connection c = ds.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setString(i + 1, args[i]);
            }
            return u.executeUpdate();
        } catch (SQLException e) {
            throw failure("end sessions", e);
        }
    }
}
