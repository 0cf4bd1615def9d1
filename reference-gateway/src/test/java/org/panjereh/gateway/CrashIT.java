package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.NationalLogin;

/**
 * The built reference-gateway.jar, killed with SIGKILL while citizens apply through the JSON API, then
 * started again on the same H2 store: every request the gateway acknowledged (201) is there, and the
 * platform receives each one's {@code started} event exactly once.
 */
class CrashIT {

    private static final int PORT = 18681;
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false)
            .callTimeout(Duration.ofSeconds(20)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aKilledGatewayLosesNoAcknowledgedRequestOrEvent() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        URI callback = URI.create(BASE + "/callback");
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration(
                "1010", "agency-1010", List.of(callback), new JWKSet(key.publicJwk()), null, null, null)).build())) {
            Map<String, String> settings = GatewayNode.settings(sandbox, key, dir, callback);
            String issuer = settings.remove("panjereh.platform.issuer"); // given as --platform=URL below
            settings.put("gateway.data-dir", dir.resolve("data").toString());
            settings.put("gateway.base-url", BASE);
            String token = accessToken(sandbox, key, callback);

            List<String> options = List.of("--platform=" + issuer);
            GatewayProcess gateway = GatewayProcess.start(PORT, settings, options, Map.of(), dir.resolve("first.log"));
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(150);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService citizens = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                citizens.submit(() -> {
                    while (running.get()) {
                        try {
                            String t = apply(token);
                            if (t != null) {
                                acknowledged.add(t);
                                enough.countDown();
                            }
                        } catch (IOException e) {
                            return null; // the gateway is gone
                        }
                    }
                    return null;
                });
            }
            enough.await(60, TimeUnit.SECONDS);
            gateway.kill(); // SIGKILL: no shutdown hook, no flush
            running.set(false);
            citizens.shutdown();
            assertTrue(citizens.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(acknowledged.size() >= 150, "applications before the kill: " + acknowledged.size());

            GatewayProcess again = GatewayProcess.start(PORT, settings, options, Map.of(), dir.resolve("second.log"));
            try {
                for (String t : acknowledged) {
                    try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/api/v1/requests/" + t)
                            .header("Authorization", "Bearer " + token).build()).execute()) {
                        assertEquals(200, r.code(), "acknowledged request " + t + " after the restart");
                    }
                }
                Map<String, Integer> started = new HashMap<>();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                do {
                    started.clear();
                    for (JsonNode e : JourneyTest.record(sandbox.issuer(), "event")) {
                        if (e.path("type").asText().equals("ir.gov.service.started")) {
                            started.merge(e.path("subject").asText(), 1, Integer::sum);
                        }
                    }
                } while (!started.keySet().containsAll(acknowledged) && System.nanoTime() < until);
                for (String t : acknowledged) {
                    assertEquals(1, started.getOrDefault(t, 0), "started events for " + t);
                }
                assertTrue(started.values().stream().allMatch(n -> n == 1), "no event twice: " + started);
            } finally {
                again.close();
            }
        }
    }

    private static String apply(String token) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/api/v1/requests")
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                .post(RequestBody.create("{\"serviceId\":\"10101234568\",\"postalCode\":\"1991943711\"}",
                        MediaType.get("application/json"))).build()).execute()) {
            return r.code() == 201 ? JSON.readTree(r.body().string()).path("trackingId").asText() : null;
        }
    }

    /** A mobile app's login at the sandbox, for the agency's client. */
    private static String accessToken(NationalSandbox sandbox, SigningKey key, URI callback) throws Exception {
        PlatformDiscovery discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
        try {
            NationalLogin sso = NationalLogin.builder(discovery, AgencyCredentials.builder().agencyId("1010")
                    .clientId("agency-1010").signingKey(key).build(), callback).build();
            LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", true);
            String page;
            try (Response r = HTTP.newCall(new Request.Builder().url(login.redirectTo().toString()).build()).execute()) {
                page = r.body().string();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
            assertTrue(m.find(), page);
            String location;
            try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/authorize/login")
                    .post(new FormBody.Builder().add("txn", m.group(1)).add("citizen", "citizen-maryam")
                            .add("loa", "urn:ir:gov:loa:2").add("action", "login").build()).build()).execute()) {
                location = r.header("Location");
            }
            Map<String, String> params = new HashMap<>();
            for (String kv : URI.create(location).getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
            }
            return sso.finish(login.pending(), params).accessToken();
        } finally {
            discovery.close();
        }
    }
}
