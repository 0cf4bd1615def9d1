package org.panjereh.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.panjereh.testing.MutableClock;

/** A sandbox with two registered agencies and clients for them, as an agency's code would use it. */
final class SandboxFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ServiceId LICENCE = ServiceId.of("10101234567");
    static final String REDIRECT = "https://portal.agency-1010.example/callback";

    /** A clock tests can move; starts at the real time so that Nimbus's own time checks agree. */
    final MutableClock clock = new MutableClock();
    final SigningKey key1010;
    final SigningKey key2020;
    final NationalSandbox sandbox;
    final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();

    SandboxFixture() {
        this(b -> { });
    }

    SandboxFixture(java.util.function.Consumer<SandboxConfig.Builder> tweak) {
        try {
            key1010 = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
            key2020 = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        SandboxConfig.Builder b = SandboxConfig.builder().port(0).clock(clock)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(REDIRECT)),
                        new JWKSet(key1010.publicJwk()), null, null))
                .agency(AgencyRegistration.machine("2020", "agency-2020", new JWKSet(key2020.publicJwk())));
        tweak.accept(b);
        sandbox = NationalSandbox.start(b.build());
    }

    String url(String path) {
        return sandbox.issuer() + path;
    }

    PlatformClient client() {
        return client("1010", "agency-1010", key1010);
    }

    PlatformClient client(String agencyId, String clientId, SigningKey key) {
        RetryPolicy quick = RetryPolicy.builder().maxAttempts(2).sleeper(d -> { }).build();
        return PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).retryPolicy(quick).build(),
                AgencyCredentials.builder().agencyId(agencyId).clientId(clientId).signingKey(key).build())
                .retryPolicy(quick).clock(clock).build();
    }

    TrackingId issue(PlatformClient c) {
        return TrackingIds.builder(c).build().issue(LICENCE, Channel.WEB, "citizen-sub").trackingId();
    }

    static Map<String, Object> event(String id, String source, String type, TrackingId subject, Map<String, Object> data) {
        return Map.of("specversion", "1.0", "id", id, "source", source, "type", type, "subject", subject.value(),
                "time", "2026-11-22T10:15:30Z", "datacontenttype", "application/json", "data", data);
    }

    static Map<String, Object> data(String step, String outcome) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("serviceId", LICENCE.value());
        if (step != null) {
            d.put("step", step);
        }
        if (outcome != null) {
            d.put("outcome", outcome);
        }
        d.put("channel", "web");
        d.put("responsibleUnit", "U-1010-01");
        return d;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Plain HTTP to the admin API. */
    JsonNode admin(String method, String path, String json) throws IOException {
        Request.Builder rb = new Request.Builder().url(url(path));
        rb.method(method, json == null ? (method.equals("POST") || method.equals("PUT") ? RequestBody.create(new byte[0])
                : null) : RequestBody.create(json, MediaType.get("application/json")));
        try (Response r = http.newCall(rb.build()).execute()) {
            String body = r.body().string();
            if (r.code() >= 300) {
                throw new IOException("admin " + path + " answered " + r.code() + ": " + body);
            }
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }
    }

    JsonNode record(String kind) throws IOException {
        return admin("GET", "/admin/record/" + kind, null).get("items");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
