package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Issue 10: the same gateway against a live-like platform, configuration only. */
@QuarkusTest
@QuarkusTestResource(value = LiveLikeSandbox.class, restrictToAnnotatedClass = true)
class LiveLikeGatewayTest {

    @Inject
    Platform platform;

    @Test
    void theFullLoginJourneyOnALiveLikePlatform() throws Exception {
        assertTrue(platform.embeddedSandbox().isEmpty(), "no embedded sandbox when a platform is configured");
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/login?returnTo=/my").build())
                .execute()) {
            String to = r.header("Location");
            assertTrue(to.startsWith(LiveLikeSandbox.sandbox.issuer() + "/oauth2/authorize?") && !to.contains("request_uri="), to);
        }
        String page = GatewayTest.loginJourney(LiveLikeSandbox.sandbox.issuer());
        assertTrue(page.contains("مریم"), page);
        try (Response r = GatewayTest.HTTP.newCall(new Request.Builder().url(GatewayTest.BASE + "/").build()).execute()) {
            assertTrue(r.body().string().contains("صدور پروانه کسب"), "the catalogue through a configured registry endpoint");
        }
    }
}
