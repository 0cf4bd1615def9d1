package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.panjereh.core.TrackingId;

/** The staff console's bad paths: rejection, a step past the last, two staff on one request, a stale form. */
@QuarkusTest
class StaffConsoleTest {

    @Inject
    Platform platform;
    @Inject
    Agency agency;
    @Inject
    Visits visits;
    @Inject
    MonthlyFigures figures;

    private TrackingId apply(Browser citizen) throws Exception {
        Browser.Page form = citizen.get("/apply/10101234568");
        Browser.Page done = citizen.post("/apply/10101234568", "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "5166616471");
        assertEquals(303, done.status(), done.body());
        return TrackingId.of(done.location().substring("/my/requests/".length()));
    }

    @Test
    void aRejectedRequestEndsWithoutASurveyAndTheCitizenIsTold() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = apply(maryam);
        Browser staff = new Browser();
        Browser.Page console = staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        String csrf = console.field("csrf");
        assertEquals(303, staff.post("/staff/requests/" + t.value() + "/reject", "csrf", csrf, "version", "0").status());

        Browser.Page again = staff.post("/staff/requests/" + t.value() + "/deliver", "csrf", csrf, "version", "1");
        assertEquals(409, again.status(), "a rejected request cannot be delivered");
        assertTrue(again.body().contains("پیش‌تر تحویل یا رد شده"), again.body());
        Browser.Page mine = maryam.get("/my/requests/" + t.value());
        assertTrue(mine.body().contains("رد شده") && mine.body().contains("رد درخواست"), mine.body());
        assertFalse(mine.body().contains("/survey?ticket="), "no survey for a rejected request");

        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)));
        List<String> types = new ArrayList<>();
        for (JsonNode e : JourneyTest.record(sandbox, "event")) {
            if (e.path("subject").asText().equals(t.value())) {
                types.add(e.path("type").asText() + "/" + e.path("data").path("outcome").asText(""));
            }
        }
        assertEquals(List.of("ir.gov.service.started/", "ir.gov.service.rejected/rejected"), types);
        int told = 0;
        for (JsonNode m : JourneyTest.record(sandbox, "message")) {
            told += m.path("trackingId").asText().equals(t.value()) && m.path("title").asText().startsWith("نتیجه") ? 1 : 0;
        }
        assertEquals(1, told);
    }

    @Test
    void staleFormsAndStepsPastTheLastAreRefusedInPersian() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = apply(maryam);
        Browser staff = new Browser();
        String csrf = staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff").field("csrf");
        Browser colleague = new Browser();
        String csrf2 = colleague.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff").field("csrf");

        // Both saw version 0; the colleague acts first.
        assertEquals(303, colleague.post("/staff/requests/" + t.value() + "/advance", "csrf", csrf2, "version", "0").status());
        Browser.Page stale = staff.post("/staff/requests/" + t.value() + "/advance", "csrf", csrf, "version", "0");
        assertEquals(409, stale.status());
        assertTrue(stale.body().contains("همکار دیگری"), stale.body());

        assertEquals(303, staff.post("/staff/requests/" + t.value() + "/advance", "csrf", csrf, "version", "1").status());
        Browser.Page past = staff.post("/staff/requests/" + t.value() + "/advance", "csrf", csrf, "version", "2");
        assertEquals(409, past.status(), "the card has two steps");
        assertTrue(past.body().contains("همه مراحل"), past.body());
        assertEquals(404, staff.post("/staff/requests/" + t.value() + "/archive", "csrf", csrf, "version", "2").status());
        assertEquals(400, staff.post("/staff/requests/" + t.value() + "/deliver", "csrf", csrf, "version", "two").status());
        assertEquals(404, staff.post("/staff/requests/" + "1".repeat(20) + "/deliver", "csrf", csrf, "version", "0").status());
    }

    @Test
    void theMonthlyReportCountsTheMonthShowsTheKpisAndIsSentToThePlatform() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = apply(maryam);
        Browser staff = new Browser();
        staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        for (String action : List.of("advance", "advance", "deliver")) {
            assertTrue(PaymentJourneyTest.staffAct(staff, t, action).startsWith("303"));
        }
        String month = org.panjereh.core.JalaliMonth.containing(java.time.Instant.now()).toString();
        Browser.Page dashboard = staff.get("/staff/reports?month=" + month);
        assertEquals(200, dashboard.status(), dashboard.body());
        assertTrue(dashboard.body().contains("<svg") && dashboard.body().contains("role=\"img\"")
                && dashboard.body().contains("بهره‌گیری الکترونیکی") && dashboard.body().contains("ثبت محل اقامت"), dashboard.body());
        assertFalse(dashboard.body().contains("<script"), "drawn on the server");
        Browser.Page csv = staff.get("/staff/reports/csv?month=" + month);
        String residence = csv.body().lines().filter(l -> l.contains(",10101234568,")).findFirst().orElseThrow();
        String[] cols = residence.split(",");
        assertTrue(Integer.parseInt(cols[7]) >= 1, "delivered this month: " + residence);
        assertTrue(Integer.parseInt(cols[4]) >= 1, "received on the web: " + residence);

        String last = org.panjereh.core.JalaliMonth.containing(java.time.Instant.now()).previous().toString();
        Browser.Page sent = staff.post("/staff/reports/send", "csrf", dashboard.field("csrf"), "month", last);
        assertEquals(303, sent.status(), sent.body());
        boolean held = false;
        for (JsonNode r : JourneyTest.record(sandbox, "report")) {
            held |= r.path("month").asText().equals(last) && r.path("agencyId").asText().equals("1010");
        }
        assertTrue(held, "the platform holds the last finished month");
        assertEquals(400, staff.get("/staff/reports?month=1405-13").status());
        int citizen = maryam.get("/staff/reports").status();
        assertTrue(citizen == 403 || citizen == 302, "a citizen is not staff: " + citizen);
    }

    @Test
    void visitorsAreCountedStoredBeforeSendingAndInTheMonthsReport() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        for (int i = 0; i < 3; i++) {
            new Browser().get("/services");
        }
        org.panjereh.core.JalaliMonth month = org.panjereh.core.JalaliMonth.containing(java.time.Instant.now());
        long before = figures.compute(month, java.time.Instant.now()).portal().visits();
        assertTrue(before >= 3, "counted while the day runs: " + before);
        visits.flush();
        long sent = 0;
        for (JsonNode v : JourneyTest.record(sandbox, "visits")) {
            sent += v.path("agencyId").asText().equals("1010") ? v.path("visits").asLong() : 0;
        }
        assertTrue(sent >= 3, "the day's counts reached the platform: " + sent);
        assertEquals(before, figures.compute(month, java.time.Instant.now()).portal().visits(), "stored, not lost, by the flush");
    }

    @Test
    void aComplaintGetsAReferenceADueDateAndOneAnswerThePersonSees() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        TrackingId t = apply(maryam);
        Browser.Page form = maryam.get("/my/complaints");
        assertEquals(200, form.status(), form.body());
        String csrf = form.field("csrf");
        assertEquals(422, maryam.post("/my/complaints", "csrf", csrf, "kind", "complaint", "text", " ").status());
        Browser.Page tooLong = maryam.post("/my/complaints", "csrf", csrf, "kind", "complaint", "text", "ا".repeat(2001));
        // Over 2000 letters is over the form size the gateway reads at all: refused before it is parsed, in Persian.
        assertTrue(tooLong.status() == 413 || tooLong.status() == 422, "status " + tooLong.status());
        assertTrue(tooLong.body().contains("شناسه خطا") && tooLong.body().contains("dir=\"rtl\""), tooLong.body());
        Browser.Page justOver = maryam.post("/my/complaints", "csrf", csrf, "kind", "complaint", "text", "a".repeat(2001));
        assertEquals(422, justOver.status());
        assertTrue(justOver.body().contains("۲۰۰۰"), justOver.body());
        assertEquals(422, maryam.post("/my/complaints", "csrf", csrf, "kind", "rant", "text", "x").status());
        Browser ali = new Browser();
        ali.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/my");
        Browser.Page other = ali.post("/my/complaints", "csrf", ali.get("/my/complaints").field("csrf"), "kind", "complaint",
                "trackingId", t.value(), "text", "درخواست دیگری");
        assertEquals(403, other.status(), "another person's request");
        String text = "پاسخ تلفنی داده نشد " + t.value();
        assertEquals(303, maryam.post("/my/complaints", "csrf", csrf, "kind", "complaint", "trackingId", t.toPersianDisplay(),
                "text", text).status());
        assertTrue(maryam.get("/my/complaints").body().contains("در انتظار پاسخ"));

        Browser staff = new Browser();
        staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        Browser.Page list = staff.get("/staff/complaints");
        // Other tests file complaints too: the form is the one in this complaint's section.
        int at = list.body().indexOf(text);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("action=\"(/staff/complaints/[0-9]{10})\"").matcher(list.body());
        assertTrue(at > 0 && m.find(at), list.body());
        assertEquals(303, staff.post(m.group(1), "csrf", list.field("csrf"), "answer", "پیگیری شد؛ کارشناس تماس می‌گیرد.").status());
        assertEquals(409, staff.post(m.group(1), "csrf", list.field("csrf"), "answer", "دوباره").status());
        assertTrue(maryam.get("/my/complaints").body().contains("کارشناس تماس می‌گیرد"));
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)));
        boolean told = false;
        for (JsonNode msg : JourneyTest.record(sandbox, "message")) {
            told |= msg.path("trackingId").asText().equals(t.value()) && msg.path("title").asText().startsWith("پاسخ به شکایت");
        }
        assertTrue(told, "the answer reached the message box");
    }
}
