package org.panjereh.reports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.panjereh.core.JalaliMonth;
import org.panjereh.reports.internal.JdbcReportLedger;
import org.panjereh.reports.internal.MemoryReportLedger;

/**
 * The agency's durable list of months owed to the platform and of what it holds (contract section 13: a
 * missed month stays owed until sent). A month is owed from the moment it ends until the platform stored it;
 * the version the platform answered and a digest of the content sent are kept, so a recomputed month that
 * differs goes as a correction with {@code If-Match}, and one that does not is left alone.
 *
 * <p>Shipped: {@link #jdbc(DataSource)} (H2, PostgreSQL; shared by every node) and {@link #inMemory()} for
 * tests. Implementations make {@link #owe} and {@link #sent} idempotent.
 */
public interface ReportLedger {

    /** Where a month stands. */
    enum State {
        /** Finished and not yet held by the platform (or to be sent again). */
        OWED,
        /** Held by the platform at {@link Entry#version()}. */
        SENT
    }

    /**
     * One month.
     *
     * @param month   the month
     * @param state   owed or sent
     * @param version the platform's ETag of what it holds, or {@code null} before the first send
     * @param digest  SHA-256 (hex) of the content last sent, {@code generatedAt} aside, or {@code null}
     * @param sentAt  when the platform last accepted it, or {@code null}
     */
    record Entry(JalaliMonth month, State state, String version, String digest, Instant sentAt) {
    }

    /**
     * Records the month as owed unless it is already known (owed or sent).
     *
     * @param month a finished month
     */
    void owe(JalaliMonth month);

    /** Marks a known month owed again (to send it again), keeping its version. */
    void oweAgain(JalaliMonth month);

    /** @return the owed months, oldest first */
    List<Entry> owed();

    /** @return the latest month the ledger knows, owed or sent */
    Optional<JalaliMonth> latest();

    /** @param month a month @return its entry, if known */
    Optional<Entry> find(JalaliMonth month);

    /**
     * Records that the platform holds the month.
     *
     * @param month   the month
     * @param version the platform's ETag
     * @param digest  digest of the content sent
     * @param at      when
     */
    void sent(JalaliMonth month, String version, String digest, Instant at);

    /** @return every month known, oldest first */
    List<Entry> all();

    /**
     * The ledger in a database, table {@code panjereh_monthly_reports}, created when missing.
     *
     * @param dataSource H2 or PostgreSQL
     * @return the ledger
     * @throws ReportException {@link ReportException.Reason#LEDGER_FAILURE} if the table cannot be made
     */
    static ReportLedger jdbc(DataSource dataSource) {
        return new JdbcReportLedger(dataSource);
    }

    /** @return a ledger in memory, lost with the process: for tests and trials only */
    static ReportLedger inMemory() {
        return new MemoryReportLedger();
    }
}
