package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.TrackingId;

/** Other kinds of records ride the same outbox, in order after their request's events. */
class CourierTest {

    static PublisherFixture f;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        f = new PublisherFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Retries twice, then delivers; records what it saw and when. */
    static final class Flaky implements RecordCourier {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String kind() {
            return "test-kind";
        }

        @Override
        public Outcome deliver(OutboxRecord record, PlatformClient platform) {
            seen.add(new String(record.payload(), StandardCharsets.UTF_8));
            String p = new String(record.payload(), StandardCharsets.UTF_8);
            if (p.equals("refuse")) {
                return Outcome.refused("test.refused", "no");
            }
            return calls.incrementAndGet() <= 2 ? Outcome.retry("test.later", "not yet") : Outcome.delivered();
        }
    }

    @Test
    void aCourierRecordWaitsForItsRequestsEventsAndIsRetried() throws Exception {
        TrackingId t = f.issue();
        Flaky courier = new Flaky();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).courier(courier).build()) {
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            p.enqueue("test-kind", t.value(), UUID.randomUUID(), "after-started".getBytes(StandardCharsets.UTF_8));
            assertEquals("ir.gov.service.started", outbox.lastTag(t.value()).orElseThrow(), "a courier record keeps the tag");
            p.publish(ServiceEvent.delivered(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            p.enqueue("test-kind", "other", UUID.randomUUID(), "refuse".getBytes(StandardCharsets.UTF_8));
            assertTrue(p.awaitDelivered(Duration.ofSeconds(10)));
            assertEquals(1, p.metrics().rejected());
            assertEquals("test.refused", p.deadLetters().list().get(0).code());
            assertTrue(courier.calls.get() >= 3);
        }
        assertEquals(2, f.record("event").findValues("subject").stream().filter(n -> n.asText().equals(t.value())).count());
    }

    @Test
    void aKindWithoutACourierStaysPending() throws Exception {
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
            p.enqueue("unknown-kind", "k", UUID.randomUUID(), new byte[] {1});
            assertThrows(IllegalArgumentException.class, () -> p.enqueue("event", "k", UUID.randomUUID(), new byte[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (p.metrics().lastError() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(p.metrics().lastError().contains("no courier"));
            assertEquals(1, p.metrics().pending(), "never dropped");
        }
    }
}
