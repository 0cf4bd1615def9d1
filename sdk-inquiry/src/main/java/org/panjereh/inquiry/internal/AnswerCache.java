package org.panjereh.inquiry.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified answers kept for a provider's cache time, by service and request body. Only what a provider allows is
 * kept: an answer marked {@code Cache-Control: no-store} (contract section 12) never is. Bounded: past 10,000 answers
 * the expired ones are dropped.
 */
public final class AnswerCache {

    private record Kept(byte[] body, Instant expires) {
    }

    private final Map<String, Kept> answers = new ConcurrentHashMap<>();

    /**
     * @param key the service and the request's hash
     * @param now the clock's time
     * @return the answer, or {@code null} when none is kept or it expired
     */
    public byte[] get(String key, Instant now) {
        Kept k = answers.get(key);
        return k != null && now.isBefore(k.expires()) ? k.body() : null;
    }

    /**
     * Keeps an answer unless its provider forbade it.
     *
     * @param key          the service and the request's hash
     * @param body         the verified answer
     * @param cacheControl the answer's {@code Cache-Control}, or {@code null}
     * @param now          the clock's time
     * @param ttl          how long the policy keeps answers
     */
    public void put(String key, byte[] body, String cacheControl, Instant now, Duration ttl) {
        if (cacheControl != null && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-store")) {
            return;
        }
        if (answers.size() > 10_000) {
            answers.values().removeIf(k -> !now.isBefore(k.expires()));
        }
        answers.put(key, new Kept(body, now.plus(ttl)));
    }
}
