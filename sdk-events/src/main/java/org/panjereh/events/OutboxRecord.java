package org.panjereh.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing waiting to be delivered to the platform: a service event, a message-box notice, or
 * anything else a {@link Outbox} user stores. Immutable.
 *
 * @param id        unique id, chosen before storage (the CloudEvents id, or the Idempotency-Key)
 * @param kind      what it is, e.g. {@code event} or {@code message}
 * @param key       ordering key: records with the same key are delivered in append order (the tracking id)
 * @param tag       a short label kept per key for order checks (the event type); empty leaves the key's last tag as it was
 * @param createdAt when it was stored
 * @param payload   the bytes to send
 */
public record OutboxRecord(UUID id, String kind, String key, String tag, Instant createdAt, byte[] payload) {

    /** Checks the fields; kind, key and tag are short ASCII labels. */
    public OutboxRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(payload, "payload");
        kind = label(kind, "kind");
        key = label(key, "key");
        tag = tag == null ? "" : tag;
        if (tag.length() > 255) {
            throw new IllegalArgumentException("tag is at most 255 characters");
        }
    }

    private static String label(String s, String name) {
        if (s == null || s.isEmpty() || s.length() > 255) {
            throw new IllegalArgumentException(name + " must be 1-255 characters");
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxRecord r && r.id.equals(id) && r.kind.equals(kind) && r.key.equals(key) && r.tag.equals(tag)
                && r.createdAt.equals(createdAt) && java.util.Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "OutboxRecord[" + kind + " " + key + " " + tag + " " + id + ", " + payload.length + " bytes]";
    }
}
