package org.panjereh.inquiry;

import java.time.Instant;
import javax.sql.DataSource;
import org.panjereh.inquiry.internal.JdbcReplayCache;

/**
 * The {@code jti} values of exchange tokens already accepted, shared by every node of the agency, so that a token
 * replayed to another node is refused too (contract section 12). A {@code jti} is kept until its token expires.
 */
public interface ReplayCache {

    /**
     * Records a token's id if it was never seen.
     *
     * @param jti       the token's id
     * @param expiresAt when the token expires; the id may be forgotten after that
     * @return {@code true} the first time, {@code false} for a replay
     */
    boolean firstUse(String jti, Instant expiresAt);

    /**
     * Whether an id was used before: a read, nothing written. The provider asks it before running a handler, so a
     * replay is refused at once; the id itself is claimed with the call's audit entry
     * ({@link ProviderAudit#recordClaiming}).
     *
     * @param jti the token's id
     * @return {@code true} when it was used before; the default cannot tell and says {@code false}
     */
    default boolean seen(String jti) {
        return false;
    }

    /**
     * @param dataSource H2 or PostgreSQL, shared by the agency's nodes; table {@code panjereh_exchange_jti}
     * @return the cache
     */
    static ReplayCache jdbc(DataSource dataSource) {
        return new JdbcReplayCache(dataSource);
    }

    /** @return a cache of this process alone: for one node and for tests */
    static ReplayCache inMemory() {
        java.util.concurrent.ConcurrentHashMap<String, Instant> used = new java.util.concurrent.ConcurrentHashMap<>();
        return new ReplayCache() {
            @Override
            public boolean firstUse(String jti, Instant expiresAt) {
                if (used.size() > 100_000) {
                    Instant now = Instant.now();
                    used.values().removeIf(e -> e.isBefore(now));
                }
                return used.putIfAbsent(jti, expiresAt) == null;
            }

            @Override
            public boolean seen(String jti) {
                return used.containsKey(jti);
            }
        };
    }
}
