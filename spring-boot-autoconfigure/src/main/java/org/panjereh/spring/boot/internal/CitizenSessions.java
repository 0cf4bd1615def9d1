package org.panjereh.spring.boot.internal;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.Citizen;

/**
 * The portal's sessions by the platform's session id and subject, so that a back-channel logout ends every
 * session of the platform session it names. Each session holds a {@link Mark}; the logout flags the marks, and the
 * next request of a flagged session finds it ended ({@link #revoked}). Marks leave the index when their session
 * ends, whatever ends it (logout, timeout, invalidation), because the container unbinds them.
 *
 * <p>The index is this node's memory: with sessions shared between nodes (Spring Session), each node learns of
 * a logout only if the platform's call reaches it, so such portals keep the session lifetime short.
 */
public final class CitizenSessions {

    static final String ATTRIBUTE = CitizenSessions.class.getName() + ".MARK";

    private final Map<String, Set<Mark>> bySessionId = new ConcurrentHashMap<>();
    private final Map<String, Set<Mark>> bySubject = new ConcurrentHashMap<>();

    /** Creates an empty index. */
    public CitizenSessions() {
    }

    /**
     * Indexes a session that has just logged in.
     *
     * @param session the portal's session (after its id changed)
     * @param citizen who logged in
     */
    public void register(HttpSession session, Citizen citizen) {
        Mark m = new Mark(citizen.issuer() + " " + citizen.subject(),
                citizen.sessionId() == null ? null : citizen.issuer() + " " + citizen.sessionId());
        session.setAttribute(ATTRIBUTE, m);
    }

    /**
     * @param session a session, or {@code null}
     * @return whether a back-channel logout ended it
     */
    public boolean revoked(HttpSession session) {
        if (session == null) {
            return false;
        }
        try {
            return session.getAttribute(ATTRIBUTE) instanceof Mark m && m.revoked;
        } catch (IllegalStateException invalidated) {
            return false;
        }
    }

    /**
     * Ends the sessions a logout token names: by its {@code sid}, or every session of its {@code sub}.
     *
     * @param issuer the issuer that sent it
     * @param notice the validated notice
     * @return how many sessions were ended
     */
    public int end(String issuer, BackChannelLogout.Notice notice) {
        Set<Mark> marks = notice.sessionId() != null ? bySessionId.get(issuer + " " + notice.sessionId())
                : notice.subject() != null ? bySubject.get(issuer + " " + notice.subject()) : null;
        if (marks == null) {
            return 0;
        }
        int n = 0;
        for (Mark m : marks) {
            if (!m.revoked) {
                m.revoked = true;
                n++;
            }
        }
        return n;
    }

    /** @return sessions indexed (for tests and health) */
    public int size() {
        return bySubject.values().stream().mapToInt(Set::size).sum();
    }

    private static void add(Map<String, Set<Mark>> index, String key, Mark m) {
        if (key != null) {
            index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(m);
        }
    }

    private static void remove(Map<String, Set<Mark>> index, String key, Mark m) {
        if (key != null) {
            index.computeIfPresent(key, (k, set) -> {
                set.remove(m);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The index entry a session holds; in the index while bound to a live session. */
    final class Mark implements HttpSessionBindingListener {
        private final String subjectKey;
        private final String sessionKey;
        private volatile boolean revoked;

        Mark(String subjectKey, String sessionKey) {
            this.subjectKey = Objects.requireNonNull(subjectKey);
            this.sessionKey = sessionKey;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            add(bySubject, subjectKey, this);
            add(bySessionId, sessionKey, this);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            remove(bySubject, subjectKey, this);
            remove(bySessionId, sessionKey, this);
        }
    }
}
