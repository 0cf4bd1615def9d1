package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.LogCapture;

/** CSRF, XSS in every form field, open redirects, input limits, error pages, logs, back-channel logout. */
@QuarkusTest
class SecurityTest {

    static final String PROBE = "\"><script>alert(1)</script><img src=x onerror=alert(1)>";
    static final List<String> NATIONAL_CODES = List.of("0499370899", "0790419904", "7400076205");

    @Inject
    Platform platform;

    private final LogCapture log = new LogCapture();

    @BeforeEach
    void captureLogs() {
        log.attach();
    }

    @AfterEach
    void noNationalCodeWasLogged() {
        log.detach();
        for (String line : log.lines()) {
            NATIONAL_CODES.forEach(code -> assertFalse(line.contains(code), "national code in the log: " + line));
        }
    }

    private URI sandbox() {
        return platform.embeddedSandbox().orElseThrow();
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenAreRefused() throws Exception {
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(sandbox(), "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234568");
        Browser other = new Browser();
        Browser.Page otherForm = other.login(sandbox(), "citizen-ali", "urn:ir:gov:loa:2", "/apply/10101234568");
        for (String csrf : new String[] {"", "x", otherForm.field("csrf")}) {
            Browser.Page p = maryam.post("/apply/10101234568", "csrf", csrf, "submission", form.field("submission"),
                    "postalCode", "1991943711");
            assertEquals(403, p.status(), p.body());
            assertTrue(p.body().contains("dir=\"rtl\"") && p.body().contains("فرم"), p.body());
        }
        Browser.Page staff = other.post("/staff/requests/" + "1".repeat(20) + "/deliver", "version", "0");
        assertEquals(403, staff.status());
        // No session at all: a POST to a protected path is refused, not redirected.
        assertEquals(401, new Browser().post("/apply/10101234568", "postalCode", "1991943711").status());
    }

    @Test
    void everyFormFieldIsEscaped() throws Exception {
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(sandbox(), "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234568");
        String csrf = form.field("csrf");
        String key = form.field("submission");
        List<Browser.Page> answers = List.of(
                maryam.post("/apply/10101234568", "csrf", csrf, "submission", key, "postalCode", PROBE),
                maryam.post("/apply/10101234568", "csrf", csrf, "submission", key, "postalCode", "1991943711",
                        "birthDate", PROBE),
                maryam.post("/apply/10101234568", "csrf", csrf, "submission", PROBE, "postalCode", "1991943711"),
                maryam.post("/apply/10101234568", "csrf", PROBE, "submission", key, "postalCode", "1991943711"),
                maryam.post("/apply/" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8), "csrf", csrf),
                maryam.post("/staff/requests/" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8) + "/deliver", "csrf", csrf,
                        "version", PROBE),
                maryam.get("/track?id=" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8)),
                maryam.get("/track?id=" + URLEncoder.encode(PROBE.substring(0, 30), StandardCharsets.UTF_8)),
                maryam.get("/survey?ticket=" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8)),
                maryam.post("/survey", "ticket", PROBE, "formId", PROBE, "q.satisfaction", PROBE, "comment", PROBE),
                maryam.get("/my/requests/" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8)));
        for (Browser.Page p : answers) {
            assertTrue(p.status() >= 200 && p.status() < 500, p.status() + " " + p.body());
            assertFalse(p.body().contains("<script") || p.body().contains("<img"), p.body());
            assertFalse(p.body().contains("Exception") || p.body().contains("at org."), "no stack trace: " + p.body());
        }
        assertTrue(answers.get(0).body().contains("&lt;script&gt;") || answers.get(0).body().contains("کد پستی"),
                answers.get(0).body());
    }

    @Test
    void loginNeverRedirectsToAnotherSite() throws Exception {
        for (String target : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)")) {
            Browser b = new Browser();
            Browser.Page landing = b.login(sandbox(), "citizen-maryam", "urn:ir:gov:loa:2",
                    "/login?returnTo=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            assertTrue(landing.body().contains("خدمات الکترونیکی این دستگاه"), "landed on the catalogue: " + landing.body());
        }
    }

    @Test
    void oversizedInputIsRefusedWithAPersianPage() throws Exception {
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(sandbox(), "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234568");
        Browser.Page longField = maryam.post("/apply/10101234568", "csrf", form.field("csrf"), "submission",
                form.field("submission"), "postalCode", "1".repeat(65));
        assertEquals(413, longField.status());
        assertTrue(longField.body().contains("بلند"), longField.body());
        try (okhttp3.Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/track")
                .post(RequestBody.create(new byte[200_000], MediaType.get("application/x-www-form-urlencoded"))).build())
                .execute()) {
            assertEquals(413, r.code());
        }
        Browser.Page missing = new Browser().get("/no/such/page");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("dir=\"rtl\"") && missing.body().contains("صفحه‌ای با این نشانی نیست"), missing.body());
    }

    @Test
    void backChannelLogoutFromThePlatformEndsTheSession() throws Exception {
        Browser ali = new Browser();
        ali.login(sandbox(), "citizen-ali", "urn:ir:gov:loa:2", "/my");
        assertEquals(200, ali.get("/my").status());
        com.fasterxml.jackson.databind.JsonNode sessions;
        try (okhttp3.Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(sandbox() + "/admin/sessions").build())
                .execute()) {
            sessions = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body().string());
        }
        int ended = 0;
        for (com.fasterxml.jackson.databind.JsonNode s : sessions) {
            if (!s.path("citizen").asText().equals("citizen-ali")) {
                continue;
            }
            try (okhttp3.Response r = GatewayTest.HTTP.newCall(new Request.Builder()
                    .url(sandbox() + "/admin/sessions/" + s.path("sid").asText() + "/logout").post(RequestBody.create(new byte[0]))
                    .build()).execute()) {
                String body = r.body().string();
                assertEquals(200, r.code(), body);
                assertTrue(body.contains("\"status\":200"), "the gateway accepted the logout token: " + body);
                ended++;
            }
        }
        assertTrue(ended > 0);
        Browser.Page after = ali.get("/my");
        assertEquals(302, after.status(), "the session ended on the platform's word");
    }

    @Test
    void aForgedLogoutTokenIsRefused() throws Exception {
        try (okhttp3.Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/backchannel-logout")
                .post(new okhttp3.FormBody.Builder().add("logout_token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").build())
                .build()).execute()) {
            assertEquals(400, r.code());
        }
    }
}
