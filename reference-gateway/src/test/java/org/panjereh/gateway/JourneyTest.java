package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.panjereh.core.TrackingId;

/**
 * The whole citizen journey over HTTP against the embedded sandbox: apply with data from the exchange,
 * tracking id and message box, staff moving the request, delivery, the survey, the public timeline, and
 * what the platform received.
 */
@QuarkusTest
class JourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Platform platform;
    @Inject
    Agency agency;

    @Test
    void aCitizenAppliesStaffDeliverAndTheSurveyFollows() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:1", "/apply/10101234568");
        assertTrue(form.body().contains("ثبت محل اقامت") && form.body().contains("name=\"postalCode\""), form.body());
        assertFalse(form.body().contains("type=\"file\""), "identity and address come from the exchange, not uploads");

        // Persian digits are accepted; a repeated submission (same one-time key) makes no second request.
        String[] fields = {"csrf", form.field("csrf"), "submission", form.field("submission"), "postalCode", "۱۹۹۱۹۴۳۷۱۱"};
        Browser.Page applied = maryam.post("/apply/10101234568", fields);
        assertEquals(303, applied.status(), applied.body());
        assertEquals(applied.location(), maryam.post("/apply/10101234568", fields).location());
        TrackingId t = TrackingId.of(applied.location().substring("/my/requests/".length()));
        Browser.Page mine = maryam.get(applied.location());
        assertTrue(mine.body().contains(t.toPersianDisplay()) && mine.body().contains("مریم احمدی")
                && mine.body().contains("خیابان ولیعصر"), mine.body());

        Browser staff = new Browser();
        Browser.Page console = staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        assertTrue(console.body().contains(t.toPersianDisplay()), console.body());
        for (String action : List.of("advance", "advance", "deliver")) {
            console = staff.get("/staff");
            Browser.Page moved = staff.post("/staff/requests/" + t.value() + "/" + action, "csrf", console.field("csrf"),
                    "version", version(console.body(), t));
            assertEquals(303, moved.status(), moved.body());
        }

        Browser.Page delivered = maryam.get("/my/requests/" + t.value());
        assertTrue(delivered.body().contains("تحویل شده") && delivered.body().contains("تطبیق نشانی")
                && delivered.body().contains("ثبت نشانی"), delivered.body());
        Matcher survey = Pattern.compile("href=\"(/survey\\?ticket=[^\"]+)\"").matcher(delivered.body());
        assertTrue(survey.find(), delivered.body());
        Browser.Page surveyForm = maryam.get(survey.group(1).replace("&amp;", "&"));
        assertEquals(200, surveyForm.status(), surveyForm.body());
        Browser.Page thanks = maryam.post("/survey", "ticket", surveyForm.field("ticket"), "formId", "csat-v1",
                "q.satisfaction", "5", "q.ease", "4", "comment", "سریع بود");
        assertEquals(200, thanks.status(), thanks.body());

        Browser.Page tracking = new Browser().get("/track?id=" + t.toPersianDisplay().replace(" ", "+"));
        assertEquals(200, tracking.status(), tracking.body());
        assertTrue(tracking.body().contains("تحویل خدمت") && tracking.body().contains("ثبت درخواست"), tracking.body());
        assertFalse(tracking.body().contains("مریم") || tracking.body().contains("ولیعصر"), "the public page shows no personal data");

        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)), agency.events().metrics().toString());
        List<String> types = new ArrayList<>();
        for (JsonNode e : record(sandbox, "event")) {
            if (e.path("subject").asText().equals(t.value())) {
                types.add(e.path("type").asText().replace("ir.gov.service.", "") + e.path("data").path("step").asText(""));
            }
        }
        assertEquals(List.of("started", "stepverify", "stepregister", "delivered"), types);
        List<JsonNode> messages = new ArrayList<>();
        record(sandbox, "message").forEach(m -> {
            if (m.path("trackingId").asText().equals(t.value())) {
                messages.add(m);
            }
        });
        assertEquals(2, messages.size(), messages.toString());
        assertEquals("0499370899", messages.get(1).path("recipient").path("nationalCode").asText());
        assertEquals(GatewayTest.BASE + "/my/requests/" + t.value() + "/document", messages.get(1).path("documentUrl").asText());
        int responses = 0;
        for (JsonNode s : record(sandbox, "survey-response")) {
            if (s.path("trackingId").asText().equals(t.value())) {
                responses++;
                assertEquals("10101234568", s.path("serviceId").asText());
            }
        }
        assertEquals(1, responses);
        int inquiries = 0;
        for (JsonNode i : record(sandbox, "inquiry")) {
            inquiries += i.toString().contains("10101234568") ? 1 : 0;
        }
        assertTrue(inquiries >= 2, "identity and address went through the exchange with the service as purpose");

        // Staff answer the comment once; the citizen sees the answer on the request and in the message box.
        Browser.Page feedback = staff.get("/staff/feedback");
        Matcher reply = Pattern.compile("action=\"(/staff/feedback/[0-9a-f-]{36})\"").matcher(feedback.body());
        assertTrue(feedback.body().contains("سریع بود") && reply.find(), feedback.body());
        Browser.Page answered = staff.post(reply.group(1), "csrf", feedback.field("csrf"), "action", "applied", "text",
                "از نظر شما سپاسگزاریم.");
        assertEquals(303, answered.status(), answered.body());
        assertEquals(409, staff.post(reply.group(1), "csrf", feedback.field("csrf"), "action", "noted", "text", "دوباره")
                .status(), "one answer per comment");
        assertTrue(maryam.get("/my/requests/" + t.value()).body().contains("از نظر شما سپاسگزاریم."));
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)));
        boolean told = false;
        for (JsonNode m : record(sandbox, "message")) {
            told |= m.path("trackingId").asText().equals(t.value()) && m.path("title").asText().equals("پاسخ دستگاه به نظر شما");
        }
        assertTrue(told, "the answer reached the message box");
        Browser.Page notStaff = maryam.get("/staff/feedback");
        assertTrue(notStaff.status() == 302 || notStaff.status() == 403, "citizens do not see others' comments");
        assertFalse(notStaff.body().contains("سریع بود"));
    }

    @Test
    void aLicenceNeedsAHigherLevelSoTheCitizenStepsUp() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser b = new Browser();
        b.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:1", "/my");
        Browser.Page p = b.get("/apply/10101234567");
        assertEquals(302, p.status());
        assertTrue(p.location().startsWith("/login?stepUp=true"), p.location());
    }

    @Test
    void theLicenceChecksTheMobileWithShahkarThroughTheExchange() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser b = new Browser();
        Browser.Page form = b.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234567");
        assertTrue(form.body().contains("صدور پروانه کسب") && form.body().contains("ریال"), "the card's fee is shown");
        Browser.Page applied = b.post("/apply/10101234567", "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "8174673111");
        assertEquals(303, applied.status(), applied.body());
        TrackingId t = TrackingId.of(applied.location().substring("/my/requests/".length()));
        List<String> services = new ArrayList<>();
        for (JsonNode i : record(sandbox, "inquiry")) {
            if (i.path("trackingId").isMissingNode() && i.path("purpose").asText().equals("10101234567")) {
                services.add(i.path("service").asText());
            }
        }
        assertTrue(services.containsAll(List.of("civil-registry/person-identity", "post/address-by-postcode",
                "shahkar/mobile-ownership")), services.toString());
        assertTrue(TrackingId.isValid(t.value()));
    }

    @Test
    void aForeignNationalIsServedWhereTheCardAdmitsThemAndACompanyIsToldWhyItIsNot() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser ahmad = new Browser();
        Browser.Page form = ahmad.login(sandbox, "citizen-ahmad", "urn:ir:gov:loa:1", "/apply/10101234568");
        // The form is the card's requiredData: the postal code typed, what the exchange answers named, and no birth
        // date asked of someone the civil registry does not know.
        assertTrue(form.body().contains("name=\"postalCode\"") && form.body().contains("کد پستی ده‌رقمی")
                && form.body().contains("نام پدر") && !form.body().contains("name=\"birthDate\""), form.body());
        Browser.Page applied = ahmad.post("/apply/10101234568", "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "1991943711");
        assertEquals(303, applied.status(), applied.body());
        String t = applied.location().substring("/my/requests/".length());
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)));
        JsonNode message = null;
        for (JsonNode m : record(sandbox, "message")) {
            if (m.path("trackingId").asText().equals(t)) {
                message = m;
            }
        }
        assertEquals("123456789012", message.path("recipient").path("fidaCode").asText(), String.valueOf(message));

        // A company's representative cannot register a residence: the card admits natural persons and foreign nationals.
        Browser sara = new Browser();
        Browser.Page residence = sara.login(sandbox, "citizen-sara", "urn:ir:gov:loa:2", "/apply/10101234568");
        Browser.Page refused = sara.post("/apply/10101234568", "csrf", residence.field("csrf"), "submission",
                residence.field("submission"), "postalCode", "1991943711");
        assertEquals(422, refused.status(), refused.body());
        assertTrue(refused.body().contains("اشخاص حقوقی") && refused.body().contains("اتباع خارجی")
                && refused.body().contains("role=\"alert\""), refused.body());
    }

    @Test
    void aCompanyAppliesThroughARepresentativeTheRegistryConfirmsForThatService() throws Exception {
        URI sandbox = platform.embeddedSandbox().orElseThrow();
        Browser sara = new Browser();
        Browser.Page form = sara.login(sandbox, "citizen-sara", "urn:ir:gov:loa:2", "/apply/10101234569");
        Browser.Page applied = sara.post("/apply/10101234569", "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "1991943711");
        assertEquals(303, applied.status(), applied.body());
        String t = applied.location().substring("/my/requests/".length());
        assertTrue(sara.get(applied.location()).body().contains("شرکت نمونه پارس"));
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)));
        boolean toTheCompany = false;
        for (JsonNode m : record(sandbox, "message")) {
            toTheCompany |= m.path("trackingId").asText().equals(t) && m.path("recipient").path("legalEntityId").asText().equals("10380284790");
        }
        assertTrue(toTheCompany, "the company's message box gets the notice");

        Browser reza = new Browser();
        Browser.Page licence = reza.login(sandbox, "citizen-reza", "urn:ir:gov:loa:2", "/apply/10101234567");
        Browser.Page scope = reza.post("/apply/10101234567", "csrf", licence.field("csrf"), "submission", licence.field("submission"),
                "postalCode", "1991943711");
        assertEquals(403, scope.status(), scope.body());
        assertTrue(scope.body().contains("در بر نمی‌گیرد"), scope.body());

        Browser neda = new Browser();
        Browser.Page nedaForm = neda.login(sandbox, "citizen-neda", "urn:ir:gov:loa:2", "/apply/10101234569");
        Browser.Page ended = neda.post("/apply/10101234569", "csrf", nedaForm.field("csrf"), "submission",
                nedaForm.field("submission"), "postalCode", "1991943711");
        assertEquals(403, ended.status(), ended.body());
        assertTrue(ended.body().contains("معتبر نیست") && ended.body().contains("شناسه خطا"), ended.body());

        // Every representative whose powers cover the service sees the company's request; nobody else does.
        assertTrue(reza.get("/my").body().contains(t), "the clerk's powers cover company registration");
        Browser.Page seen = reza.get("/my/requests/" + t);
        assertEquals(200, seen.status(), seen.body());
        assertTrue(seen.body().contains("شرکت نمونه پارس"), seen.body());
        assertFalse(neda.get("/my").body().contains(t), "powers that ended show nothing of the company");
        assertEquals(404, neda.get("/my/requests/" + t).status());
        Browser maryam = new Browser();
        maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        assertEquals(404, maryam.get("/my/requests/" + t).status(), "a citizen who represents nobody");
    }

    @Test
    void aCitizenWhoIsNotStaffCannotUseTheConsole() throws Exception {
        Browser b = new Browser();
        Browser.Page p = b.login(platform.embeddedSandbox().orElseThrow(), "citizen-sara", "urn:ir:gov:loa:2", "/my");
        Browser.Page console = b.get("/staff");
        assertEquals(403, console.status());
        assertTrue(console.body().contains("کارشناسان") && console.body().contains("dir=\"rtl\""), console.body());
        assertTrue(p.body().contains("انتقال به پنجره ملی"));
    }

    private static String version(String console, TrackingId t) {
        Matcher m = Pattern.compile("/staff/requests/" + t.value() + "/[a-z]+\"><input type=\"hidden\" name=\"csrf\" value=\"[^\"]*\">"
                + "<input type=\"hidden\" name=\"version\" value=\"(\\d+)\"").matcher(console);
        assertTrue(m.find(), console);
        return m.group(1);
    }

    static JsonNode record(URI sandbox, String kind) throws Exception {
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(sandbox + "/admin/record/" + kind + "?limit=10000")
                .build()).execute()) {
            return JSON.readTree(r.body().string()).path("items");
        }
    }
}
