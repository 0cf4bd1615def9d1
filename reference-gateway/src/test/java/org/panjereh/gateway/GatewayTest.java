package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The gateway with its embedded sandbox: catalogue, protected pages, login through the national SSO. */
@QuarkusTest
class GatewayTest {

    static final String BASE = "http://127.0.0.1:18081";
    static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();

    @Inject
    Platform platform;

    @Test
    void theCatalogueListsTheAgencysServiceCardsInPersian() throws Exception {
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/").build()).execute()) {
            String page = r.body().string();
            assertEquals(200, r.code());
            assertTrue(page.contains("dir=\"rtl\"") && page.contains("صدور پروانه کسب") && page.contains("10101234567"), page);
            assertTrue(!page.contains("درخواست مجوز رانندگی"), "another agency's service is not listed");
            assertEquals(SecurityHeaders.CSP, r.header("Content-Security-Policy"));
            assertTrue(!SecurityHeaders.CSP.contains("unsafe-inline") && !page.contains("<script") && !page.contains("style="),
                    "no inline script or style");
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("no-referrer", r.header("Referrer-Policy"));
            assertEquals("DENY", r.header("X-Frame-Options"));
        }
    }

    @Test
    void thePublicCatalogueShowsEveryItemOfEachCardWithoutLogin() throws Exception {
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/services").build()).execute()) {
            String page = r.body().string();
            assertEquals(200, r.code());
            assertTrue(page.contains("href=\"/services/10101234567\"") && page.contains("href=\"/services/10101234569\""), page);
            assertTrue(page.contains("۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)"), "fees in rials with tomans beside them");
            assertTrue(!page.contains("درخواست مجوز رانندگی"), "another agency's service is not listed");
        }
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/services/۱۰۱۰۱۲۳۴۵۶۷").build()).execute()) {
            String page = r.body().string();
            assertEquals(200, r.code());
            for (String item : new String[] {"صدور پروانهٔ کسب برای متقاضیان", "قانون نظام صنفی کشور، ماده ۱۲",
                    "قانون نظام صنفی کشور، ماده ۲۵", "اشخاص حقیقی، اتباع خارجی، اشخاص حقوقی", "کد پستی ده‌رقمی", "نام پدر",
                    "۷ روز کاری", "باجهٔ حضوری", "نیازی به مراجعهٔ حضوری نیست", "بازدید محل"}) {
                assertTrue(page.contains(item), item);
            }
            String ld = page.substring(page.indexOf("<script type=\"application/ld+json\">") + 35, page.lastIndexOf("</script>"));
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ld);
            assertEquals("GovernmentService", json.get("@type").asText());
            assertEquals("10101234567", json.get("identifier").asText());
            assertEquals(SecurityHeaders.CSP, r.header("Content-Security-Policy"));
        }
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/services/20201000001").build()).execute()) {
            assertEquals(404, r.code(), "another agency's card is not published here");
        }
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/services/12x").build()).execute()) {
            assertEquals(404, r.code());
            assertTrue(r.body().string().contains("شناسه خطا"));
        }
    }

    @Test
    void personalPagesGoThroughTheNationalSso() throws Exception {
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/my").build()).execute()) {
            assertEquals(302, r.code());
            // Jakarta REST makes Location absolute; it stays on this origin.
            String to = r.header("Location").replace(BASE, "");
            assertTrue(to.startsWith("/login?returnTo="), to);
        }
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/login?returnTo=/my").build()).execute()) {
            assertEquals(302, r.code());
            String to = r.header("Location");
            assertTrue(to.startsWith(platform.embeddedSandbox().orElseThrow() + "/authorize?") && to.contains("request_uri="), to);
        }
    }

    @Test
    void aTestCitizenLogsInAndSeesTheirPage() throws Exception {
        String page = loginJourney(URI.create(platform.embeddedSandbox().orElseThrow().toString()));
        assertTrue(page.contains("مریم") && page.contains("انتقال به پنجره ملی"), page);
    }

    /** Logs the sandbox's test citizen Maryam in through the gateway and returns the citizen's page. */
    static String loginJourney(URI sandbox) throws Exception {
        return new Browser().login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/my").body();
    }

    @jakarta.inject.Inject
    GatewayStart start;

    @Test
    void healthIsReported() throws Exception {
        // The port opens before the platform is connected: readiness follows the connection, not the port.
        start.whenReady().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/q/health/ready").build()).execute()) {
            String body = r.body().string();
            assertEquals(200, r.code(), body);
            assertTrue(java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"platform\"\\s*,\\s*\"status\"\\s*:\\s*\"UP\"")
                    .matcher(body).find(), body);
        }
    }
}
