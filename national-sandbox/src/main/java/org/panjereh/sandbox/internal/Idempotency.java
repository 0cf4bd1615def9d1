package org.panjereh.sandbox.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
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
    private final Map<String, String> durable;
    private final boolean writeThrough;
    private final Clock clock;

    Idempotency(Clock clock, Store store) {
        this.clock = clock;
        this.durable = store.map("idempotency");
        this.writeThrough = store.durable();
        Base64.Decoder d = Base64.getDecoder();
        Instant now = clock.instant();
        for (Map.Entry<String, String> e : durable.entrySet()) {
            String[] p = e.getValue().split(" ", 5);
            Stored s = new Stored(d.decode(p[0]), Integer.parseInt(p[1]), new String(d.decode(p[2]),
                    java.nio.charset.StandardCharsets.UTF_8), d.decode(p[3]), Instant.parse(p[4]));
            if (now.isBefore(s.expires())) {
                stored.put(e.getKey(), s);
            } else {
                durable.remove(e.getKey());
            }
        }
    }

    private void remember(String k, Stored s) {
        stored.put(k, s);
        if (writeThrough) {
            Base64.Encoder e = Base64.getEncoder();
            durable.put(k, e.encodeToString(s.requestHash()) + " " + s.status() + " "
                    + e.encodeToString(s.contentType().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + " "
                    + e.encodeToString(s.body()) + " " + s.expires());
        }
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
                remember(k, new Stored(hash, call.sentStatus, call.sentType, call.sentBody, now.plus(KEEP)));
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
