package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link Outbox} must do; run against the file journal, H2 and PostgreSQL. */
abstract class OutboxContractTest {

    /** A fresh, empty outbox. */
    abstract Outbox open();

    /** The same storage opened again, as after a restart. */
    abstract Outbox reopen();

    static OutboxRecord rec(String key, String tag, int i) {
        return new OutboxRecord(UUID.randomUUID(), "event", key, tag, Instant.ofEpochMilli(1_700_000_000_000L + i),
                ("{\"n\":" + i + ",\"text\":\"پنجره\"}").getBytes(StandardCharsets.UTF_8));
    }

    static List<OutboxRecord> drain(Outbox o) {
        List<OutboxRecord> all = new ArrayList<>();
        while (true) {
            List<OutboxRecord> c = o.claim(100, Duration.ofMinutes(1));
            if (c.isEmpty()) {
                return all;
            }
            all.addAll(c);
            o.acknowledge(c.stream().map(OutboxRecord::id).toList());
        }
    }

    @Test
    void recordsComeBackInAppendOrderWithTheirBytes() {
        try (Outbox o = open()) {
            List<OutboxRecord> in = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                in.add(rec("K" + (i % 5), "t" + i, i));
            }
            o.append(in.subList(0, 10));
            o.append(in.subList(10, 30));
            assertEquals(30, o.pendingCount());
            assertEquals(in.get(0).createdAt(), o.oldestPending().orElseThrow());
            List<OutboxRecord> out = drain(o);
            assertEquals(30, out.size());
            for (int k = 0; k < 5; k++) {
                String key = "K" + k;
                assertEquals(in.stream().filter(r -> r.key().equals(key)).toList(),
                        out.stream().filter(r -> r.key().equals(key)).toList(), "order of " + key);
            }
            assertEquals(0, o.pendingCount());
            assertTrue(o.oldestPending().isEmpty());
            assertEquals("t29", o.lastTag("K4").orElseThrow(), "tags outlive their records");
        }
    }

    @Test
    void aClaimedKeyIsNotClaimedAgainUntilReleased() {
        try (Outbox o = open()) {
            OutboxRecord a1 = rec("A", "started", 1);
            OutboxRecord a2 = rec("A", "step", 2);
            OutboxRecord b1 = rec("B", "started", 3);
            o.append(List.of(a1, a2, b1));
            List<OutboxRecord> first = o.claim(1, Duration.ofMinutes(1));
            assertEquals(List.of(a1), first);
            List<OutboxRecord> second = o.claim(10, Duration.ofMinutes(1));
            assertEquals(List.of(b1), second, "a2 must wait for a1");
            o.release(List.of(a1.id()));
            List<OutboxRecord> third = o.claim(10, Duration.ofMinutes(1));
            assertEquals(a1, third.get(0));
            assertTrue(third.size() <= 2 && (third.size() == 1 || third.get(1).equals(a2)));
            o.acknowledge(List.of(a1.id()));
            o.release(third.stream().map(OutboxRecord::id).filter(id -> !id.equals(a1.id())).toList());
            List<OutboxRecord> rest = drain(o);
            assertTrue(rest.contains(a2));
        }
    }

    @Test
    void everythingSurvivesAReopen() {
        List<OutboxRecord> in = new ArrayList<>();
        try (Outbox o = open()) {
            for (int i = 0; i < 6; i++) {
                in.add(rec("K" + i, "started", i));
            }
            o.append(in);
            o.acknowledge(List.of(in.get(0).id(), in.get(1).id()));
            o.release(o.claim(2, Duration.ofMinutes(1)).stream().map(OutboxRecord::id).toList());
        }
        try (Outbox o = reopen()) {
            assertEquals(4, o.pendingCount());
            assertEquals(in.subList(2, 6), drain(o));
            assertEquals("started", o.lastTag("K0").orElseThrow());
        }
    }

    @Test
    void emptyCallsAreHarmless() {
        try (Outbox o = open()) {
            o.append(List.of());
            o.acknowledge(List.of());
            o.release(List.of(UUID.randomUUID()));
            assertTrue(o.claim(10, Duration.ofSeconds(1)).isEmpty());
            assertTrue(o.lastTag("none").isEmpty());
        }
    }
}
