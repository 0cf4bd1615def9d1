package org.panjereh.reports.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.panjereh.core.JalaliMonth;
import org.panjereh.reports.ReportLedger;

/** {@link ReportLedger#inMemory()}. */
public final class MemoryReportLedger implements ReportLedger {

    private final TreeMap<JalaliMonth, Entry> months = new TreeMap<>();

    @Override
    public synchronized void owe(JalaliMonth month) {
        months.putIfAbsent(month, new Entry(month, State.OWED, null, null, null));
    }

    @Override
    public synchronized void oweAgain(JalaliMonth month) {
        Entry e = months.get(month);
        months.put(month, e == null ? new Entry(month, State.OWED, null, null, null)
                : new Entry(month, State.OWED, e.version(), e.digest(), e.sentAt()));
    }

    @Override
    public synchronized List<Entry> owed() {
        return months.values().stream().filter(e -> e.state() == State.OWED).toList();
    }

    @Override
    public synchronized Optional<JalaliMonth> latest() {
        return months.isEmpty() ? Optional.empty() : Optional.of(months.lastKey());
    }

    @Override
    public synchronized Optional<Entry> find(JalaliMonth month) {
        return Optional.ofNullable(months.get(month));
    }

    @Override
    public synchronized void sent(JalaliMonth month, String version, String digest, Instant at) {
        months.put(month, new Entry(month, State.SENT, version, digest, at));
    }

    @Override
    public synchronized List<Entry> all() {
        return new ArrayList<>(months.values());
    }
}
