package org.panjereh.core;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scripted platform on MockWebServer: discovery and the token endpoint answer by themselves;
 * API paths answer from per-path queues. Every request is recorded.
 */
final class FakePlatform extends Dispatcher {

    final MockWebServer server;
    final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger tokenRequests = new AtomicInteger();
    final Map<String, ConcurrentLinkedDeque<MockResponse>> scripted = new ConcurrentHashMap<>();
    volatile boolean dpop = true;
    volatile String requiredTokenNonce;
    volatile int tokenLifetimeSeconds = 300;
    /** When set, token answers wait for it: lets a test hold the first token request open. */
    volatile java.util.concurrent.CountDownLatch tokenGate;

    FakePlatform(MockWebServer server) {
        this.server = server;
        server.setDispatcher(this);
    }

    String issuer() {
        return server.url("/").toString().replaceAll("/$", "");
    }

    String discoveryJson() {
        String i = issuer();
        return "{\"issuer\":\"" + i + "\",\"authorization_endpoint\":\"" + i + "/authorize\","
                + "\"token_endpoint\":\"" + i + "/token\",\"jwks_uri\":\"" + i + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"pairwise\"],"
                + "\"id_token_signing_alg_values_supported\":[\"ES256\",\"PS256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"private_key_jwt\"],"
                + (dpop ? "\"dpop_signing_alg_values_supported\":[\"ES256\"]," : "")
                + "\"tracking_endpoint\":\"" + i + "/tracking\",\"service_events_endpoint\":\"" + i + "/events\","
                + "\"survey_endpoint\":\"" + i + "/survey\",\"exchange_endpoint\":\"" + i + "/exchange\","
                + "\"service_registry_endpoint\":\"" + i + "/registry\",\"message_box_endpoint\":\"" + i + "/messages\","
                + "\"account_url\":\"" + i + "/account\","
                + "\"fallback_issuers\":[\"https://fallback.example\"]}";
    }

    void script(String path, MockResponse... responses) {
        scripted.computeIfAbsent(path, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(responses));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse problem(int code, String problemCode) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json")
                .body("{\"type\":\"https://platform.example/problems/" + problemCode + "\",\"title\":\"Refused\","
                        + "\"status\":" + code + ",\"detail\":\"because\",\"code\":\"" + problemCode + "\","
                        + "\"requestId\":\"echoed\"}").build();
    }

    List<RecordedRequest> requestsTo(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        if (path.equals("/.well-known/openid-configuration")) {
            ConcurrentLinkedDeque<MockResponse> q = scripted.get(path);
            MockResponse m = q == null ? null : q.poll();
            return m != null ? m : json(200, discoveryJson());
        }
        if (path.equals("/token")) {
            ConcurrentLinkedDeque<MockResponse> q = scripted.get(path);
            MockResponse m = q == null ? null : q.poll();
            if (m != null) {
                return m;
            }
            return token(request);
        }
        ConcurrentLinkedDeque<MockResponse> q = scripted.get(path);
        MockResponse m = q == null ? null : q.poll();
        return m != null ? m : problem(404, "test.unscripted");
    }

    private MockResponse token(RecordedRequest request) {
        if (requiredTokenNonce != null) {
            String proof = request.getHeaders().get("DPoP");
            String nonce = null;
            try {
                nonce = proof == null ? null : com.nimbusds.jwt.SignedJWT.parse(proof).getJWTClaimsSet().getStringClaim("nonce");
            } catch (java.text.ParseException e) {
                nonce = null;
            }
            if (!requiredTokenNonce.equals(nonce)) {
                return new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                        .setHeader("DPoP-Nonce", requiredTokenNonce)
                        .body("{\"error\":\"use_dpop_nonce\",\"error_description\":\"nonce required\"}").build();
            }
        }
        int n = tokenRequests.incrementAndGet();
        java.util.concurrent.CountDownLatch gate = tokenGate;
        if (gate != null) {
            try {
                gate.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return json(200, "{\"access_token\":\"token-" + n + "\",\"token_type\":\"" + (dpop ? "DPoP" : "Bearer")
                + "\",\"expires_in\":" + tokenLifetimeSeconds + ",\"scope\":\"tracking\"}");
    }

    static SigningKey newKey() {
        try {
            return SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
