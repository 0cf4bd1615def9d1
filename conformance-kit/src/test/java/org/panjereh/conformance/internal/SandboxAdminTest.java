package org.panjereh.conformance.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a record ends when it came, when the portal says nothing of its own is on its way any more, or when the
 * wait runs out — counted in reads of the sandbox's record, not in time.
 */
class SandboxAdminTest {

    @StartStop
    final MockWebServer sandbox = new MockWebServer();
    final AtomicInteger reads = new AtomicInteger();
    /** What the record holds at each read: the last one stays once the others are used. */
    final Deque<String> records = new ArrayDeque<>();

    @BeforeEach
    void scriptTheRecord() {
        sandbox.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                reads.incrementAndGet();
                String items;
                synchronized (records) {
                    items = records.size() > 1 ? records.poll() : records.peek();
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"items\":[" + (items == null ? "" : items) + "]}").build();
            }
        });
    }

    private SandboxAdmin admin(SandboxAdmin.PortalBacklog backlog) {
        return new SandboxAdmin(URI.create(sandbox.url("/").toString().replaceAll("/$", "")), backlog);
    }

    private static List<JsonNode> awaitStarted(SandboxAdmin admin, Duration wait) throws Exception {
        return admin.await("event", e -> e.path("subject").asText().equals("t1"),
                found -> found.stream().anyMatch(e -> e.path("type").asText().equals("started")), wait);
    }

    @Test
    void aPortalWithNothingOnItsWayEndsTheWaitAfterOneMoreRead() throws Exception {
        records.add("{\"subject\":\"t1\",\"type\":\"submitted\"}");
        Deque<Long> backlog = new ArrayDeque<>(List.of(2L, 1L, 0L));
        List<JsonNode> found = awaitStarted(admin(() -> OptionalLong.of(backlog.size() > 1 ? backlog.poll() : backlog.peek())),
                Duration.ofMinutes(10));
        // Three reads while two, then one, record waited; the portal said none; one read more to be sure.
        assertEquals(4, reads.get());
        assertEquals(1, found.size());
        assertFalse(found.get(0).path("type").asText().equals("started"));
    }

    @Test
    void whatArrivedWhileThePortalWasAskedIsSeen() throws Exception {
        records.add("");
        records.add("{\"subject\":\"t1\",\"type\":\"started\"}");
        List<JsonNode> found = awaitStarted(admin(() -> OptionalLong.of(0)), Duration.ofMinutes(10));
        assertEquals(2, reads.get());
        assertEquals("started", found.get(0).path("type").asText());
    }

    @Test
    void aRecordThatCameEndsTheWaitWithoutAskingThePortal() throws Exception {
        records.add("{\"subject\":\"t1\",\"type\":\"started\"},{\"subject\":\"t2\",\"type\":\"started\"}");
        AtomicInteger asked = new AtomicInteger();
        List<JsonNode> found = awaitStarted(admin(() -> {
            asked.incrementAndGet();
            return OptionalLong.of(5);
        }), Duration.ofMinutes(10));
        assertEquals(1, found.size());
        assertEquals(0, asked.get());
        assertEquals(1, reads.get());
    }

    @Test
    void aPortalThatCannotTellOrCannotBeAskedIsWaitedForUntilTheWaitRunsOut() throws Exception {
        records.add("");
        assertTrue(awaitStarted(admin(OptionalLong::empty), Duration.ofMillis(600)).isEmpty());
        assertTrue(reads.get() >= 3, "read until the wait ran out: " + reads.get());
        reads.set(0);
        assertTrue(awaitStarted(admin(() -> {
            throw new IOException("no /q/metrics");
        }), Duration.ofMillis(600)).isEmpty());
        assertTrue(reads.get() >= 3, "read until the wait ran out: " + reads.get());
        assertFalse(admin(() -> OptionalLong.of(1)).portalSettled());
        assertTrue(admin(() -> OptionalLong.of(0)).portalSettled());
    }
}
