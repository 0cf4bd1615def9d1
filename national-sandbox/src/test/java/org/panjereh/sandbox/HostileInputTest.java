package org.panjereh.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No input makes the sandbox answer 5xx unless a fault was injected (issue: bad input). */
class HostileInputTest {

    static SandboxFixture f;

    @BeforeAll
    static void start() {
        f = new SandboxFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static final List<String> PATHS = List.of("/.well-known/openid-configuration", "/jwks", "/par", "/authorize",
            "/authorize/login", "/token", "/userinfo", "/logout", "/registry/services/10101234567", "/registry/services",
            "/tracking/tracking-ids", "/tracking/tracking-ids/10101234567000000100", "/events/batch",
            "/survey/forms/csat-v1", "/survey/responses", "/survey/responses/x/replies", "/survey/visits",
            "/exchange/civil-registry/person-identity", "/exchange/post/address-by-postcode", "/messages/messages",
            "/admin/agencies", "/admin/faults/x", "/admin/record/event", "/admin/sessions/x/logout", "/",
            "/openapi.json", "/%00", "/..%2f..%2fetc/passwd", "/account");

    static final List<String[]> BODIES = List.of(
            new String[] {"application/json", "{}"}, new String[] {"application/json", "[]"},
            new String[] {"application/json", "null"}, new String[] {"application/json", "{\"a\":"},
            new String[] {"application/json", "[1,2,{\"id\":null}]"},
            new String[] {"application/json", "{\"serviceId\":[],\"trackingId\":{},\"answers\":\"x\",\"agencyId\":1}"},
            new String[] {"application/cloudevents-batch+json", "[{},null,1,\"x\",{\"id\":\"a\",\"source\":\"urn:ir:agency:1010\"}]"},
            new String[] {"application/x-www-form-urlencoded", "grant_type=authorization_code&code=%ZZ&&=&a=1&a=2"},
            new String[] {"application/x-www-form-urlencoded", "grant_type=client_credentials&client_assertion_type=x&client_assertion=y.z.w"},
            new String[] {"text/plain", "\u0000\u0001garbage"},
            new String[] {"application/json", "{\"txn\":\"" + "x".repeat(10000) + "\"}"});

    static final List<String[]> HEADERS = List.of(new String[] {"X-Trace", "1"},
            new String[] {"Authorization", "DPoP eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."},
            new String[] {"Authorization", "Bearer " + "a".repeat(5000)},
            new String[] {"Idempotency-Key", "not-a-uuid"},
            new String[] {"DPoP", "e30.e30.e30"});

    @Test
    void nothingAnswers5xx() throws Exception {
        int calls = 0;
        for (String path : PATHS) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                for (String[] body : method.equals("GET") || method.equals("DELETE") ? List.<String[]>of(new String[] {null, null})
                        : BODIES) {
                    for (String[] h : HEADERS) {
                        Request.Builder rb = new Request.Builder().url(f.url(path)).header(h[0], h[1]);
                        rb.method(method, body[0] == null ? null : RequestBody.create(body[1], MediaType.get(body[0])));
                        try (Response r = f.http.newCall(rb.build()).execute()) {
                            calls++;
                            assertTrue(r.code() < 500, method + " " + path + " with " + h[0] + " and " + body[1]
                                    + " answered " + r.code() + ": " + r.body().string());
                        }
                    }
                }
            }
        }
        assertTrue(calls > 1000);
    }

    @Test
    void queryGarbageOnTheAuthorizationEndpoint() throws Exception {
        for (String q : List.of("", "?client_id=", "?request_uri=urn:x", "?response_type=code&client_id=agency-1010",
                "?%ZZ=1", "?client_id=agency-1010&client_id=agency-2020", "?scope=openid&redirect_uri=javascript:alert(1)")) {
            try (Response r = f.http.newCall(new Request.Builder().url(f.url("/authorize" + q)).build()).execute()) {
                assertTrue(r.code() < 500, q + " answered " + r.code());
                String loc = r.header("Location");
                assertTrue(loc == null || !loc.startsWith("javascript"), q);
            }
        }
    }
}
