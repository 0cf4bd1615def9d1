package org.panjereh.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs against an in-process sandbox and prints what it promises. */
class ExamplesTest {

    @TempDir
    Path dir;

    interface Main {
        void run() throws Exception;
    }

    static String capture(Main m) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            m.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void inquiryExampleAsksForIdentityAndAddress() throws Exception {
        String out = capture(() -> InquiryExample.main(new String[0]));
        assertTrue(out.contains("هویت: مریم احمدی"), out);
        assertTrue(out.contains("نشانی: تهران، تهران"), out);
        assertTrue(out.contains("audit: civil-registry/person-identity ok"), out);
        assertTrue(!out.contains("0499370899"), "the audit line shows no national code");
    }

    @Test
    void coreExampleIssuesATrackingId() throws Exception {
        String out = capture(() -> CoreExample.main(new String[0]));
        assertTrue(out.contains("خدمت: صدور پروانه کسب"), out);
        assertTrue(out.contains("شناسه پیگیری: ۱۰۱۰"), out);
        assertTrue(out.contains("وضعیت: issued"), out);
    }

    @Test
    void livePlatformExampleIsConfigurationOnly() throws Exception {
        String out = capture(() -> LivePlatformExample.main(new String[] {dir.toString()}));
        assertTrue(out.contains("login: /oauth2/authorize (no PAR on this platform)"), out);
        assertTrue(out.contains("machine tokens: Bearer, client authentication client_secret_basic"), out);
        assertTrue(out.matches("(?s).*tracking id: 1010\\d{16}.*"), out);
        assertTrue(!out.contains("demo-secret-"), "the secret is never printed");
    }

    @Test
    void eventsExampleDeliversALifecycle() throws Exception {
        String out = capture(() -> EventsExample.main(new String[] {dir.toString()}));
        assertTrue(out.contains("pending=0, delivered=3"), out);
        assertTrue(out.contains("ir.gov.service.delivered"), out);
    }

    @Test
    void ssoExampleProtectsItsPages() throws Exception {
        try (Demo demo = new Demo()) {
            org.eclipse.jetty.server.Server server = SsoServletExample.start(demo, 0);
            try {
                okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().followRedirects(false).build();
                String base = server.getURI().toString().replaceAll("/$", "");
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "/my").build()).execute()) {
                    assertTrue(r.code() == 302 && r.header("Location").startsWith("/login?returnTo="), "protected");
                }
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "/login?returnTo=/my").build()).execute()) {
                    assertTrue(r.code() == 302 && r.header("Location").contains("request_uri="), "off to the national SSO");
                }
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "/").build()).execute()) {
                    String page = r.body().string();
                    assertTrue(page.contains("انتقال به پنجره ملی") && page.contains("dir=\"rtl\""), page);
                }
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void surveyExampleShowsTheSurveyAfterDeliveryAndSendsOneResponse() throws Exception {
        try (Demo demo = new Demo(); org.panjereh.events.Outbox outbox = org.panjereh.events.Outbox.fileJournal(dir.resolve("o"))) {
            Object[] started = SurveyExample.start(demo, outbox, dir, 0);
            org.eclipse.jetty.server.Server server = (org.eclipse.jetty.server.Server) started[0];
            org.panjereh.events.ServiceEventPublisher events = (org.panjereh.events.ServiceEventPublisher) started[1];
            try {
                okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().followRedirects(false).build();
                String base = server.getURI().toString().replaceAll("/$", "");
                String survey;
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "/deliver").build()).execute()) {
                    survey = r.header("Location");
                }
                String ticket = java.net.URLDecoder.decode(survey.substring(survey.indexOf("ticket=") + 7), StandardCharsets.US_ASCII);
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + survey).build()).execute()) {
                    assertTrue(r.body().string().contains("<panjereh-survey"));
                }
                for (int i = 0; i < 2; i++) {
                    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(base + "/survey").post(
                            new okhttp3.FormBody.Builder().add("ticket", ticket).add("formId", "csat-v1")
                                    .add("q.satisfaction", "5").build()).build()).execute()) {
                        assertTrue(r.body().string().contains("سپاس از نظر شما"));
                    }
                }
                assertTrue(events.awaitDelivered(java.time.Duration.ofSeconds(20)));
                assertTrue(events.metrics().delivered() >= 3, events.metrics().toString());
                assertTrue(events.metrics().duplicates() == 0 && events.metrics().rejected() == 0, events.metrics().toString());
            } finally {
                server.stop();
                events.close();
            }
        }
    }
}
