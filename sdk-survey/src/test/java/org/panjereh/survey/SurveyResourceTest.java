package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.Channel;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.testing.LogCapture;

/** The Jakarta REST endpoint gives the same pages and takes the same answers as the servlet. */
class SurveyResourceTest {

    @TempDir
    Path dir;

    /** The page's error id stands in exactly one log line, which names the reason. */
    private static void loggedOnce(LogCapture log, String page, String reasonPrefix) {
        Matcher m = Pattern.compile("شناسه خطا برای پشتیبانی: ([0-9a-f-]{36})").matcher(page);
        assertTrue(m.find(), page);
        List<String> lines = log.lines().stream().filter(l -> l.contains(m.group(1))).toList();
        assertEquals(1, lines.size(), log.lines().toString());
        assertTrue(lines.get(0).contains(reasonPrefix), lines.get(0));
    }

    @Test
    void showSubmitAndRefuse() throws Exception {
        SurveyServiceTest.start();
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher events = ServiceEventPublisher.builder(SurveyServiceTest.platform, outbox)
                     .courier(new SurveyResponseCourier()).deadLetters(DeadLetterStore.jsonLines(dir.resolve("dl")))
                     .idleWait(Duration.ofMillis(20)).build()) {
            SurveyTickets tickets = SurveyTickets.builder(SurveyServiceTest.key).lifetime(Duration.ofDays(1)).build();
            SurveyResource r = SurveyResource.builder(SurveyService.builder(SurveyServiceTest.platform, events, tickets).build(), tickets).formId("csat-v1").build();
            TrackingId t = TrackingIds.builder(SurveyServiceTest.platform).build().issue(SurveyServiceTest.LICENCE, Channel.WEB, "s").trackingId();
            events.publish(ServiceEvent.started(t, SurveyServiceTest.LICENCE, Channel.WEB, "U1"));
            events.publish(ServiceEvent.delivered(t, SurveyServiceTest.LICENCE, Channel.WEB, "U1"));
            String ticket = tickets.mint(t, SurveyServiceTest.LICENCE, Channel.WEB, "s");

            Response page = r.show(ticket);
            assertEquals(200, page.getStatus());
            assertTrue(page.getEntity().toString().contains("<panjereh-survey"));
            LogCapture log = new LogCapture();
            log.attach();
            Response forged = r.show("forged");
            assertEquals(400, forged.getStatus());
            loggedOnce(log, forged.getEntity().toString(), "survey.");

            MultivaluedHashMap<String, String> bad = new MultivaluedHashMap<>();
            bad.add("ticket", ticket);
            bad.add("q.satisfaction", "9");
            bad.add("comment", "private-comment-text");
            Response refused = r.submit(bad);
            assertEquals(400, refused.getStatus());
            assertTrue(refused.getEntity().toString().contains("لطفاً پاسخ‌ها را بررسی کنید."));
            loggedOnce(log, refused.getEntity().toString(), "survey.");
            assertTrue(log.lines().stream().noneMatch(l -> l.contains("private-comment-text") || l.contains(ticket)),
                    "no form content and no ticket in the log");
            log.detach();

            MultivaluedHashMap<String, String> good = new MultivaluedHashMap<>();
            good.add("ticket", ticket);
            good.add("q.satisfaction", "4");
            good.add("comment", "<b>خوب</b>");
            Response thanks = r.submit(good);
            assertEquals(200, thanks.getStatus());
            assertTrue(thanks.getEntity().toString().contains("&lt;b&gt;خوب&lt;/b&gt;"), "shown escaped");
            assertEquals(200, r.submit(good).getStatus(), "a second post is thanked and stores nothing");
            assertEquals(200, r.asset("panjereh-survey.js").getStatus());
            assertEquals(404, r.asset("../secret").getStatus());
            assertTrue(events.awaitDelivered(Duration.ofSeconds(10)));
        } finally {
            SurveyServiceTest.stop();
        }
    }
}
