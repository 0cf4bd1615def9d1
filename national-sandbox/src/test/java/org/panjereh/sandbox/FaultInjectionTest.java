package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformException;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;

class FaultInjectionTest {

    @TempDir
    Path dir;

    static List<Integer> statuses(SandboxFixture f, int n) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (Response r = f.http.newCall(new Request.Builder().url(f.url("/jwks")).build()).execute()) {
                out.add(r.code());
            }
        }
        return out;
    }

    @Test
    void errorRatesAreRepeatableUnderASeed() throws Exception {
        List<Integer> a;
        List<Integer> b;
        try (SandboxFixture f = new SandboxFixture(c -> c.seed(7))) {
            f.admin("PUT", "/admin/faults/jwks", "{\"errorRate\":0.5,\"errorStatus\":503,\"retryAfterSeconds\":2}");
            a = statuses(f, 40);
        }
        try (SandboxFixture f = new SandboxFixture(c -> c.seed(7))) {
            f.admin("PUT", "/admin/faults/jwks", "{\"errorRate\":0.5,\"errorStatus\":503,\"retryAfterSeconds\":2}");
            b = statuses(f, 40);
        }
        assertEquals(a, b);
        assertTrue(a.contains(503) && a.contains(200), a.toString());
    }

    @Test
    void aLostAnswerIsRecoveredByTheIdempotencyKey() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            PlatformClient c = f.client();
            c.metadata();
            f.admin("PUT", "/admin/faults/tracking.issue", "{\"dropResponseRate\":1}");
            assertThrows(org.panjereh.core.PlatformUnreachableException.class,
                    () -> TrackingIds.builder(c).build().issue(SandboxFixture.LICENCE, Channel.WEB, "s"));
            f.admin("DELETE", "/admin/faults/tracking.issue", null);
            // The platform acted on both attempts' key once: one id was issued.
            assertEquals(1, f.record("tracking").size());

            f.admin("PUT", "/admin/faults/tracking.issue", "{\"dropResponseRate\":0.5}");
            TrackingId id = null;
            for (int i = 0; i < 5 && id == null; i++) {
                try {
                    id = TrackingIds.builder(c).build().issue(SandboxFixture.LICENCE, Channel.WEB, "s" + i).trackingId();
                } catch (org.panjereh.core.PlatformUnreachableException e) {
                    // both attempts lost: try a new request
                }
            }
            assertTrue(id != null);
            assertTrue(TrackingId.isValid(id.value()));
        }
    }

    @Test
    void droppedConnectionsAndLatency() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            f.admin("PUT", "/admin/faults/jwks", "{\"dropRate\":1}");
            assertThrows(IOException.class, () -> f.http.newCall(new Request.Builder().url(f.url("/jwks")).build()).execute());
            f.admin("PUT", "/admin/faults/jwks", "{\"latencyMs\":400}");
            OkHttpClient impatient = f.http.newBuilder().readTimeout(50, TimeUnit.MILLISECONDS).build();
            assertThrows(java.net.SocketTimeoutException.class,
                    () -> impatient.newCall(new Request.Builder().url(f.url("/jwks")).build()).execute());
        }
    }

    @Test
    void downtimeWindowsFollowTheSandboxClock() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            PlatformClient c = f.client();
            c.metadata();
            String from = f.clock.instant().toString();
            String until = f.clock.instant().plusSeconds(60).toString();
            f.admin("PUT", "/admin/faults/tracking", "{\"downFrom\":\"" + from + "\",\"downUntil\":\"" + until + "\"}");
            PlatformException e = assertThrows(PlatformException.class,
                    () -> TrackingIds.builder(f.client()).build().issue(SandboxFixture.LICENCE, Channel.WEB, "s"));
            assertEquals(503, e.statusCode());
            assertEquals("platform.unavailable", e.code());
            assertTrue(e.isRetryable());
            f.clock.advance(Duration.ofSeconds(61));
            assertTrue(TrackingId.isValid(TrackingIds.builder(f.client()).build().issue(SandboxFixture.LICENCE, Channel.WEB, "s")
                    .trackingId().value()));
        }
    }

    @Test
    void faultsFromAConfigFileAndBadRules() throws Exception {
        Path file = dir.resolve("faults.json");
        Files.writeString(file, "{\"discovery\": {\"down\": true, \"retryAfterSeconds\": 5}}");
        try (SandboxFixture f = new SandboxFixture(c -> c.faultsFile(file))) {
            try (Response r = f.http.newCall(new Request.Builder().url(f.url("/.well-known/openid-configuration")).build())
                    .execute()) {
                assertEquals(503, r.code());
                assertEquals("5", r.header("Retry-After"));
            }
            IOException bad = assertThrows(IOException.class,
                    () -> f.admin("PUT", "/admin/faults/jwks", "{\"errorRate\":3}"));
            assertTrue(bad.getMessage().contains("400"));
            IOException unknown = assertThrows(IOException.class,
                    () -> f.admin("PUT", "/admin/faults/jwks", "{\"explode\":true}"));
            assertTrue(unknown.getMessage().contains("admin.invalid_fault"));
        }
    }
}
