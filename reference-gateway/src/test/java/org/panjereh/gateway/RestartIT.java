package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.ReferenceGatewayDriver;
import org.panjereh.core.TrackingId;

/**
 * A newcomer stops the gateway and starts it again on the same data directory: the embedded sandbox keeps its
 * state and the demo agency its key there too, so the requests of the first run are still tracked and the
 * next request gets a new tracking id.
 */
class RestartIT {

    private static final int PORT = 18786;
    private static final int SANDBOX = 18787;

    @TempDir
    Path dir;

    private TrackingId applyAsMaryam() throws Exception {
        PortalBrowser b = new PortalBrowser(URI.create("http://127.0.0.1:" + PORT + "/"));
        PortalBrowser.Page login = b.open("/my");
        PortalBrowser.Page back = b.submit(login, "form", Map.of("citizen", "citizen-maryam", "loa", "urn:ir:gov:loa:2",
                "action", "login"));
        assertEquals(200, back.status(), back.text());
        return new ReferenceGatewayDriver().apply(b);
    }

    @Test
    void aRestartKeepsRequestsAndIssuesNewTrackingIds() throws Exception {
        Map<String, String> settings = Map.of("gateway.sandbox.port", Integer.toString(SANDBOX),
                "gateway.data-dir", dir.resolve("data").toString());
        TrackingId first;
        GatewayProcess g = GatewayProcess.start(PORT, settings, dir.resolve("first.log"));
        try {
            first = applyAsMaryam();
        } finally {
            g.close();
        }
        GatewayProcess again = GatewayProcess.start(PORT, settings, dir.resolve("second.log"));
        try {
            TrackingId second = applyAsMaryam();
            assertNotEquals(first, second, "the sandbox's issuer continues where it stopped");
            PortalBrowser anyone = new PortalBrowser(URI.create("http://127.0.0.1:" + PORT + "/"));
            PortalBrowser.Page tracked = anyone.open("/track?id=" + first.value());
            assertEquals(200, tracked.status());
            assertTrue(tracked.text().contains("ثبت درخواست"), tracked.text());
        } finally {
            again.close();
        }
    }

    /**
     * Issue 26: the provider's traffic audit is written before the answer leaves, so a gateway killed with SIGKILL right
     * after answering another agency (here the sandbox's test consumer 9999, through the exchange hub) still shows that
     * call in its audit when it comes back.
     */
    @Test
    void aProviderAnswerSurvivesAKillInTheAudit() throws Exception {
        Map<String, String> settings = Map.of("gateway.sandbox.port", Integer.toString(SANDBOX),
                "gateway.data-dir", dir.resolve("data").toString());
        GatewayProcess g = GatewayProcess.start(PORT, settings, dir.resolve("killed.log"));
        String answered;
        try (okhttp3.Response r = GatewayTest.HTTP.newCall(new okhttp3.Request.Builder()
                .url("http://127.0.0.1:" + SANDBOX + "/admin/exchange/ask")
                .post(okhttp3.RequestBody.create("{\"provider\":\"1010\",\"service\":\"business-permit\",\"purpose\":"
                        + "\"99990000001\",\"userRef\":\"" + "0".repeat(64) + "\",\"body\":{\"code\":\"ABCD-EFGH-JKMN\"}}",
                        okhttp3.MediaType.get("application/json"))).build()).execute()) {
            answered = r.code() + " " + r.body().string();
        } finally {
            g.kill();
        }
        assertTrue(answered.startsWith("404") && answered.contains("exchange.not_found"), "the provider answered: " + answered);
        GatewayProcess again = GatewayProcess.start(PORT, settings, dir.resolve("after-kill.log"));
        try {
            PortalBrowser ali = new PortalBrowser(URI.create("http://127.0.0.1:" + PORT + "/"));
            PortalBrowser.Page login = ali.open("/staff");
            ali.submit(login, "form", Map.of("citizen", "citizen-ali", "loa", "urn:ir:gov:loa:2", "action", "login"));
            assertEquals(java.util.OptionalLong.of(1), new ReferenceGatewayDriver().auditedCalls(ali, "9999"),
                    "the call answered just before the kill is in the audit");
        } finally {
            again.close();
        }
    }

    /**
     * The gateway opens its port before its platform is up (GatewayStart), so a platform that cannot start must still
     * stop it, as when it started first: the embedded sandbox's port is taken here.
     */
    @Test
    void aPlatformThatCannotStartStopsTheGatewayWithItsReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(SANDBOX, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = Map.of("gateway.sandbox.port", Integer.toString(taken.getLocalPort()),
                    "gateway.data-dir", dir.resolve("data").toString());
            AssertionError e = assertThrows(AssertionError.class,
                    () -> GatewayProcess.start(PORT, settings, dir.resolve("taken.log")).close());
            assertTrue(e.getMessage().startsWith("gateway exited with status 1: "), e.getMessage());
            assertTrue(e.getMessage().contains("The gateway cannot reach or set up its platform; stopping"), e.getMessage());
            assertTrue(e.getMessage().contains("BindException") || e.getMessage().contains("Address already in use"),
                    e.getMessage());
        }
    }
}
