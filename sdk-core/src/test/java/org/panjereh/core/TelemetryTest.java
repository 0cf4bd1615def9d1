package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.panjereh.testing.MutableClock;

/**
 * Every platform call is a client span under the caller's span, carries a W3C traceparent naming it, and
 * is timed in Micrometer by path template and outcome — with an in-memory OpenTelemetry SDK as the
 * application would install, and Micrometer's simple registry.
 */
class TelemetryTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakePlatform platform;
    SimpleMeterRegistry registry;
    PanjerehMetrics metrics;

    @BeforeEach
    void setUp() {
        platform = new FakePlatform(server);
        registry = new SimpleMeterRegistry();
        metrics = PanjerehMetrics.bindTo(registry);
    }

    @AfterEach
    void unbind() {
        metrics.close();
    }

    private PlatformClient client() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
        RetryPolicy once = RetryPolicy.builder().maxAttempts(1).sleeper(d -> { }).build();
        return PlatformClient.builder(PlatformDiscovery.builder(URI.create(platform.issuer())).clock(clock).retryPolicy(once).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                        .signingKey(FakePlatform.newKey()).build())
                .clock(clock).retryPolicy(once)
                .build();
    }

    @Test
    void aPlatformCallIsAChildSpanAndTheTraceGoesToThePlatform() throws Exception {
        platform.script("/tracking/tracking-ids/1405-0101-0000042", FakePlatform.json(200, "{}"));
        PlatformClient c = client();
        Span parent = OTEL.getOpenTelemetry().getTracer("portal").spanBuilder("GET /my/requests").startSpan();
        Scope scope = parent.makeCurrent();
        try {
            c.get(URI.create(platform.issuer() + "/tracking/tracking-ids/1405-0101-0000042"), RequestOptions.none());
        } finally {
            scope.close();
            parent.end();
        }
        RecordedRequest call = platform.requestsTo("/tracking/tracking-ids/1405-0101-0000042").get(0);
        String traceparent = call.getHeaders().get("traceparent");
        assertNotNull(traceparent, "the platform receives the trace context");
        String traceId = parent.getSpanContext().getTraceId();
        assertTrue(traceparent.startsWith("00-" + traceId + "-"), traceparent);

        List<SpanData> spans = OTEL.getSpans();
        SpanData client = spans.stream().filter(s -> s.getName().equals("GET /tracking/tracking-ids/{id}")).findFirst()
                .orElseThrow(() -> new AssertionError("no client span among " + spans));
        assertEquals(SpanKind.CLIENT, client.getKind());
        assertEquals(traceId, client.getTraceId());
        assertEquals(parent.getSpanContext().getSpanId(), client.getParentSpanId());
        assertTrue(traceparent.contains("-" + client.getSpanId() + "-"), "the platform's parent is the client span");
        assertEquals(200L, client.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("http.response.status_code")));

        Timer t = registry.find("panjereh.platform.requests").tag("endpoint", "/tracking/tracking-ids/{id}")
                .tag("method", "GET").tag("outcome", "success").timer();
        assertNotNull(t, "timed by template: " + registry.getMetersAsString());
        assertEquals(1, t.count());
        assertNotNull(registry.find("panjereh.platform.requests").tag("endpoint", "/token").timer(),
                "the token request is a platform call too");
    }

    @Test
    void failuresAreCountedByOutcomeAndMarkTheSpan() {
        platform.script("/events/batch", FakePlatform.problem(503, "events.unavailable"));
        PlatformClient c = client();
        assertThrows(PanjerehException.class,
                () -> c.post(URI.create(platform.issuer() + "/events/batch"), new byte[] {'[', ']'}, "application/json",
                        RequestOptions.none()));
        Timer t = registry.find("panjereh.platform.requests").tag("endpoint", "/events/batch")
                .tag("outcome", "server_error").timer();
        assertNotNull(t, registry.getMetersAsString());
        SpanData span = OTEL.getSpans().stream().filter(s -> s.getName().equals("POST /events/batch")).findFirst().orElseThrow();
        assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, span.getStatus().getStatusCode());
    }

    @Test
    void anApplicationCanTurnTheSdksTracingOff() throws Exception {
        platform.script("/tracking/y", FakePlatform.json(200, "{}"));
        PlatformClient c = client();
        PanjerehTracing.use(io.opentelemetry.api.OpenTelemetry.noop());
        Span parent = OTEL.getOpenTelemetry().getTracer("portal").spanBuilder("GET /my").startSpan();
        Scope scope = parent.makeCurrent();
        try {
            c.get(URI.create(platform.issuer() + "/tracking/y"), RequestOptions.none());
        } finally {
            scope.close();
            parent.end();
            PanjerehTracing.useGlobal();
        }
        assertEquals(null, platform.requestsTo("/tracking/y").get(0).getHeaders().get("traceparent"),
                "no trace headers, even inside the application's own span");
        assertTrue(OTEL.getSpans().stream().noneMatch(x -> x.getInstrumentationScopeInfo().getName().equals("org.panjereh.sdk")));
    }

    @Test
    void withoutARegistryOrAnSdkNothingIsRecordedAndNothingBreaks() throws Exception {
        metrics.close();
        platform.script("/tracking/x", FakePlatform.json(200, "{}"));
        client().get(URI.create(platform.issuer() + "/tracking/x"), RequestOptions.none());
        assertTrue(registry.find("panjereh.platform.requests").tag("endpoint", "/tracking/x").timers().isEmpty());
    }
}
