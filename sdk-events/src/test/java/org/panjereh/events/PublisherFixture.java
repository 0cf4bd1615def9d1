package org.panjereh.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** The in-process sandbox with agency 1010, and an SDK client for it. */
final class PublisherFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ServiceId LICENCE = ServiceId.of("10101234567");

    final SigningKey key;
    final NationalSandbox sandbox;
    final PlatformClient client;
    final OkHttpClient http = new OkHttpClient();

    PublisherFixture() {
        try {
            key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        client = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .retryPolicy(RetryPolicy.none()).build();
    }

    TrackingId issue() {
        return TrackingIds.builder(client).build().issue(LICENCE, Channel.WEB, "citizen").trackingId();
    }

    ServiceEventPublisher.Builder publisher(Outbox outbox, Path deadLetters) {
        return ServiceEventPublisher.builder(client, outbox)
                .deadLetters(DeadLetterStore.jsonLines(deadLetters))
                .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).circuitOpenWait(Duration.ofMillis(100))
                .idleWait(Duration.ofMillis(20));
    }

    void fault(String endpoint, String rule) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/faults/" + endpoint)
                .put(RequestBody.create(rule, MediaType.get("application/json"))).build()).execute()) {
            if (r.code() != 200) {
                throw new IOException("fault not set: " + r.code());
            }
        }
    }

    void clearFaults() throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/faults").delete().build()).execute()) {
            r.code();
        }
    }

    JsonNode record(String kind) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/" + kind + "?limit=10000")
                .build()).execute()) {
            return JSON.readTree(r.body().string()).get("items");
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
