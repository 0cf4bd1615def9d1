package org.panjereh.sandbox.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency keys (contract section 0): kept 24 hours per agency; a repeat with the same key and the
 * same body gets the first answer again (marked {@code Idempotent-Replayed: true}); the same key with
 * another body is refused. Server errors are not remembered, so they can be retried.
 */
final class Idempotency {

    static final Duration KEEP = Duration.ofHours(24);

    private record Stored(byte[] requestHash, int status, String contentType, byte[] body, Instant expires) {
    }

    private final Map<String, Stored> stored = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Clock clock;

    Idempotency(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code handler} once per (agency, key); repeats replay its answer. */
    void run(Call call, Router.Handler handler) throws Exception {
        String key = call.header("Idempotency-Key");
        if (key == null) {
            throw Problem.badRequest("request.idempotency_key_required", "POST here requires an Idempotency-Key header");
        }
        try {
            if (key.length() != 36) {
                throw new IllegalArgumentException();
            }
            UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("request.idempotency_key_invalid", "Idempotency-Key must be a UUID");
        }
        String k = call.agency.id() + ":" + call.method + ":" + call.path + ":" + key;
        byte[] hash = sha256(call.body());
        Object lock = locks.computeIfAbsent(k, x -> new Object());
        synchronized (lock) {
            Instant now = clock.instant();
            Stored s = stored.get(k);
            if (s != null && now.isBefore(s.expires())) {
                if (!Arrays.equals(s.requestHash(), hash)) {
                    throw Problem.unprocessable("request.idempotency_key_reused",
                            "This Idempotency-Key was used with a different request body");
                }
                call.header("Idempotent-Replayed", "true");
                call.send(s.status(), s.contentType(), s.body());
                return;
            }
            try {
                handler.handle(call);
            } catch (Problem p) {
                call.problem(p);
            }
            if (call.sentStatus < 500 && call.sentBody != null) {
                stored.put(k, new Stored(hash, call.sentStatus, call.sentType, call.sentBody, now.plus(KEEP)));
            }
        }
        locks.remove(k, lock);
    }

    int size() {
        return stored.size();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
