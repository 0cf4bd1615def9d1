package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.Channel;
import org.panjereh.core.FidaCode;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.NationalCode;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;

class ServiceEventPublisherTest {

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

    static long eventsAtPlatformFor(TrackingId t) throws Exception {
        long n = 0;
        for (JsonNode e : f.record("event")) {
            if (e.get("subject").asText().equals(t.value())) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aLifecycleReachesThePlatformInOrder() throws Exception {
        TrackingId t = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U-1010-01"));
            p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "review", Channel.WEB, "U-1010-01"));
            p.publish(ServiceEvent.delivered(t, PublisherFixture.LICENCE, Channel.WEB, "U-1010-02"));
            assertTrue(p.awaitDelivered(Duration.ofSeconds(10)));
            DeliveryMetrics m = p.metrics();
            assertEquals(0, m.pending());
            assertEquals(3, m.delivered());
            assertEquals(0, m.rejected());
            assertEquals("CLOSED", m.circuitState());
        }
        TrackingIds.TrackingStatus s = TrackingIds.builder(f.client).build().status(t);
        assertEquals("delivered", s.status());
        assertEquals(List.of("ir.gov.service.started", "ir.gov.service.step", "ir.gov.service.delivered"),
                s.events().stream().map(TrackingIds.TimelineEntry::type).toList());
    }

    @Test
    void publishedEventsAreKeptInTheHistoryBeforeTheOutboxAndAFailedHistoryStoresNothing() throws Exception {
        org.h2.jdbcx.JdbcDataSource db = new org.h2.jdbcx.JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ServiceHistory history = ServiceHistory.jdbc(db);
        TrackingId t = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).history(history).deliver(false).build()) {
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            p.publishAll(List.of(ServiceEvent.step(t, PublisherFixture.LICENCE, "review", Channel.WEB, "U1"),
                    ServiceEvent.delivered(t, PublisherFixture.LICENCE, Channel.WEB, "U1")));
            assertEquals(3, outbox.pendingCount());
        }
        try (java.sql.Connection c = db.getConnection(); java.sql.ResultSet rs = c.createStatement().executeQuery(
                "SELECT type, channel, service_id FROM panjereh_service_history WHERE tracking_id = '" + t.value() + "' ORDER BY at, type")) {
            List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
            assertEquals(3, rows.size(), rows.toString());
            assertTrue(rows.contains("ir.gov.service.delivered web " + PublisherFixture.LICENCE.value()), rows.toString());
        }
        ServiceHistory broken = new ServiceHistory() {
            @Override
            public void record(List<ServiceEvent> events) {
                throw new OutboxException("the history's database is down", null, true);
            }

            @Override
            public void formOpened(org.panjereh.core.ServiceId s, Channel c, java.time.Instant at) {
            }
        };
        TrackingId u = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o2"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl2")).history(broken).deliver(false).build()) {
            assertThrows(OutboxException.class, () -> p.publish(ServiceEvent.started(u, PublisherFixture.LICENCE, Channel.WEB, "U1")));
            assertEquals(0, outbox.pendingCount(), "an event the report would miss is not sent either; the caller retries it");
        }
    }

    @Test
    void orderRulesAreCheckedBeforeStorageAndSurviveRestarts() throws Exception {
        TrackingId t = f.issue();
        Path o = dir.resolve("o");
        try (Outbox outbox = Outbox.fileJournal(o);
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).deliver(false).build()) {
            EventRefusedException first = assertThrows(EventRefusedException.class,
                    () -> p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "review", Channel.WEB, "U1")));
            assertEquals(EventRefusedException.Reason.ORDER, first.reason());
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            assertThrows(EventRefusedException.class, () -> p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE,
                    Channel.WEB, "U1")));
            p.publish(ServiceEvent.cancelled(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            assertEquals(2, outbox.pendingCount());
        }
        try (Outbox outbox = Outbox.fileJournal(o);
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).deliver(false).build()) {
            EventRefusedException after = assertThrows(EventRefusedException.class,
                    () -> p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "review", Channel.WEB, "U1")));
            assertTrue(after.getMessage().contains("already ended"));
        }
    }

    @Test
    void stepCodesAreCheckedAgainstTheCardWhenARegistryIsGiven() throws Exception {
        TrackingId t = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).registry(ServiceRegistry.remote(f.client))
                     .deliver(false).build()) {
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            assertEquals(EventRefusedException.Reason.INVALID, assertThrows(EventRefusedException.class,
                    () -> p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "teleport", Channel.WEB, "U1"))).reason());
        }
    }

    @Test
    void whatThePlatformRejectsIsParkedWithItsReason() throws Exception {
        TrackingId t = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "teleport", Channel.WEB, "U1"));
            assertTrue(p.awaitDelivered(Duration.ofSeconds(10)));
            assertEquals(1, p.metrics().rejected());
            DeadLetter d = p.deadLetters().list().get(0);
            assertEquals("events.unknown_step", d.code());
            assertEquals(t.value(), d.key());
            assertTrue(d.payload().contains("teleport"));
        }
        assertEquals(1, DeadLetterStore.jsonLines(dir.resolve("dl")).count(), "dead letters are durable");
    }

    @Test
    void lostAcknowledgementsCountNothingTwice() throws Exception {
        List<TrackingId> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(f.issue());
        }
        f.fault("events.batch", "{\"dropResponseRate\":0.6}");
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).batchSize(7).build()) {
            for (TrackingId t : ids) {
                p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
                p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "review", Channel.WEB, "U1"));
            }
            assertTrue(p.awaitDelivered(Duration.ofSeconds(30)));
            DeliveryMetrics m = p.metrics();
            assertEquals(40, m.delivered() + m.duplicates());
            assertTrue(m.duplicates() > 0, "some answers were lost and resent");
        } finally {
            f.clearFaults();
        }
        for (TrackingId t : ids) {
            assertEquals(2, eventsAtPlatformFor(t));
        }
    }

    @Test
    void intakeDownThenUpLosesNothing() throws Exception {
        TrackingId t = f.issue();
        f.fault("events", "{\"down\":true}");
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
            p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            p.publish(ServiceEvent.delivered(t, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"OPEN".equals(p.metrics().circuitState()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals("OPEN", p.metrics().circuitState(), "repeated failures open the circuit");
            assertEquals(2, p.metrics().pending());
            assertTrue(p.metrics().lastError().contains("503"));
            f.clearFaults();
            assertTrue(p.awaitDelivered(Duration.ofSeconds(10)));
            assertEquals(2, p.metrics().delivered());
        } finally {
            f.clearFaults();
        }
        assertEquals(2, eventsAtPlatformFor(t));
    }

    @Test
    void backPressureWhenTooMuchWaits() throws Exception {
        TrackingId a = f.issue();
        TrackingId b = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).maxPending(2).deliver(false).build()) {
            p.publish(ServiceEvent.started(a, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            p.publish(ServiceEvent.started(b, PublisherFixture.LICENCE, Channel.WEB, "U1"));
            OutboxException e = assertThrows(OutboxException.class,
                    () -> p.publish(ServiceEvent.step(a, PublisherFixture.LICENCE, "review", Channel.WEB, "U1")));
            assertTrue(e.isBackPressure());
            assertTrue(e.isRetryable());
            assertEquals(2, outbox.pendingCount());
        }
    }

    @Test
    void messageBoxNoticesAreSentOnceEvenWhenAnswersAreLost() throws Exception {
        TrackingId t = f.issue();
        f.fault("messages.send", "{\"dropResponseRate\":0.7}");
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
            p.sendMessage(new MessageNotice(NationalCode.of("0499370899"), PublisherFixture.LICENCE, t,
                    "پروانه کسب شما صادر شد", "پروانه پیوست است.", URI.create("https://portal.example/d/1.pdf")));
            assertTrue(p.awaitDelivered(Duration.ofSeconds(20)));
        } finally {
            f.clearFaults();
        }
        Set<String> ids = new HashSet<>();
        long forT = 0;
        for (JsonNode m : f.record("message")) {
            if (m.get("trackingId").asText().equals(t.value())) {
                forT++;
                ids.add(m.get("messageId").asText());
            }
        }
        assertEquals(1, forT);
        assertEquals(1, ids.size());
    }

    @Test
    void messagesReachForeignNationalsAndCompaniesByTheirOwnNumber() throws Exception {
        TrackingId t = f.issue();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
            p.sendMessage(new MessageNotice(FidaCode.of("۱۲۳۴۵۶۷۸۹۰۱۲"), PublisherFixture.LICENCE, t, "ثبت اقامت", "ثبت شد.", null));
            p.sendMessage(new MessageNotice(LegalEntityId.of("10380284790"), PublisherFixture.LICENCE, t, "ثبت شرکت", "ثبت شد.", null));
            assertTrue(p.awaitDelivered(Duration.ofSeconds(20)));
        }
        List<String> recipients = new ArrayList<>();
        for (JsonNode m : f.record("message")) {
            if (m.get("trackingId").asText().equals(t.value())) {
                recipients.add(m.get("recipient").toString());
            }
        }
        assertEquals(List.of("{\"fidaCode\":\"123456789012\"}", "{\"legalEntityId\":\"10380284790\"}"), recipients);
        assertFalse(new MessageNotice(FidaCode.of("123456789012"), PublisherFixture.LICENCE, t, "a", "b", null).toString()
                .contains("1234567890"));
    }
}
