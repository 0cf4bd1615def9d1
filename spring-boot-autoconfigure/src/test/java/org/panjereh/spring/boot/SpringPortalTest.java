package org.panjereh.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.payment.Payments;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.spring.boot.testportal.TestPortal;
import org.panjereh.survey.SurveyService;
import org.panjereh.testing.LogCapture;
import org.panjereh.testing.SandboxBrowser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot portal on the starter, logged into through a real sandbox by a cookie-keeping client: the
 * journey, step-up by request rule and by method security, CSRF, logouts (here and from the platform), forged
 * callbacks, and the actuator's health and metrics.
 */
@SpringBootTest(classes = TestPortal.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SpringPortalTest {

    static NationalSandbox sandbox;
    static String base;

    @Autowired
    ApplicationContext context;

    SandboxBrowser browser;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Path dir = Files.createTempDirectory("spring-portal");
        Path keyFile = dir.resolve("agency.jwk");
        Files.writeString(keyFile, key.privateJwk().toJSONString());
        Path userRef = dir.resolve("user-ref.key");
        Files.writeString(userRef, java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k'));
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("1010", "agency-1010",
                List.of(URI.create(base + "/login/callback"), URI.create(base + "/payments/return")), new JWKSet(key.publicJwk()), null,
                URI.create(base + "/backchannel-logout"))).build());
        registry.add("server.port", () -> port);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("panjereh.platform.issuer", () -> sandbox.issuer().toString());
        registry.add("panjereh.agency.id", () -> "1010");
        registry.add("panjereh.agency.client-id", () -> "agency-1010");
        registry.add("panjereh.agency.key-file", keyFile::toString);
        registry.add("panjereh.sso.redirect-uri", () -> base + "/login/callback");
        registry.add("panjereh.exchange.user-ref-key-file", userRef::toString);
        registry.add("panjereh.events.dead-letter-file", () -> dir.resolve("dead-letters.jsonl").toString());
        registry.add("panjereh.payments.reconcile-interval", () -> "PT1S");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:portal;DB_CLOSE_DELAY=-1");
        registry.add("management.endpoints.web.exposure.include", () -> "health,metrics");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new SandboxBrowser(base, sandbox.issuer());
    }

    Response get(String url) throws IOException {
        return browser.get(url);
    }

    String portalSession() {
        return browser.cookie("JSESSIONID").orElse(null);
    }

    String journey(String start, String citizen, String loa) throws IOException {
        return browser.journey(start, citizen, loa);
    }

    @Test
    void aCitizenLogsInThroughTheNationalSsoAndIsThePrincipal() throws Exception {
        try (Response r = get("/me")) {
            assertEquals(302, r.code());
            assertEquals(base + "/login?returnTo=%2Fme&level=LOA1", r.header("Location"));
        }
        try (Response r = get("/login?returnTo=%2Fme&level=LOA2")) {
            assertEquals(302, r.code());
            assertTrue(r.header("Location").startsWith(sandbox.issuer() + "/authorize?"), "to the national login, by PAR");
        }
        String before = portalSession();
        assertNotNull(before, "the pending login lives in the session");
        String out = journey("/me", "citizen-maryam", "urn:ir:gov:loa:2");
        assertTrue(out.matches("200 hello \\S+ LOA2"), out);
        assertNotEquals(before, portalSession(), "a login changes the session id");
        try (Response r = get("/")) {
            assertEquals("home", r.body().string());
        }
    }

    @Test
    void aPageNeedingLevelThreeAsksForAStepUpAndComesBack() throws Exception {
        journey("/me", "citizen-maryam", "urn:ir:gov:loa:2");
        try (Response r = get("/permits?x=1")) {
            assertEquals(302, r.code());
            assertEquals(base + "/login?returnTo=%2Fpermits%3Fx%3D1&level=LOA3&stepUp=true", r.header("Location"));
        }
        try (Response r = get("/login?returnTo=%2Fpermits&level=LOA3&stepUp=true")) {
            String location = r.header("Location");
            assertTrue(location.startsWith(sandbox.issuer() + "/authorize?"), location);
        }
        String out = journey("/permits?x=1", "citizen-maryam", "urn:ir:gov:loa:3");
        assertTrue(out.matches("200 permits of \\S+ LOA3"), out);
    }

    @Test
    void aLevelTwoLoginMeetingALevelThreePageFirstLogsInAtLevelThree() throws Exception {
        try (Response r = get("/permits")) {
            assertEquals(base + "/login?returnTo=%2Fpermits&level=LOA3", r.header("Location"));
        }
        String out = journey("/permits", "citizen-maryam", "urn:ir:gov:loa:3");
        assertTrue(out.startsWith("200 permits of "), out);
    }

    @Test
    void methodSecurityStepsUpToo() throws Exception {
        journey("/me", "citizen-maryam", "urn:ir:gov:loa:2");
        try (Response r = get("/vault")) {
            assertEquals(302, r.code());
            assertEquals(base + "/login?returnTo=%2Fvault&level=LOA3&stepUp=true", r.header("Location"));
        }
        assertEquals("200 vault open", journey("/vault", "citizen-maryam", "urn:ir:gov:loa:3"));
    }

    @Test
    void otherRefusalsAndForgedCallbacksCarryAnErrorIdInOneLogLine() throws Exception {
        LogCapture log = new LogCapture();
        log.attach();
        try {
            journey("/me", "citizen-maryam", "urn:ir:gov:loa:2");
            String id;
            try (Response r = get("/staff/desk")) {
                assertEquals(403, r.code(), "a role the citizen lacks is not a step-up");
                id = errorId(r.body().string());
            }
            assertEquals(1, log.count(id));
            try (Response r = get("/login/callback?state=forged&code=forged")) {
                assertEquals(400, r.code());
                String body = r.body().string();
                assertTrue(body.contains("dir=\"rtl\""), body);
                String forged = errorId(body);
                assertEquals(1, log.count(forged));
                assertTrue(log.lines().stream().anyMatch(l -> l.contains(forged) && l.contains("login.STATE_MISMATCH")));
            }
        } finally {
            log.detach();
        }
    }

    @Test
    void csrfStaysOnForEverythingButTheBackChannel() throws Exception {
        journey("/me", "citizen-maryam", "urn:ir:gov:loa:2");
        try (Response r = browser.client().newCall(new Request.Builder().url(base + "/apply").post(new FormBody.Builder().build())
                .build()).execute()) {
            assertEquals(403, r.code());
            errorId(r.body().string());
        }
        String[] token;
        try (Response r = get("/csrf")) {
            token = r.body().string().split("=", 2);
        }
        try (Response r = browser.client().newCall(new Request.Builder().url(base + "/apply").header(token[0], token[1])
                .post(new FormBody.Builder().build()).build()).execute()) {
            assertEquals(200, r.code());
            assertEquals("applied", r.body().string());
        }
        try (Response r = browser.client().newCall(new Request.Builder().url(base + "/backchannel-logout")
                .post(new FormBody.Builder().add("logout_token", "forged.token.here").build()).build()).execute()) {
            assertEquals(400, r.code(), "reached without a CSRF token, and the forged token refused");
            assertTrue(r.body().string().matches("\\{\"error\":\"invalid_request\",\"error_id\":\"[0-9a-f-]{36}\"}"));
        }
    }

    @Test
    void logoutEndsThePlatformSessionAndABackChannelLogoutEndsThePortals() throws Exception {
        journey("/me", "citizen-ali", "urn:ir:gov:loa:2");
        String[] token;
        try (Response r = get("/csrf")) {
            token = r.body().string().split("=", 2);
        }
        try (Response r = browser.client().newCall(new Request.Builder().url(base + "/logout").header(token[0], token[1])
                .post(new FormBody.Builder().build()).build()).execute()) {
            assertEquals(302, r.code());
            String location = r.header("Location");
            assertTrue(location.startsWith(sandbox.issuer() + "/logout?id_token_hint="), location);
            assertTrue(URLDecoder.decode(location, StandardCharsets.UTF_8).contains("post_logout_redirect_uri=" + base + "/"));
        }
        try (Response r = get("/me")) {
            assertEquals(302, r.code(), "logged out here");
        }
        journey("/me", "citizen-ali", "urn:ir:gov:loa:2");
        String sid;
        try (Response r = get("/sid")) {
            sid = r.body().string();
        }
        try (Response r = browser.client().newCall(new Request.Builder().url(sandbox.issuer() + "/admin/sessions/" + sid + "/logout")
                .post(okhttp3.RequestBody.create(new byte[0])).build()).execute()) {
            assertTrue(r.body().string().contains("\"status\":200"), "the portal accepted the logout token");
        }
        try (Response r = get("/me")) {
            assertEquals(302, r.code(), "the platform ended the session through the back channel");
        }
    }

    @Test
    void everyFeatureIsABeanAndTheActuatorReportsOnThem() throws Exception {
        for (Class<?> type : List.of(PlatformClient.class, TrackingIds.class, ServiceEventPublisher.class,
                NationalExchange.class, SurveyService.class, Payments.class)) {
            assertNotNull(context.getBean(type), type.getSimpleName());
        }
        assertTrue(context.getBeansOfType(org.springframework.security.core.userdetails.UserDetailsService.class).isEmpty(),
                "no local accounts: Spring Boot's generated user is not made");
        journey("/me", "citizen-maryam", "urn:ir:gov:loa:2");
        try (Response r = get("/actuator/health")) {
            String body = r.body().string();
            assertEquals(200, r.code(), body);
            com.fasterxml.jackson.databind.JsonNode components = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                    .path("components");
            for (String name : List.of("panjerehPlatform", "panjerehOutbox", "panjerehExchange")) {
                assertEquals("UP", components.path(name).path("status").asText(), name + " in " + body);
            }
            assertTrue(components.path("panjerehOutbox").path("details").has("backlog"), body);
            assertEquals(sandbox.issuer().toString(), components.path("panjerehPlatform").path("details").path("issuer").asText());
            assertEquals("CLOSED", components.path("panjerehExchange").path("details").path("circuits")
                    .path("civil-registry/person-identity").asText(), body);
        }
        try (Response r = get("/actuator/metrics/panjereh.logins")) {
            String body = r.body().string();
            assertEquals(200, r.code(), body);
            assertTrue(body.contains("\"stage\"") && body.contains("finish"), body);
        }
        try (Response r = get("/actuator/metrics/panjereh.platform.requests")) {
            assertEquals(200, r.code());
        }
    }

    @Test
    void aPaymentWhoseReturnIsLostIsVerifiedByTheReconcilerTheStarterRuns() throws Exception {
        assertNotNull(context.getBean(org.panjereh.payment.Reconciler.class));
        org.panjereh.core.ServiceCard card = context.getBean(org.panjereh.core.ServiceRegistry.class)
                .card(org.panjereh.core.ServiceId.of("10101234567"));
        org.panjereh.core.ServiceCard.Fee fee = card.fee("licence").orElseThrow();
        org.panjereh.core.TrackingId t = context.getBean(TrackingIds.class).issue(card.serviceId(),
                org.panjereh.core.Channel.WEB, "citizen-maryam").trackingId();
        context.getBean(ServiceEventPublisher.class).publish(org.panjereh.events.ServiceEvent.started(t, card.serviceId(),
                org.panjereh.core.Channel.WEB, "U-1010-01"));
        Payments payments = context.getBean(Payments.class);
        org.panjereh.payment.PaymentStart start = payments.create(card, fee, t, "citizen-maryam",
                URI.create(base + "/payments/return"), org.panjereh.core.RequestOptions.none());
        // The citizen pays and closes the browser: nothing but the reconciler can verify it now.
        org.panjereh.sandbox.PaymentPageDriver.submit(start.nextUrl(), org.panjereh.sandbox.PaymentPageDriver.Action.PAY_NO_RETURN,
                org.panjereh.sandbox.PaymentPageDriver.GOOD_CARD);
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!payments.isPaid(t, fee) && System.nanoTime() < until) {
            Thread.sleep(50); // the reconciler runs on its own thread every second
        }
        assertTrue(payments.isPaid(t, fee), "verified by the reconciler the starter started");
    }

    static String errorId(String body) {
        Matcher m = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(body);
        assertTrue(m.find(), "an error id in: " + body);
        return m.group();
    }
}
