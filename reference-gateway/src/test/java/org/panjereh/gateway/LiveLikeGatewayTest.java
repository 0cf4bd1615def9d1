package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Issue 10: the same gateway against a live-like platform, configuration only: login, apply, deliver. */
@QuarkusTest
@QuarkusTestResource(value = LiveLikeSandbox.class, restrictToAnnotatedClass = true)
class LiveLikeGatewayTest {

    @Inject
    Platform platform;
    @Inject
    Agency agency;

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

    @Test
    void applyAndDeliverOnALiveLikePlatform() throws Exception {
        URI sandbox = LiveLikeSandbox.sandbox.issuer();
        Browser maryam = new Browser();
        Browser.Page form = maryam.login(sandbox, "citizen-maryam", "urn:ir:gov:loa:2", "/apply/10101234568");
        Browser.Page applied = maryam.post("/apply/10101234568", "csrf", form.field("csrf"), "submission", form.field("submission"),
                "postalCode", "1991943711");
        assertEquals(303, applied.status(), applied.body());
        String t = applied.location().substring("/my/requests/".length());
        Browser staff = new Browser();
        Browser.Page console = staff.login(sandbox, "citizen-ali", "urn:ir:gov:loa:2", "/staff");
        Browser.Page delivered = staff.post("/staff/requests/" + t + "/deliver", "csrf", console.field("csrf"), "version", "0");
        assertEquals(303, delivered.status(), t + " " + delivered.body());
        assertTrue(agency.events().awaitDelivered(Duration.ofSeconds(20)), agency.events().metrics().toString());
        List<String> types = new ArrayList<>();
        for (JsonNode e : JourneyTest.record(sandbox, "event")) {
            if (e.path("subject").asText().equals(t)) {
                types.add(e.path("type").asText());
            }
        }
        assertEquals(List.of("ir.gov.service.started", "ir.gov.service.delivered"), types,
                "Bearer machine tokens with client_secret_basic, every endpoint configured one by one");
    }
}
