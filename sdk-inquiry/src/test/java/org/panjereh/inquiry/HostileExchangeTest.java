package org.panjereh.inquiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PostalCode;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;

/** A scripted exchange on MockWebServer: bad signatures, bad bodies, problem answers, outages, crowds. */
class HostileExchangeTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    static final String ADDRESS = "{\"postalCode\":\"1991943711\",\"province\":\"تهران\",\"city\":\"تهران\","
            + "\"street\":\"ولیعصر\",\"plaque\":\"12\",\"lat\":35.7,\"lon\":51.4}";

    ECKey platformKey;
    ECKey strangerKey;
    volatile Function<RecordedRequest, MockResponse> exchange;
    final ConcurrentLinkedDeque<RecordedRequest> inquiries = new ConcurrentLinkedDeque<>();
    PlatformClient platform;
    InquiryContext ctx = new InquiryContext(ServiceId.of("10101234567"), null, NationalCode.of("0499370899"));
    UserRefKey key = UserRefKey.of(new byte[32]);

    @BeforeEach
    void setUp() throws Exception {
        platformKey = new ECKeyGenerator(Curve.P_256).keyID("p1").generate();
        strangerKey = new ECKeyGenerator(Curve.P_256).keyID("p1").generate();
        String issuer = server.url("/").toString().replaceAll("/$", "");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String p = r.getUrl().encodedPath();
                if (p.equals("/.well-known/openid-configuration")) {
                    return json(200, "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer + "/token\","
                            + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                            + "\"subject_types_supported\":[\"public\"],\"exchange_endpoint\":\"" + issuer + "/exchange\"}");
                }
                if (p.equals("/token")) {
                    return json(200, "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":300}");
                }
                if (p.equals("/jwks")) {
                    return json(200, new JWKSet(platformKey.toPublicJWK()).toString());
                }
                inquiries.add(r);
                return exchange.apply(r);
            }
        });
        platform = PlatformClient.builder(PlatformDiscovery.builder(java.net.URI.create(issuer)).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("a")
                        .signingKey(SigningKey.of(new ECKeyGenerator(Curve.P_256).generate())).build())
                .retryPolicy(RetryPolicy.none()).build();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    String sign(String body, ECKey k) {
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p1").build(),
                    new Payload(body.getBytes(StandardCharsets.UTF_8)));
            jws.sign(new ECDSASigner(k));
            return jws.serialize(true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    MockResponse signed(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("X-Response-Signature", sign(body, platformKey)).body(body).build();
    }

    NationalExchange client(ProviderPolicy p) {
        return NationalExchange.builder(platform, key).defaultPolicy(p).audit(r -> { }).build();
    }

    ExchangeException.Reason failure(NationalExchange x) {
        return assertThrows(ExchangeException.class, () -> x.addressByPostcode(PostalCode.of("1991943711"), ctx)).reason();
    }

    @Test
    void theRequestCarriesTheContractHeaders() throws Exception {
        exchange = r -> signed(ADDRESS);
        client(ProviderPolicy.defaults()).addressByPostcode(PostalCode.of("1991943711"),
                InquiryContext.forRequest(ServiceId.of("10101234567"),
                        org.panjereh.core.TrackingId.withCheckDigits("101012345670000009"), NationalCode.of("0499370899")));
        RecordedRequest r = inquiries.getFirst();
        assertEquals("POST", r.getMethod());
        assertEquals("/exchange/post/address-by-postcode", r.getUrl().encodedPath());
        assertEquals("1010", r.getHeaders().get("X-Client-Agency"));
        assertEquals("10101234567", r.getHeaders().get("X-Purpose"));
        assertEquals(org.panjereh.core.TrackingId.withCheckDigits("101012345670000009").value(), r.getHeaders().get("X-Tracking-Id"));
        assertEquals(key.ref(NationalCode.of("0499370899")), r.getHeaders().get("X-User-Ref"));
        assertTrue(r.getHeaders().get("X-Request-Id").length() == 36);
        assertEquals("{\"postalCode\":\"1991943711\"}", r.getBody().utf8());
        assertFalse(r.getHeaders().toString().contains("0499370899"), "the national code never travels in a header");
    }

    @Test
    void signaturesMissingMalformedWrongKeyOrOverAlteredBytes() {
        NationalExchange x = client(ProviderPolicy.defaults());
        exchange = r -> json(200, ADDRESS);
        assertEquals(ExchangeException.Reason.UNVERIFIED_ANSWER, failure(x));
        exchange = r -> new MockResponse.Builder().code(200).setHeader("X-Response-Signature", "not-a-jws").body(ADDRESS).build();
        assertEquals(ExchangeException.Reason.UNVERIFIED_ANSWER, failure(x));
        exchange = r -> new MockResponse.Builder().code(200).setHeader("X-Response-Signature", sign(ADDRESS, strangerKey))
                .body(ADDRESS).build();
        assertEquals(ExchangeException.Reason.UNVERIFIED_ANSWER, failure(x));
        exchange = r -> new MockResponse.Builder().code(200).setHeader("X-Response-Signature", sign(ADDRESS, platformKey))
                .body(ADDRESS.replace("12", "13")).build();
        assertEquals(ExchangeException.Reason.UNVERIFIED_ANSWER, failure(x), "body altered after signing");
        exchange = r -> new MockResponse.Builder().code(200).setHeader("X-Response-Signature",
                "eyJhbGciOiJub25lIn0..").body(ADDRESS).build();
        assertEquals(ExchangeException.Reason.UNVERIFIED_ANSWER, failure(x), "alg none");
    }

    @Test
    void signedGarbageIsAnInvalidAnswer() {
        NationalExchange x = client(ProviderPolicy.defaults());
        exchange = r -> signed("{\"postalCode\": [oops");
        assertEquals(ExchangeException.Reason.INVALID_ANSWER, failure(x));
        exchange = r -> signed("{\"postalCode\":\"8174673111\",\"province\":\"a\",\"city\":\"b\",\"street\":\"c\",\"plaque\":\"d\"}");
        assertEquals(ExchangeException.Reason.INVALID_ANSWER, failure(x), "an answer about another postal code");
    }

    @Test
    void problemAnswers() {
        NationalExchange x = client(ProviderPolicy.defaults().withRetry(1, Duration.ZERO));
        exchange = r -> json(404, "{\"status\":404,\"code\":\"exchange.not_found\"}");
        assertEquals(ExchangeException.Reason.NOT_FOUND, failure(x));
        exchange = r -> json(502, "{\"status\":502,\"code\":\"exchange.provider_unavailable\"}");
        assertEquals(ExchangeException.Reason.PROVIDER_UNAVAILABLE, failure(x));
        exchange = r -> json(504, "{\"status\":504,\"code\":\"exchange.provider_timeout\"}");
        assertEquals(ExchangeException.Reason.PROVIDER_TIMEOUT, failure(x));
        exchange = r -> json(400, "{\"status\":400,\"code\":\"exchange.user_ref_required\"}");
        assertEquals(ExchangeException.Reason.REFUSED, failure(x));
    }

    @Test
    void aProviderDownOpensTheCircuitAndItRecovers() throws Exception {
        NationalExchange x = client(ProviderPolicy.defaults().withRetry(1, Duration.ZERO)
                .withCircuitBreaker(50, 4, Duration.ofMillis(200)));
        exchange = r -> json(502, "{\"status\":502,\"code\":\"exchange.provider_unavailable\"}");
        for (int i = 0; i < 4; i++) {
            assertEquals(ExchangeException.Reason.PROVIDER_UNAVAILABLE, failure(x));
        }
        int before = inquiries.size();
        assertEquals(ExchangeException.Reason.CIRCUIT_OPEN, failure(x));
        assertEquals(before, inquiries.size(), "an open circuit sends nothing");
        assertEquals("OPEN", x.circuitState(ExchangeService.ADDRESS_BY_POSTCODE));
        exchange = r -> signed(ADDRESS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        PostalAddress a = null;
        while (a == null && System.nanoTime() < deadline) {
            try {
                a = x.addressByPostcode(PostalCode.of("1991943711"), ctx);
            } catch (ExchangeException e) {
                assertEquals(ExchangeException.Reason.CIRCUIT_OPEN, e.reason());
                Thread.onSpinWait();
            }
        }
        assertEquals("تهران", a.city());
        assertEquals("CLOSED", x.circuitState(ExchangeService.ADDRESS_BY_POSTCODE));
    }

    @Test
    void twoHundredCallersAgainstABulkheadOfTwenty() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        exchange = r -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return signed(ADDRESS);
        };
        NationalExchange x = NationalExchange.builder(platform, key).audit(r -> { })
                .policy("post", ProviderPolicy.defaults().withBulkhead(20, Duration.ZERO).withRateLimit(1000)
                        .withRetry(1, Duration.ZERO)).build();
        platform.metadata();
        ExecutorService pool = Executors.newFixedThreadPool(200);
        List<Future<String>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(pool.submit(() -> {
                try {
                    return x.addressByPostcode(PostalCode.of("1991943711"), ctx).city();
                } catch (ExchangeException e) {
                    return e.reason().name();
                }
            }));
        }
        // While the server holds the admitted calls, every other caller must come back, refused.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long done = 0;
        while (System.nanoTime() < deadline && (done = fs.stream().filter(Future::isDone).count()) < 180) {
            Thread.onSpinWait();
        }
        assertEquals(180, done, "180 callers answered while 20 were still held");
        int refused = 0;
        for (Future<String> f : fs) {
            if (f.isDone() && f.get().equals("BUSY")) {
                refused++;
            }
        }
        release.countDown();
        int ok = 0;
        int busy = 0;
        for (Future<String> f : fs) {
            String v = f.get(20, TimeUnit.SECONDS);
            if (v.equals("تهران")) {
                ok++;
            } else if (v.equals("BUSY")) {
                busy++;
            }
        }
        pool.shutdown();
        assertEquals(200, ok + busy, "every caller got an answer or a clear refusal");
        assertTrue(maxInFlight.get() <= 20, "never more than 20 at the exchange: " + maxInFlight.get());
        assertEquals(180, refused, "the refusals came back before any admitted call finished");
        assertEquals(20, ok);
    }
}
