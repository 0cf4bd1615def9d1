package org.panjereh.inquiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.LogCapture;
import org.panjereh.testing.MutableClock;

/**
 * The provider side (contract section 12) served by a servlet, asked through the sandbox's exchange hub and directly:
 * what comes through the exchange is answered, signed and audited; everything else is refused with one log line.
 */
class ExchangeProviderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OkHttpClient HTTP = new OkHttpClient();

    final MutableClock clock = new MutableClock();
    NationalSandbox sandbox;
    PlatformClient platform;
    PlatformClient consumer;
    JdbcDataSource db;
    ProviderAudit audit;
    ExchangeProvider provider;
    ExchangeProvider secondNode;
    Server portal;
    String base;
    /** What the exchange forwarded: headers and body, to replay. */
    final List<Map<String, String>> forwarded = new CopyOnWriteArrayList<>();

    static final Map<String, Map<String, Object>> PERMITS = Map.of("ABCD2345EFGH6789", Map.of("status", "valid",
            "title", "پروانه کسب", "holderName", "مریم احمدی", "activity", "نانوایی", "validUntil", "2027-11-30"));

    ProvidedService permits(int rate) {
        return ProvidedService.builder("business-permit", call -> Optional.ofNullable(PERMITS.get(call.<String>field("code"))))
                .title("استعلام پروانه کسب").legalBasis("قانون نظام صنفی کشور")
                .request("code", ProvidedService.FieldType.STRING)
                .answer("status", ProvidedService.FieldType.STRING).answer("title", ProvidedService.FieldType.STRING)
                .answer("holderName", ProvidedService.FieldType.STRING).answer("activity", ProvidedService.FieldType.STRING)
                .answer("validUntil", ProvidedService.FieldType.DATE)
                .consumer("2020", Set.of("20201000001"), Set.of("status", "title"))
                .ratePerMinute(rate).build();
    }

    @BeforeEach
    void start() throws Exception {
        SigningKey k1010 = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        SigningKey k2020 = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).clock(clock)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(k1010.publicJwk())))
                .agency(AgencyRegistration.machine("2020", "agency-2020", new JWKSet(k2020.publicJwk()))).build());
        platform = client("1010", k1010);
        consumer = client("2020", k2020);
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        audit = ProviderAudit.jdbc(db);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        portal = new Server();
        ServerConnector c = new ServerConnector(portal);
        c.setHost("127.0.0.1");
        c.setPort(port);
        portal.addConnector(c);
        base = "http://127.0.0.1:" + port;
        provider = ExchangeProvider.builder(platform, ReplayCache.jdbc(db), audit).endpoint(URI.create(base + "/exchange/"))
                .service(permits(5)).clock(clock).build();
        secondNode = ExchangeProvider.builder(platform, ReplayCache.jdbc(db), audit).endpoint(URI.create(base + "/exchange/"))
                .service(permits(5)).clock(clock).build();
        ServletContextHandler ctx = new ServletContextHandler();
        ExchangeProviderServlet servlet = new ExchangeProviderServlet(provider);
        ctx.addServlet(new ServletHolder(new ExchangeProviderServlet(provider) {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                byte[] body = req.getInputStream().readAllBytes();
                Map<String, String> h = new java.util.HashMap<>();
                for (String n : List.of("Authorization", "X-Client-Agency", "X-Purpose", "X-User-Ref", "X-Request-Id")) {
                    if (req.getHeader(n) != null) {
                        h.put(n, req.getHeader(n));
                    }
                }
                h.put("body", new String(body, StandardCharsets.UTF_8));
                forwarded.add(h);
                ExchangeProvider.Outgoing out = provider.handle(new ExchangeProvider.Incoming(
                        req.getPathInfo().substring(1), req.getContentType(), lower(h), body, false));
                resp.setStatus(out.status());
                out.headers().forEach(resp::setHeader);
                resp.getOutputStream().write(out.body());
            }
        }), "/exchange/*");
        ctx.addServlet(new ServletHolder(servlet), "/plain/*");
        portal.setHandler(ctx);
        portal.start();
        provider.publish();
    }

    static Map<String, String> lower(Map<String, String> h) {
        Map<String, String> out = new java.util.HashMap<>();
        h.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return out;
    }

    PlatformClient client(String agency, SigningKey key) {
        RetryPolicy once = RetryPolicy.builder().maxAttempts(1).build();
        return PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).clock(clock).build(),
                AgencyCredentials.builder().agencyId(agency).clientId("agency-" + agency).signingKey(key).build())
                .retryPolicy(once).clock(clock).build();
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        provider.close();
        secondNode.close();
        sandbox.close();
    }

    PlatformResponse ask(String body, String purpose) {
        return consumer.post(URI.create(sandbox.issuer() + "/exchange/1010/business-permit"),
                body.getBytes(StandardCharsets.UTF_8), "application/json", RequestOptions.builder()
                        .header("X-Client-Agency", "2020").header("X-Purpose", purpose).header("X-User-Ref", "c".repeat(64)).build());
    }

    Response direct(String path, Map<String, String> headers, String body, String type) throws IOException {
        Request.Builder rb = new Request.Builder().url(base + path).post(RequestBody.create(body, MediaType.get(type)));
        headers.forEach((k, v) -> {
            if (!k.equals("body")) {
                rb.header(k, v);
            }
        });
        return HTTP.newCall(rb.build()).execute();
    }

    @Test
    void aConsumerAsksThroughTheExchangeAndGetsOnlyItsFieldsSignedAndAudited() throws Exception {
        PlatformResponse r = ask("{\"code\":\"ABCD2345EFGH6789\"}", "20201000001");
        JsonNode answer = JSON.readTree(r.body());
        assertEquals("valid", answer.get("status").asText());
        assertFalse(answer.has("holderName"), "data minimisation at the provider");
        assertEquals("no-store", r.header("Cache-Control").orElseThrow());
        try (Response rec = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/exchange-provider").build()).execute()) {
            JsonNode items = JSON.readTree(rec.body().string()).get("items");
            JsonNode call = items.get(items.size() - 1);
            assertEquals(200, call.get("status").asInt());
            assertFalse(call.has("fieldsRemoved"), "the exchange had nothing to remove");
            assertFalse(call.has("reason"), "the provider's signature verified at the exchange");
        }
        ProviderAudit.Entry e = audit.recent(1).get(0);
        assertEquals("2020", e.consumer());
        assertEquals("20201000001", e.purpose());
        assertEquals("c".repeat(64), e.userRef());
        assertEquals(200, e.status());
        assertEquals(Map.of("2020", new ProviderAudit.Counts(1, 0, 0)), audit.countsByConsumer(clock.instant().minusSeconds(60),
                clock.instant().plusSeconds(60)));

        assertEquals("exchange.not_found", assertThrows(PlatformException.class,
                () -> ask("{\"code\":\"ZZZZ2345EFGH6789\"}", "20201000001")).code());
        PlatformException bad = assertThrows(PlatformException.class, () -> ask("{\"code\":1, \"nationalCode\":\"x\"}", "20201000001"));
        assertEquals("exchange.bad_request", bad.code());
    }

    @Test
    void onlyTheExchangeGetsIn() throws Exception {
        ask("{\"code\":\"ABCD2345EFGH6789\"}", "20201000001");
        Map<String, String> captured = forwarded.get(0);
        LogCapture log = new LogCapture();
        log.attach();
        try {
            try (Response r = direct("/plain/business-permit", Map.of("X-Client-Agency", "2020", "X-Purpose", "20201000001"),
                    captured.get("body"), "application/json")) {
                assertEquals(401, r.code(), "no token");
                String errorId = JSON.readTree(r.body().string()).get("errorId").asText();
                assertEquals(1, log.count(errorId));
            }
            try (Response r = direct("/plain/business-permit", captured, captured.get("body"), "application/json")) {
                assertEquals(401, r.code(), "the exchange's token replayed to the same node");
            }
            Map<String, String> h = lower(captured);
            assertEquals(401, secondNode.handle(new ExchangeProvider.Incoming("business-permit", "application/json", h,
                    captured.get("body").getBytes(StandardCharsets.UTF_8), false)).status(), "replayed to another node");
            ask("{\"code\":\"ABCD2345EFGH6789\"}", "20201000001");
            Map<String, String> fresh = forwarded.get(1);
            try (Response r = direct("/plain/business-permit", fresh, "{\"code\":\"ZZZZ2345EFGH6789\"}", "application/json")) {
                assertEquals(401, r.code(), "a body other than the one the exchange signed");
            }
            ask("{\"code\":\"ABCD2345EFGH6789\"}", "20201000001");
            Map<String, String> later = forwarded.get(2);
            clock.advance(Duration.ofMinutes(3));
            try (Response r = direct("/plain/business-permit", later, later.get("body"), "application/json")) {
                assertEquals(401, r.code(), "an expired token");
            }
            try (Response r = direct("/plain/business-permit", Map.of(), "code=1", "application/x-www-form-urlencoded")) {
                assertEquals(415, r.code());
            }
            try (Response r = direct("/plain/business-permit", Map.of(), "{\"code\":\"" + "x".repeat(70_000) + "\"}",
                    "application/json")) {
                assertEquals(413, r.code());
            }
            assertTrue(log.lines().stream().noneMatch(l -> l.contains("ABCD2345") || l.contains("eyJ")),
                    "no body and no token in any log line");
        } finally {
            log.detach();
        }
        assertTrue(audit.countsByConsumer(clock.instant().minusSeconds(600), clock.instant().plusSeconds(60))
                .getOrDefault("?", new ProviderAudit.Counts(0, 0, 0)).refused() >= 4);
    }

    @Test
    void theProviderKeepsToItsOwnTableEvenWhenTheExchangeListsMore() throws Exception {
        Map<String, Object> wider = new java.util.LinkedHashMap<>(provider.descriptor(provider.services().get("business-permit")));
        wider.put("consumers", List.of(Map.of("agencyId", "2020", "purposes", List.of("20201000001"), "fields", List.of("status", "title")),
                Map.of("agencyId", "9999", "purposes", List.of("99990000001"), "fields", List.of("status", "holderName"))));
        platform.put(URI.create(sandbox.issuer() + "/exchange/providers/1010/services/business-permit"),
                org.panjereh.core.shared.Json.write(wider), "application/json", RequestOptions.none());
        try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/exchange/ask")
                .post(RequestBody.create("{\"provider\":\"1010\",\"service\":\"business-permit\",\"purpose\":\"99990000001\","
                        + "\"body\":{\"code\":\"ABCD2345EFGH6789\"}}", MediaType.get("application/json"))).build()).execute()) {
            assertEquals(403, r.code());
        }
        assertEquals(403, audit.recent(1).get(0).status());
        assertEquals("exchange.not_authorised", audit.recent(1).get(0).code());
    }

    @Test
    void aConsumerPastItsRateIsToldWhenToComeBack() {
        for (int i = 0; i < 5; i++) {
            ask("{\"code\":\"ABCD2345EFGH6789\"}", "20201000001");
        }
        assertEquals(429, assertThrows(PlatformException.class, () -> ask("{\"code\":\"ABCD2345EFGH6789\"}", "20201000001"))
                .statusCode());
    }

    @Test
    void aDescriptorTheExchangeRefusesStopsTheStartWithWhatItNamed() {
        ExchangeProvider wrong = ExchangeProvider.builder(platform, ReplayCache.inMemory(), audit)
                .endpoint(URI.create("http://portal.example/exchange/")).service(permits(5)).clock(clock).build();
        org.panjereh.core.PanjerehConfigurationException e = assertThrows(
                org.panjereh.core.PanjerehConfigurationException.class, wrong::publish);
        assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
        wrong.close();
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> ProvidedService.builder("Bad Name", c -> Optional.empty())
                .build());
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> ExchangeProvider.builder(platform,
                ReplayCache.inMemory(), audit).endpoint(URI.create(base)).build());
    }

    @Test
    void aConsumerNeverCachesAnAnswerTheProviderMarkedNoStore() throws Exception {
        java.util.List<AuditRecord> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        NationalExchange asking = NationalExchange.builder(consumer, UserRefKey.of("0123456789abcdef0123456789abcdef"
                        .getBytes(StandardCharsets.US_ASCII))).audit(seen::add)
                .policy("1010/business-permit", ProviderPolicy.defaults().withCache(Duration.ofMinutes(5))).build();
        org.panjereh.core.TrackingId t = org.panjereh.core.TrackingIds.builder(consumer).build()
                .issue(org.panjereh.core.ServiceId.of("20201000001"), org.panjereh.core.Channel.WEB, "sub").trackingId();
        InquiryContext ctx = InquiryContext.forRequest(org.panjereh.core.ServiceId.of("20201000001"), t,
                org.panjereh.core.NationalCode.of("0499370899"));
        for (int i = 0; i < 2; i++) {
            JsonNode a = asking.inquire(ExchangeService.of("1010/business-permit"), Map.of("code", "ABCD2345EFGH6789"), ctx, JsonNode.class);
            assertEquals("valid", a.get("status").asText());
        }
        assertEquals(List.of("ok", "ok"), seen.stream().map(AuditRecord::outcome).toList(), "asked twice: nothing was cached");
        assertEquals(2, forwarded.size());
    }
}
