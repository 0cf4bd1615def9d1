package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.PortalSession;
import org.panjereh.sso.SessionStore;

/**
 * Two gateway nodes on one PostgreSQL (embedded, no Docker), built from the same classes the application
 * wires, each with its own pool, publisher and platform client: citizens apply on both, staff move each
 * request on the other node and race to deliver; every event reaches the platform once, in order, and a
 * session made on one node is valid on the other; an exchange token spent on one node is refused by the other, whose
 * replay cache is the same table.
 */
class TwoNodesTest {

    static EmbeddedPostgres pg;
    static NationalSandbox sandbox;
    static GatewayNode a;
    static GatewayNode b;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create("http://127.0.0.1:1/callback"),
                        URI.create("http://127.0.0.1:8080/payments/return")), new JWKSet(key.publicJwk()), null, null, null))
                .build());
        Map<String, String> shared = GatewayNode.settings(sandbox, key, dir);
        shared.put("gateway.db", pg.getJdbcUrl("postgres", "postgres"));
        a = GatewayNode.start(config(shared, "a"));
        b = GatewayNode.start(config(shared, "b"));
    }

    private static Config config(Map<String, String> shared, String node) {
        Map<String, String> m = new HashMap<>(shared);
        m.put("gateway.data-dir", dir.resolve(node).toString());
        m.put("panjereh.events.node-id", "node-" + node);
        return GatewayNode.config(m);
    }

    @AfterAll
    static void stop() throws Exception {
        for (GatewayNode n : new GatewayNode[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    static Citizen applicant(int i) {
        return GatewayNode.applicant(sandbox, i);
    }

    @Test
    void bothNodesReconcileOneLedgerAndRefundOnce() throws Exception {
        ServiceId licence = ServiceId.of("10101234567");
        List<TrackingId> ids = new ArrayList<>();
        List<String> paymentIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            GatewayNode node = i % 2 == 0 ? a : b;
            org.panjereh.sso.Citizen c = applicant(100 + i);
            org.panjereh.sso.Citizen withMobile = new org.panjereh.sso.Citizen(c.issuer(), c.subject(), c.personType(),
                    c.nationalCode(), null, null, c.givenName(), c.familyName(), c.birthDate(),
                    org.panjereh.core.MobileNumber.of("+989121234567"), c.acr(), null, c.authTime());
            TrackingId t = node.desk().apply(withMobile, licence, org.panjereh.core.Channel.WEB, "1991943711", null,
                    UUID.randomUUID()).trackingId();
            org.panjereh.core.ServiceCard card = node.desk().card(licence);
            org.panjereh.payment.PaymentStart s = node.fees().payments().create(card, card.fee("licence").orElseThrow(), t,
                    withMobile.subject(), node.fees().returnUrl(), org.panjereh.core.RequestOptions.none());
            // Paid, and the browser closed: only the reconcilers can save the payment.
            org.panjereh.sandbox.PaymentPageDriver.submit(s.nextUrl(), org.panjereh.sandbox.PaymentPageDriver.Action.PAY_NO_RETURN,
                    org.panjereh.sandbox.PaymentPageDriver.GOOD_CARD);
            ids.add(t);
            paymentIds.add(s.paymentId().value());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<org.panjereh.payment.Reconciler.Report>> runs = new ArrayList<>();
            for (GatewayNode n : new GatewayNode[] {a, b}) {
                runs.add(pool.submit(() -> n.fees().reconciler().runOnce()));
            }
            for (Future<org.panjereh.payment.Reconciler.Report> r : runs) {
                assertEquals(0, r.get().errors(), r.get().toString());
            }
            // Both nodes reject every request at once: each payment is refunded exactly once.
            List<Future<?>> rejections = new ArrayList<>();
            for (TrackingId t : ids) {
                for (GatewayNode n : new GatewayNode[] {a, b}) {
                    rejections.add(pool.submit(() -> {
                        try {
                            n.desk().reject(t, 0);
                        } catch (GatewayProblem lost) {
                            // the other node rejected it first (409)
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : rejections) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (GatewayNode n : new GatewayNode[] {a, b}) {
            assertTrue(n.agency().events().awaitDelivered(java.time.Duration.ofSeconds(20)));
        }
        Map<String, Integer> verifies = new HashMap<>();
        Map<String, Integer> refunds = new HashMap<>();
        for (JsonNode p : JourneyTest.record(sandbox.issuer(), "payment")) {
            String id = p.path("paymentId").asText();
            if (paymentIds.contains(id)) {
                if (p.path("action").asText().equals("verify")) {
                    verifies.merge(id, 1, Integer::sum);
                }
                if (p.path("action").asText().equals("refund")) {
                    refunds.merge(id, 1, Integer::sum);
                    assertEquals(500_000, p.path("refundedRial").asLong());
                }
            }
        }
        for (String id : paymentIds) {
            assertEquals(1, verifies.getOrDefault(id, 0), "verified once: " + id);
            assertEquals(1, refunds.getOrDefault(id, 0), "refunded once: " + id);
        }
        Map<String, List<String>> seen = new HashMap<>();
        for (JsonNode e : JourneyTest.record(sandbox.issuer(), "event")) {
            seen.computeIfAbsent(e.path("subject").asText(), k -> new ArrayList<>()).add(e.path("type").asText()
                    .replace("ir.gov.service.", "") + e.path("data").path("outcome").asText(""));
        }
        for (TrackingId t : ids) {
            assertEquals(List.of("started", "stepcompleted", "steprefunded", "rejectedrejected"), seen.get(t.value()), t.value());
        }
    }

    @Test
    void noEventIsLostOrSentTwiceAndSessionsAreShared() throws Exception {
        ServiceId residence = ServiceId.of("10101234568");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ExecutorService racers = Executors.newCachedThreadPool();
        List<Future<TrackingId>> applied = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            GatewayNode node = i % 2 == 0 ? a : b;
            int n = i;
            applied.add(pool.submit(() -> node.desk().apply(applicant(n), residence, org.panjereh.core.Channel.WEB, "1991943711", null, UUID.randomUUID())
                    .trackingId()));
        }
        List<TrackingId> ids = new ArrayList<>();
        for (Future<TrackingId> f : applied) {
            ids.add(f.get());
        }
        assertEquals(24, new HashSet<>(ids).size());

        // Staff move each request on the node that did not take it, then both nodes race to deliver it.
        List<Future<Integer>> races = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            TrackingId t = ids.get(i);
            GatewayNode other = i % 2 == 0 ? b : a;
            GatewayNode first = i % 2 == 0 ? a : b;
            races.add(pool.submit(() -> {
                CitizenRequest r = other.desk().advance(t, 0);
                r = first.desk().advance(t, r.version());
                int version = r.version();
                int won = 0;
                List<Future<?>> both = new ArrayList<>();
                for (GatewayNode n : new GatewayNode[] {a, b}) {
                    both.add(racers.submit(() -> n.desk().deliver(t, version)));
                }
                for (Future<?> f : both) {
                    try {
                        f.get();
                        won++;
                    } catch (java.util.concurrent.ExecutionException e) {
                        assertTrue(e.getCause() instanceof GatewayProblem p && p.status() == 409, String.valueOf(e.getCause()));
                    }
                }
                return won;
            }));
        }
        for (Future<Integer> f : races) {
            assertEquals(1, f.get(), "exactly one node delivered");
        }
        pool.shutdown();
        racers.shutdown();

        assertTrue(a.agency().events().awaitDelivered(Duration.ofSeconds(60)), a.agency().events().metrics().toString());
        assertTrue(b.agency().events().awaitDelivered(Duration.ofSeconds(60)), b.agency().events().metrics().toString());
        Map<String, List<String>> seen = new HashMap<>();
        for (JsonNode e : JourneyTest.record(sandbox.issuer(), "event")) {
            seen.computeIfAbsent(e.path("subject").asText(), k -> new ArrayList<>())
                    .add(e.path("type").asText().replace("ir.gov.service.", "") + e.path("data").path("step").asText(""));
        }
        for (TrackingId t : ids) {
            assertEquals(List.of("started", "stepverify", "stepregister", "delivered"), seen.get(t.value()), t.value());
        }
        assertEquals(0, a.agency().events().metrics().duplicates() + b.agency().events().metrics().duplicates(),
                "no event was sent twice");
        assertEquals(0, a.agency().events().metrics().rejected() + b.agency().events().metrics().rejected());
        assertTrue(a.requests().withUnpublished().isEmpty());

        // A session written by one node is found by the other, and a logout on one ends it for both.
        SessionStore sa = SessionStore.jdbc(a.store().dataSource());
        SessionStore sb = SessionStore.jdbc(b.store().dataSource());
        Instant now = Instant.now();
        String id = "s".repeat(43);
        sa.save(new PortalSession(id, null, applicant(1), null, "c".repeat(43), now, now.plusSeconds(600)));
        assertEquals("citizen-1", sb.find(id).orElseThrow().citizen().subject());
        assertEquals(1, sb.deleteBySubject(sandbox.issuer().toString(), "citizen-1"));
        assertTrue(sa.find(id).isEmpty());
    }

    /** The gateway's provided service on a node, wired as the application wires it. */
    private static PermitExchange permits(GatewayNode n) {
        PermitExchange p = new PermitExchange();
        p.platform = n.platform();
        p.store = n.store();
        p.documents = n.documents();
        p.requests = n.requests();
        return p;
    }

    @Test
    void anExchangeTokenSpentOnOneNodeIsRefusedByTheOther() throws Exception {
        PermitExchange onA = permits(a);
        PermitExchange onB = permits(b);
        onA.provider().publish();
        String ask = "{\"provider\":\"1010\",\"service\":\"business-permit\",\"consumer\":\"9999\","
                + "\"purpose\":\"99990000001\",\"body\":{\"code\":\"ABCD-EFGH-JKMN\"}}";
        JsonNode token;
        try (okhttp3.Response r = GatewayTest.HTTP.newCall(new okhttp3.Request.Builder().url(sandbox.issuer() + "/admin/exchange/token")
                .post(okhttp3.RequestBody.create(ask, okhttp3.MediaType.get("application/json"))).build()).execute()) {
            assertEquals(200, r.code());
            token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body().string());
        }
        org.panjereh.inquiry.ExchangeProvider.Incoming call = new org.panjereh.inquiry.ExchangeProvider.Incoming("business-permit",
                "application/json", Map.of("authorization", token.path("authorization").asText(), "x-client-agency", "9999",
                "x-purpose", "99990000001", "x-user-ref", "0".repeat(64), "x-request-id", UUID.randomUUID().toString()),
                token.path("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        assertEquals(404, onA.provider().handle(call).status(), "authenticated on node a; no such permit");
        org.panjereh.inquiry.ExchangeProvider.Outgoing replayed = onB.provider().handle(call);
        assertEquals(401, replayed.status(), "the same token on node b");
        assertTrue(new String(replayed.body(), java.nio.charset.StandardCharsets.UTF_8).contains("exchange.unauthenticated"));
        assertEquals(401, onA.provider().handle(call).status(), "and again on node a");
        onA.provider().close();
        onB.provider().close();
    }
}
