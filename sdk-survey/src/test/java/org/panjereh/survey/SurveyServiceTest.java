package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** Answers reach the national evaluation service once, after delivery, even through an outage. */
class SurveyServiceTest {

    static NationalSandbox sandbox;
    static PlatformClient platform;
    static SigningKey key;
    static final ServiceId LICENCE = ServiceId.of("10101234567");
    static final OkHttpClient HTTP = new OkHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        platform = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    ServiceEventPublisher publisher(Outbox outbox) {
        return ServiceEventPublisher.builder(platform, outbox)
                .deadLetters(DeadLetterStore.jsonLines(dir.resolve("dl.jsonl"))).courier(new SurveyResponseCourier())
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).circuitOpenWait(Duration.ofMillis(100))
                .idleWait(Duration.ofMillis(20)).build();
    }

    static JsonNode responses() throws Exception {
        try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/survey-response").build())
                .execute()) {
            return new ObjectMapper().readTree(r.body().string()).get("items");
        }
    }

    static void fault(String method, String path, String body) throws Exception {
        try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/faults" + path)
                .method(method, body == null ? null : RequestBody.create(body, MediaType.get("application/json"))).build())
                .execute()) {
            assertTrue(r.code() < 300);
        }
    }

    Map<String, String> fields(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void oneResponsePerDeliveredRequestThroughAnOutage() throws Exception {
        TrackingId t = TrackingIds.builder(platform).build().issue(LICENCE, Channel.COUNTER, "sub-1").trackingId();
        SurveyTickets tickets = SurveyTickets.builder(key).lifetime(Duration.ofDays(7)).build();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o")); ServiceEventPublisher events = publisher(outbox)) {
            SurveyService survey = SurveyService.builder(platform, events, tickets).build();
            String ticket = tickets.mint(t, LICENCE, Channel.COUNTER, "sub-1");
            events.publish(ServiceEvent.started(t, LICENCE, Channel.COUNTER, "U1"));
            assertEquals(SurveyException.Reason.NOT_DELIVERED, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "5"))).reason());
            events.publish(ServiceEvent.delivered(t, LICENCE, Channel.COUNTER, "U1"));
            SurveyForm form = survey.form("csat-v1");
            assertEquals(8, form.questionsFor(Channel.COUNTER).size());
            assertEquals(7, form.questionsFor(Channel.WEB).size());
            fault("PUT", "/survey", "{\"down\":true}");
            survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "۵", "q.employee", "4",
                    "comment", "<script>alert(1)</script> کارمند خوش‌برخورد بود"));
            assertEquals(SurveyException.Reason.TICKET_USED, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "1"))).reason());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.metrics().lastError() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(events.metrics().pending() >= 1, "held while the evaluation service is down");
            fault("DELETE", "", null);
            assertTrue(events.awaitDelivered(Duration.ofSeconds(20)));
        } finally {
            fault("DELETE", "", null);
        }
        long mine = 0;
        for (JsonNode r : responses()) {
            if (r.get("trackingId").asText().equals(t.value())) {
                mine++;
                assertEquals(LICENCE.value(), r.get("serviceId").asText());
                assertEquals("counter", r.get("channel").asText());
                assertEquals("<script>alert(1)</script> کارمند خوش‌برخورد بود", r.get("comment").asText(),
                        "stored as typed; pages show it escaped");
                assertEquals(2, r.get("answers").size());
            }
        }
        assertEquals(1, mine);
        // The agency answers the comment at the platform (مصوبه ۱ ماده ۲).
        String responseId = null;
        for (JsonNode r : responses()) {
            if (r.get("trackingId").asText().equals(t.value())) {
                responseId = r.get("responseId").asText();
            }
        }
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o2")); ServiceEventPublisher events = publisher(outbox)) {
            SurveyService survey = SurveyService.builder(platform, events, SurveyTickets.builder(key).lifetime(Duration.ofDays(1)).build()).build();
            assertTrue(survey.reply(responseId, "از همکار ما سپاسگزاریم.", "noted").length() > 0);
            assertThrows(IllegalArgumentException.class, () -> survey.reply("x", "t", "ignored"));
            String unknown = "00000000-0000-0000-0000-000000000000";
            assertEquals(404, assertThrows(org.panjereh.core.PlatformException.class,
                    () -> survey.reply(unknown, "t", "noted")).statusCode());
        }
    }

    @Test
    void answersAreValidatedAgainstTheForm() throws Exception {
        TrackingId t = TrackingIds.builder(platform).build().issue(LICENCE, Channel.WEB, "sub-2").trackingId();
        SurveyTickets tickets = SurveyTickets.builder(key).lifetime(Duration.ofDays(7)).build();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o")); ServiceEventPublisher events = publisher(outbox)) {
            events.publish(ServiceEvent.started(t, LICENCE, Channel.WEB, "U1"));
            events.publish(ServiceEvent.delivered(t, LICENCE, Channel.WEB, "U1"));
            SurveyService survey = SurveyService.builder(platform, events, tickets).build();
            String ticket = tickets.mint(t, LICENCE, Channel.WEB, "sub-2");
            assertEquals(SurveyException.Reason.INVALID_ANSWER, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "6"))).reason());
            assertEquals(SurveyException.Reason.INVALID_ANSWER, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.ease", "3"))).reason(), "satisfaction is required");
            assertEquals(SurveyException.Reason.INVALID_ANSWER, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "3", "q.employee", "5"))).reason(),
                    "no staff on the web channel");
            assertEquals(SurveyException.Reason.INVALID_ANSWER, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "3", "q.nope", "5"))).reason());
            assertEquals(SurveyException.Reason.COMMENT_TOO_LONG, assertThrows(SurveyException.class,
                    () -> survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "3", "comment", "ب".repeat(1001)))).reason());
            survey.submit(ticket, t, "csat-v1", fields("q.satisfaction", "4", "comment", "ب".repeat(1000)));
            assertTrue(events.awaitDelivered(Duration.ofSeconds(10)));
        }
    }

    @Test
    void visitCountsAreReported() throws Exception {
        VisitCounter v = VisitCounter.builder(new byte[32]).onlineWindow(Duration.ofMinutes(5)).build();
        v.record("192.0.2.1", "Firefox");
        v.record("192.0.2.1", "Firefox");
        v.record("192.0.2.7", "Chrome");
        VisitCounter.Counts sent = v.report(platform);
        assertEquals(3, sent.visits());
        try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/visits").build()).execute()) {
            JsonNode items = new ObjectMapper().readTree(r.body().string()).get("items");
            JsonNode last = items.get(items.size() - 1);
            assertEquals(3, last.get("visits").asLong());
            assertEquals(2, last.get("uniqueVisitors").asLong());
            assertEquals(2, last.get("peakOnline").asLong());
            assertTrue(!last.toString().contains("192.0.2"), "no address reaches the platform");
        }
    }

    @Test
    void theArchiveKeepsEachResponseItsPlatformIdAndTheOneReplyStaffGave() throws Exception {
        org.h2.jdbcx.JdbcDataSource db = new org.h2.jdbcx.JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SurveyArchive archive = SurveyArchive.jdbc(db);
        TrackingId t = TrackingIds.builder(platform).build().issue(LICENCE, Channel.WEB, "sub-9").trackingId();
        SurveyTickets tickets = SurveyTickets.builder(key).lifetime(Duration.ofDays(7)).build();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("oa"));
             ServiceEventPublisher events = ServiceEventPublisher.builder(platform, outbox)
                     .deadLetters(DeadLetterStore.jsonLines(dir.resolve("dla.jsonl"))).courier(new SurveyResponseCourier(archive))
                     .idleWait(Duration.ofMillis(20)).build()) {
            SurveyService survey = SurveyService.builder(platform, events, tickets).archive(archive).build();
            events.publish(ServiceEvent.started(t, LICENCE, Channel.WEB, "U1"));
            events.publish(ServiceEvent.delivered(t, LICENCE, Channel.WEB, "U1"));
            java.util.UUID key1 = survey.submit(tickets.mint(t, LICENCE, Channel.WEB, "sub-9"), t, "csat-v1",
                    fields("q.satisfaction", "2", "comment", "صف طولانی بود"));
            SurveyArchive.Response stored = archive.forRequest(t).orElseThrow();
            assertEquals(2, stored.satisfaction());
            assertEquals("صف طولانی بود", stored.comment());
            assertTrue(!stored.toString().contains("صف"), "the comment stays out of toString");
            assertTrue(events.awaitDelivered(Duration.ofSeconds(20)));
            String responseId = archive.find(key1).orElseThrow().responseId();
            assertTrue(responseId != null && !responseId.isBlank(), "the courier kept the platform's id");
            SurveyArchive.Response answered = survey.reply(key1, "زمان پاسخ‌گویی باجه‌ها افزایش یافت.", "applied");
            assertEquals("applied", answered.replyAction());
            assertEquals(SurveyException.Reason.ALREADY_REPLIED, assertThrows(SurveyException.class,
                    () -> survey.reply(key1, "دوباره", "noted")).reason());
            java.time.Instant now = java.time.Instant.now();
            SurveyArchive.Stats stats = archive.stats(LICENCE, now.minusSeconds(3600), now.plusSeconds(60));
            assertTrue(stats.responses() >= 1 && stats.replied() >= 1 && stats.satisfactionMean() != null);
            assertEquals(key1, archive.comments(10).stream().filter(r -> r.trackingId().equals(t)).findFirst().orElseThrow().key());
        }
        int replies = 0;
        try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/survey-reply").build()).execute()) {
            for (JsonNode n : new ObjectMapper().readTree(r.body().string()).get("items")) {
                replies += n.toString().contains("زمان پاسخ‌گویی") ? 1 : 0;
            }
        }
        assertEquals(1, replies, "one reply reached the platform");
    }
}
