package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.LogCapture;
import org.panjereh.testing.LogHygiene;

/**
 * Traces and metrics as an operator sees them. One citizen's application is one trace: the gateway's server span for the form post, the SDK's spans
 * under it (the exchange inquiries, the tracking id, each platform call as a client span), and the
 * platform's own log line naming the same trace id it received in {@code traceparent}.
 */
@QuarkusTest
class ObservabilityTest {

    @Inject
    Platform platform;
    @Inject
    TestSpanExporter spans;
    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void anApplicationIsOneTraceAcrossGatewaySdkAndPlatform() throws Exception {
        Browser maryam = new Browser();
        maryam.login(platform.embeddedSandbox().orElseThrow(), "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        LogCapture log = new LogCapture();
        log.attach();
        try {
            // Spans of earlier tests still in the batch processor are exported first, then forgotten.
            flush();
            spans.reset();
            PaymentJourneyTest.applyForLicence(maryam);
            flush();
            // The form post's server span ends once its answer is written, possibly after the browser has it.
            spans.await(ObservabilityTest::isApplyPost, java.time.Duration.ofSeconds(10));
        } finally {
            log.detach();
        }
        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData apply = all.stream().filter(ObservabilityTest::isApplyPost)
                .findFirst().orElseThrow(() -> new AssertionError("no server span for the form post: " + names(all)));
        String trace = apply.getTraceId();
        List<SpanData> inTrace = all.stream().filter(s -> s.getTraceId().equals(trace)).toList();
        List<SpanData> sdk = inTrace.stream()
                .filter(s -> s.getInstrumentationScopeInfo().getName().equals("org.panjereh.sdk")).toList();
        assertTrue(sdk.stream().anyMatch(s -> s.getName().equals("panjereh.exchange.inquiry")), names(inTrace));
        assertTrue(sdk.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith("POST ")
                && s.getName().contains("tracking")), "the tracking id request is a client span in the trace: " + names(inTrace));
        assertTrue(sdk.stream().filter(s -> s.getKind() == SpanKind.CLIENT).count() >= 3, names(inTrace));
        List<String> platformLines = log.lines().stream().filter(l -> l.contains("trace " + trace)).toList();
        assertTrue(platformLines.size() >= 3, "the platform logged the trace id of each call it received: " + log.lines());
        assertTrue(platformLines.stream().anyMatch(l -> l.contains("tracking")), String.join("\n", platformLines));
        assertEquals(0, all.stream().filter(s -> s.getAttributes().asMap().values().stream()
                .anyMatch(v -> String.valueOf(v).matches(".*\\b(0499370899|7400076205|0790419904)\\b.*"))).count(),
                "no national code in any span attribute");
    }

    @Test
    void theSdksMetersAreOnTheMetricsPage() throws Exception {
        Browser maryam = new Browser();
        maryam.login(platform.embeddedSandbox().orElseThrow(), "citizen-maryam", "urn:ir:gov:loa:2", "/my");
        PaymentJourneyTest.applyForLicence(maryam);
        assertEquals(400, new Browser().get("/callback?state=forged&code=whatever").status());
        String metrics = new Browser().get("/q/metrics").body();
        for (String meter : List.of(
                "panjereh_logins_total{outcome=\"success\",reason=\"none\",stage=\"finish\"}",
                "panjereh_logins_total{outcome=\"refused\",reason=\"STATE_MISMATCH\",stage=\"finish\"}",
                "panjereh_platform_requests_seconds_bucket{endpoint=\"/token\"",
                "panjereh_exchange_inquiries_seconds_count{outcome=\"ok\",provider=\"post\"",
                "panjereh_exchange_circuit_open{provider=\"post\"",
                "panjereh_outbox_backlog ",
                "panjereh_outbox_oldest_age_seconds ")) {
            assertTrue(metrics.contains(meter), meter + " missing from /q/metrics:\n" + metrics.lines()
                    .filter(l -> l.startsWith("panjereh_")).collect(Collectors.joining("\n")));
        }
        assertTrue(metrics.lines().filter(l -> l.startsWith("panjereh_")).allMatch(l -> LogHygiene.offences(l).isEmpty()),
                "no national code, token or secret in a tag");
    }

    private static boolean isApplyPost(SpanData s) {
        return s.getKind() == SpanKind.SERVER && s.getName().contains("/apply/")
                && "POST".equals(s.getAttributes().asMap().entrySet().stream()
                        .filter(e -> e.getKey().getKey().equals("http.request.method")).map(e -> String.valueOf(e.getValue()))
                        .findFirst().orElse(null));
    }

    private void flush() {
        ((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    }

    private static String names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getTraceId().substring(0, 8))
                .collect(Collectors.joining(", "));
    }
}
