package org.panjereh.inquiry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.panjereh.inquiry.internal.JdbcProviderAudit;

/**
 * The provider's traffic log (contract section 12): who asked, when, which service and purpose, the consumer's
 * user reference, the status, sizes and body hashes — never content. An entry is written before the answer
 * leaves, so a process killed right after answering has its record.
 */
public interface ProviderAudit {

    /**
     * One call.
     *
     * @param time           when it arrived
     * @param consumer       the consumer's agency id, or {@code null} when the call was not authenticated
     * @param service        the service
     * @param purpose        the purpose claimed, or {@code null}
     * @param userRef        the consumer's user reference, or {@code null}
     * @param status         the HTTP status answered
     * @param code           the refusal's code, or {@code null}
     * @param errorId        the refusal's error id, or {@code null}
     * @param requestBytes   request size
     * @param responseBytes  answer size
     * @param requestSha256  hex SHA-256 of the request body
     * @param responseSha256 hex SHA-256 of the answer body
     */
    record Entry(Instant time, String consumer, String service, String purpose, String userRef, int status, String code,
                 String errorId, long requestBytes, long responseBytes, String requestSha256, String responseSha256) {
    }

    /**
     * Counts for the staff console.
     *
     * @param answered calls answered 200
     * @param notFound calls answered 404
     * @param refused  calls refused (401, 403, 400, 413, 415, 429)
     */
    record Counts(long answered, long notFound, long refused) {
    }

    /**
     * Writes one entry durably.
     *
     * @param entry the entry
     */
    void record(Entry entry);

    /**
     * Claims the token's id and writes the call's entry, both before the answer leaves: the entry only if the id was
     * new. The default claims the id in the cache, then writes the entry; {@link #jdbc} given a
     * {@link ReplayCache#jdbc} on the same database does both in one transaction — one durable commit per call instead
     * of two, shared with the calls answered at the same moment.
     *
     * @param entry     the call's entry
     * @param replays   the replay cache
     * @param jti       the token's id
     * @param expiresAt when the token expires
     * @return {@code false} when the id was used before: nothing is written then, and the call must be refused
     */
    default boolean recordClaiming(Entry entry, ReplayCache replays, String jti, Instant expiresAt) {
        if (!replays.firstUse(jti, expiresAt)) {
            return false;
        }
        record(entry);
        return true;
    }

    /** @param max most to return @return the latest entries, newest first */
    List<Entry> recent(int max);

    /**
     * @param from inclusive
     * @param to   exclusive
     * @return counts per consumer agency ({@code "?"} for unauthenticated calls)
     */
    Map<String, Counts> countsByConsumer(Instant from, Instant to);

    /**
     * @param dataSource H2 or PostgreSQL; table {@code panjereh_exchange_provider_audit}
     * @return the audit
     */
    static ProviderAudit jdbc(DataSource dataSource) {
        return new JdbcProviderAudit(dataSource);
    }
}
