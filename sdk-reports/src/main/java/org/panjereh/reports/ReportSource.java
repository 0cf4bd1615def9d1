package org.panjereh.reports;

import java.time.Instant;
import org.panjereh.core.JalaliMonth;

/**
 * Where a month's figures come from: the agency's own records (requests, payments, survey, exchange audit).
 * Called again for every send, so a month recomputed after a late correction of the records is sent as a
 * correction. Implementations count what happened in {@code [month.start(), month.end())} and must not put
 * anything about a person into the report — its types cannot hold it anyway.
 */
@FunctionalInterface
public interface ReportSource {

    /**
     * @param month       the month to count
     * @param generatedAt the time to stamp on the report
     * @return the month's report
     */
    MonthlyReport compute(JalaliMonth month, Instant generatedAt);
}
