package org.panjereh.events;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.panjereh.events.internal.FileJournal;

/**
 * Durable storage of what must reach the platform, so that nothing is lost when the agency or the
 * platform fails. {@link #append} returns only once the records are durable.
 *
 * <p>Implementations: {@link #fileJournal(Path)}, an append-only journal with checksummed records,
 * group commit with fsync, segment rotation and cleanup, and recovery that truncates a torn tail; and a
 * JDBC outbox for H2 and PostgreSQL shared by several nodes.
 */
public interface Outbox extends AutoCloseable {

    /**
     * Stores records durably, in order.
     *
     * @param records the records
     * @throws OutboxException if they could not be stored; then none of them is
     */
    void append(List<OutboxRecord> records);

    /**
     * Claims up to {@code max} undelivered records for delivery, oldest first. A key whose earlier record
     * is claimed and not yet settled is skipped, so records of one key are never in flight out of order.
     *
     * @param max   most records to return
     * @param lease how long the claim holds before another deliverer may take the records
     * @return the records, possibly none
     */
    List<OutboxRecord> claim(int max, Duration lease);

    /**
     * Marks records as settled (delivered, duplicate at the platform, or parked as dead letters).
     *
     * @param ids record ids
     */
    void acknowledge(Collection<UUID> ids);

    /**
     * Gives claimed records back after a failed delivery; the next claim returns them first.
     *
     * @param ids record ids
     */
    void release(Collection<UUID> ids);

    /**
     * The tag of the last record appended under a key, even if it was already delivered.
     *
     * @param key the key
     * @return the tag, if the key was ever used
     */
    Optional<String> lastTag(String key);

    /** Records not yet settled. */
    long pendingCount();

    /** When the oldest unsettled record was stored. */
    Optional<Instant> oldestPending();

    /** Flushes and releases files or connections. */
    @Override
    void close();

    /**
     * The embedded default: a journal in a directory of its own.
     *
     * @param dir directory (created if missing); one outbox per directory
     * @return the outbox
     * @throws OutboxException if the journal cannot be opened or is corrupt before its tail
     */
    static Outbox fileJournal(Path dir) {
        return FileJournal.open(dir, FileJournal.Options.defaults());
    }

    /**
     * An outbox in PostgreSQL or H2 tables ({@code panjereh_outbox}, {@code panjereh_outbox_tags}, created
     * if missing), shared safely by several nodes.
     *
     * @param dataSource the database
     * @return the outbox
     */
    static Outbox jdbc(javax.sql.DataSource dataSource) {
        return new org.panjereh.events.internal.JdbcOutbox(dataSource, java.time.Clock.systemUTC());
    }

    /**
     * The JDBC outbox for a node with a stable id (its host name, say). Records the node had claimed when it
     * last stopped — killed mid-delivery — are taken back when it opens the outbox again, so delivery resumes
     * at once rather than when their five-minute lease runs out. Each node sharing the database needs its
     * own id: a node that reused another's would take back records that node is delivering (the platform
     * de-duplicates, so nothing would count twice, but work would be done twice).
     *
     * @param dataSource a pooled data source
     * @param nodeId     this node's stable id, 1-64 characters
     * @return the outbox
     */
    static Outbox jdbc(javax.sql.DataSource dataSource, String nodeId) {
        return new org.panjereh.events.internal.JdbcOutbox(dataSource, java.time.Clock.systemUTC(), nodeId, true);
    }
}
