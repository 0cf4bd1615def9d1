package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;

/** An intake that answers 500, 429 and garbage before it behaves: nothing lost, same ids resent. */
class HostileIntakeTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    final ConcurrentLinkedDeque<MockResponse> script = new ConcurrentLinkedDeque<>();
    final List<RecordedRequest> batches = Collections.synchronizedList(new ArrayList<>());

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void failuresAndGarbageAreRetriedWithTheSameEvents() throws Exception {
        String issuer = server.url("/").toString().replaceAll("/$", "");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String p = r.getUrl().encodedPath();
                if (p.equals("/.well-known/openid-configuration")) {
                    return json(200, "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer + "/token\","
                            + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                            + "\"subject_types_supported\":[\"public\"],\"service_events_endpoint\":\"" + issuer + "/events\"}");
                }
                if (p.equals("/token")) {
                    return json(200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":300}");
                }
                batches.add(r);
                MockResponse m = script.poll();
                return m != null ? m : json(200, "{\"accepted\":2,\"duplicates\":[],\"rejected\":[]}");
            }
        });
        script.add(json(500, "{}"));
        script.add(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").build());
        script.add(json(200, "<html>proxy error</html>"));
        script.add(json(200, "{\"accepted\":\"lots\"}"));
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        PlatformClient client = PlatformClient.builder(PlatformDiscovery.builder(java.net.URI.create(issuer)).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("a").signingKey(key).build())
                .retryPolicy(RetryPolicy.none()).build();
        TrackingId t = TrackingId.withCheckDigits("101012345670000001");
        ServiceId s = ServiceId.of("10101234567");
        try (Outbox outbox = Outbox.fileJournal(dir.resolve("o"));
             ServiceEventPublisher p = ServiceEventPublisher.builder(client, outbox)
                     .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).circuitOpenWait(Duration.ofMillis(20)).build()) {
            p.publishAll(List.of(ServiceEvent.started(t, s, Channel.WEB, "U1"),
                    ServiceEvent.step(t, s, "review", Channel.WEB, "U1")));
            assertTrue(p.awaitDelivered(Duration.ofSeconds(20)));
            assertEquals(2, p.metrics().delivered());
            assertEquals(0, p.metrics().rejected());
        }
        assertTrue(batches.size() >= 5, "four failures then success: " + batches.size());
        String firstBody = batches.get(0).getBody().utf8();
        JsonNode arr = PublisherFixture.JSON.readTree(firstBody);
        assertEquals(2, arr.size());
        for (RecordedRequest r : batches) {
            assertEquals(firstBody, r.getBody().utf8(), "the same events, same ids, every time");
            assertTrue(r.getHeaders().get("Content-Type").startsWith("application/cloudevents-batch+json"));
            assertEquals("Bearer t", r.getHeaders().get("Authorization"));
        }
    }
}
