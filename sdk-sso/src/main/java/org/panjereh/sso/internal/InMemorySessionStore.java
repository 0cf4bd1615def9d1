package org.panjereh.sso.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.sso.PortalSession;
import org.panjereh.sso.SessionStore;

/** Sessions in a map; expired ones are dropped when found and swept as the map grows. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, PortalSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    /** @param clock clock for expiry */
    public InMemorySessionStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void save(PortalSession s) {
        if (sessions.size() > 100_000) {
            sessions.values().removeIf(x -> !clock.instant().isBefore(x.expiresAt()));
        }
        sessions.put(s.id(), s);
    }

    @Override
    public Optional<PortalSession> find(String id) {
        PortalSession s = id == null ? null : sessions.get(id);
        if (s != null && !clock.instant().isBefore(s.expiresAt())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.ofNullable(s);
    }

    @Override
    public void delete(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    @Override
    public int deleteBySessionId(String issuer, String sid) {
        return removeIf(s -> s.citizen() != null && sid != null && sid.equals(s.citizen().sessionId())
                && s.citizen().issuer().toString().equals(issuer));
    }

    @Override
    public int deleteBySubject(String issuer, String subject) {
        return removeIf(s -> s.citizen() != null && subject != null && subject.equals(s.citizen().subject())
                && s.citizen().issuer().toString().equals(issuer));
    }

    private int removeIf(java.util.function.Predicate<PortalSession> p) {
        int[] n = {0};
        sessions.values().removeIf(s -> {
            boolean m = p.test(s);
            if (m) {
                n[0]++;
            }
            return m;
        });
        return n[0];
    }
}
