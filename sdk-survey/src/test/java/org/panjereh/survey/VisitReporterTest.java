package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.MutableClock;

/**
 * Visitor counts reach the platform a period at a time; a period the platform did not take waits and goes first
 * next time; the filter counts browsers opening pages, not assets or API calls.
 */
class VisitReporterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
    NationalSandbox sandbox;
    PlatformClient platform;

    @BeforeEach
    void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        RetryPolicy once = RetryPolicy.builder().maxAttempts(1).build();
        platform = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).retryPolicy(once).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .retryPolicy(once).build();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.issuer() + path)).header("Content-Type", "application/json");
        b = switch (method) {
            case "PUT" -> b.PUT(HttpRequest.BodyPublishers.ofString(body));
            case "DELETE" -> b.DELETE();
            default -> b.GET();
        };
        String out = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        return out.isEmpty() ? null : JSON.readTree(out);
    }

    @Test
    void aPeriodThePlatformDidNotTakeGoesFirstNextTime() throws Exception {
        VisitCounter counter = VisitCounter.builder(new byte[32]).clock(clock).onlineWindow(Duration.ofMinutes(5)).build();
        VisitReporter reporter = VisitReporter.builder(platform, counter).build();
        counter.record("10.0.0.1", "Firefox");
        counter.record("10.0.0.2", "Firefox");
        clock.advance(Duration.ofHours(1));
        admin("PUT", "/admin/faults/survey.visits", "{\"down\": true}");
        assertEquals(0, reporter.report());
        assertEquals(1, reporter.waiting());
        admin("DELETE", "/admin/faults/survey.visits", null);
        clock.advance(Duration.ofHours(1));
        counter.record("10.0.0.3", "Chrome");
        assertEquals(2, reporter.report());
        assertEquals(0, reporter.waiting());
        JsonNode sent = admin("GET", "/admin/record/visits", null).path("items");
        assertEquals(2, sent.size());
        assertEquals(2, sent.get(0).path("visits").asInt(), "the kept period first");
        assertEquals(1, sent.get(1).path("visits").asInt());
        assertEquals(sent.get(0).path("to").asText(), sent.get(1).path("from").asText(), "periods follow each other");
    }

    @Test
    void aPeriodThePlatformRefusesIsDroppedAndHoldsBackNothing() throws Exception {
        VisitCounter counter = VisitCounter.builder(new byte[32]).clock(clock).onlineWindow(Duration.ofMinutes(5)).build();
        VisitReporter reporter = VisitReporter.builder(platform, counter).build();
        counter.record("10.0.0.1", "Firefox");
        clock.advance(Duration.ofHours(1));
        admin("PUT", "/admin/faults/survey.visits", "{\"errorRate\": 1.0, \"errorStatus\": 422}");
        assertEquals(0, reporter.report());
        assertEquals(0, reporter.waiting(), "a refusal is not retried");
        admin("DELETE", "/admin/faults/survey.visits", null);
        counter.record("10.0.0.2", "Firefox");
        clock.advance(Duration.ofHours(1));
        assertEquals(1, reporter.report());
    }

    @Test
    void closingSendsWhatWasCountedSinceTheLastPeriod() throws Exception {
        VisitCounter counter = VisitCounter.builder(new byte[32]).clock(clock).onlineWindow(Duration.ofMinutes(5)).build();
        VisitReporter reporter = VisitReporter.builder(platform, counter).interval(Duration.ofHours(1)).build();
        reporter.start();
        counter.record("10.0.0.1", "Firefox");
        clock.advance(Duration.ofMinutes(10));
        reporter.close();
        assertEquals(1, admin("GET", "/admin/record/visits", null).path("items").get(0).path("visits").asInt());
        assertThrows(PanjerehConfigurationException.class, () -> VisitReporter.builder(platform, counter)
                .interval(Duration.ofSeconds(5)));
    }

    @Test
    void theFilterCountsBrowsersOpeningPagesOnly() {
        assertTrue(VisitCounterFilter.isPageView(request("GET", "text/html,application/xhtml+xml;q=0.9")));
        assertFalse(VisitCounterFilter.isPageView(request("GET", "text/css,*/*;q=0.1")));
        assertFalse(VisitCounterFilter.isPageView(request("GET", "application/json")));
        assertFalse(VisitCounterFilter.isPageView(request("POST", "text/html")));
        assertFalse(VisitCounterFilter.isPageView(request("GET", null)));
    }

    private static jakarta.servlet.http.HttpServletRequest request(String method, String accept) {
        Map<String, Object> answers = new java.util.HashMap<>();
        answers.put("getMethod", method);
        return (jakarta.servlet.http.HttpServletRequest) Proxy.newProxyInstance(VisitReporterTest.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class}, (p, m, a) -> m.getName().equals("getHeader")
                        ? ("Accept".equals(a[0]) ? accept : null) : answers.get(m.getName()));
    }
}
