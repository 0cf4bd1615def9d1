package org.panjereh.sso;

import java.util.Optional;
import javax.sql.DataSource;
import org.panjereh.sso.internal.InMemorySessionStore;
import org.panjereh.sso.internal.JdbcSessionStore;

/**
 * Where portal sessions live (SPI). Back-channel logout ends sessions by the platform's {@code sid} or
 * {@code sub}, so a store can find them that way. In memory for one node; JDBC (H2, PostgreSQL) for
 * several nodes sharing sessions.
 */
public interface SessionStore {

    /**
     * Creates or replaces a session.
     *
     * @param session the session
     */
    void save(PortalSession session);

    /**
     * A live (unexpired) session by id.
     *
     * @param id the session id
     * @return the session, if any
     */
    Optional<PortalSession> find(String id);

    /**
     * Ends a session.
     *
     * @param id the session id
     */
    void delete(String id);

    /**
     * Ends every session of a platform session id.
     *
     * @param issuer the issuer
     * @param sid    the platform's {@code sid}
     * @return sessions ended
     */
    int deleteBySessionId(String issuer, String sid);

    /**
     * Ends every session of a subject.
     *
     * @param issuer  the issuer
     * @param subject the {@code sub}
     * @return sessions ended
     */
    int deleteBySubject(String issuer, String subject);

    /** The in-memory store (one node). */
    static SessionStore inMemory() {
        return new InMemorySessionStore(java.time.Clock.systemUTC());
    }

    /**
     * The JDBC store; creates its table {@code panjereh_session} when missing.
     *
     * @param ds a pooled data source
     * @return the store
     */
    static SessionStore jdbc(DataSource ds) {
        return new JdbcSessionStore(ds, java.time.Clock.systemUTC());
    }
}
