package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.ReferenceGatewayDriver;
import org.panjereh.conformance.RuleResult;

/**
 * The built gateway on a platform at the FAPI 2.0 bar, by configuration alone ({@code gateway.sandbox.profile=fapi2}):
 * signed request objects in PAR, client assertions for the issuer, DPoP-bound tokens, encrypted ID tokens and
 * userinfo; the conformance kit's rules all pass as they do on the contract's profile.
 */
class Fapi2GatewayIT {

    private static final int PORT = 18791;
    private static final int SANDBOX = 18792;

    @TempDir
    Path dir;

    @Test
    void theGatewayPassesTheKitOnTheFapi2ProfileWithConfigurationAlone() throws Exception {
        GatewayProcess g = GatewayProcess.start(PORT, Map.of("gateway.sandbox.port", Integer.toString(SANDBOX),
                "gateway.data-dir", dir.resolve("data").toString(), "gateway.base-url", "http://127.0.0.1:" + PORT,
                "gateway.sandbox.profile", "fapi2"), dir.resolve("gateway.log"));
        try {
            ConformanceReport report = ConformanceKit.builder(URI.create("http://127.0.0.1:" + PORT), new ReferenceGatewayDriver().paidService(null))
                    .sandbox(URI.create("http://127.0.0.1:" + SANDBOX)).waitForRecords(Duration.ofSeconds(30)).build().run();
            for (RuleResult r : report.results()) {
                assertTrue(r.outcome() != RuleResult.Outcome.FAILED && r.outcome() != RuleResult.Outcome.NOT_RUN,
                        r.rule().id() + ": " + r.message());
            }
            String discovery = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + SANDBOX + "/.well-known/openid-configuration")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(discovery.contains("\"require_signed_request_object\":true"), "the platform asks for FAPI 2.0: " + discovery);
            assertEquals(1, report.results().stream().filter(r -> r.outcome() == RuleResult.Outcome.PASSED
                    && r.rule() == org.panjereh.conformance.Rule.SSO_NATIONAL_ONLY).count());
        } finally {
            g.close();
        }
    }
}
