package org.panjereh.sandbox.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What agencies sent, by kind ({@code request}, {@code event}, {@code tracking}, {@code survey-response},
 * {@code survey-reply}, {@code visits}, {@code inquiry}, {@code message}, {@code report}), for the conformance kit and
 * tests. Each kind keeps at most {@link #LIMIT} entries; older ones are dropped and counted.
 */
final class Recorder {

    static final int LIMIT = 2_000_000;

    private final Map<String, ConcurrentLinkedQueue<Map<String, Object>>> kinds = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    void record(String kind, Instant time, String agencyId, Map<String, Object> entry) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("time", time.toString());
        e.put("agencyId", agencyId);
        e.putAll(entry);
        kinds.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(e);
        if (sizes.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet() > LIMIT) {
            kinds.get(kind).poll();
            sizes.get(kind).decrementAndGet();
            dropped.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    List<Map<String, Object>> read(String kind, String agencyId, int offset, int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        ConcurrentLinkedQueue<Map<String, Object>> q = kinds.get(kind);
        if (q == null) {
            return out;
        }
        int i = 0;
        for (Map<String, Object> e : q) {
            if (agencyId != null && !agencyId.equals(e.get("agencyId"))) {
                continue;
            }
            if (i++ < offset) {
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        kinds.forEach((k, q) -> m.put(k, Map.of("count", sizes.get(k).get(),
                "dropped", dropped.getOrDefault(k, new AtomicLong()).get())));
        return m;
    }

    void clear() {
        kinds.clear();
        sizes.clear();
        dropped.clear();
    }
}
