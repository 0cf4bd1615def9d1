package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.NationalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.PersonType;
import org.panjereh.sso.PortalSession;
import org.panjereh.sso.SessionStore;

/**
 * Two gateway nodes on one PostgreSQL (embedded, no Docker), built from the same classes the application
 * wires, each with its own pool, publisher and platform client: citizens apply on both, staff move each
 * request on the other node and race to deliver; every event reaches the platform once, in order, and a
 * session made on one node is valid on the other.
 */
class TwoNodesTest {

    static EmbeddedPostgres pg;
    static NationalSandbox sandbox;
    static Node a;
    static Node b;

    @TempDir
    static Path dir;

    record Node(Store store, Platform platform, Agency agency, Requests requests, Desk desk) {
        static Node start(Config config) {
            Store store = new Store(config);
            Platform platform = new Platform(config);
            Agency agency = new Agency(platform, store, config);
            Requests requests = new Requests(store);
            return new Node(store, platform, agency, requests, new Desk(platform, agency, requests));
        }

        void close() {
            agency.close();
            platform.close();
            store.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create("http://127.0.0.1:1/callback")),
                        new JWKSet(key.publicJwk()), null, null, null)).build());
        Path keyFile = Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
        Path userRef = Files.write(dir.resolve("user-ref.key"), new java.security.SecureRandom().generateSeed(32));
        Map<String, String> shared = new HashMap<>(sandbox.platformSettings());
        shared.put("panjereh.agency.id", "1010");
        shared.put("panjereh.agency.client-id", "agency-1010");
        shared.put("panjereh.agency.key-file", keyFile.toString());
        shared.put("panjereh.sso.redirect-uri", "http://127.0.0.1:1/callback");
        shared.put("gateway.db", pg.getJdbcUrl("postgres", "postgres"));
        shared.put("gateway.user-ref-key-file", userRef.toString());
        a = Node.start(config(shared, "a"));
        b = Node.start(config(shared, "b"));
    }

    private static Config config(Map<String, String> shared, String node) {
        Map<String, String> m = new HashMap<>(shared);
        m.put("gateway.data-dir", dir.resolve(node).toString());
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "node-" + node, 500)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node n : new Node[] {a, b}) {
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
        return new Citizen(sandbox.issuer(), "citizen-" + i, PersonType.NATURAL, NationalCode.of("0499370899"), null, null,
                "مریم", "احمدی", LocalDate.of(1990, 5, 12), null, LevelOfAssurance.LOA2, null, Instant.now());
    }

    @Test
    void noEventIsLostOrSentTwiceAndSessionsAreShared() throws Exception {
        ServiceId residence = ServiceId.of("10101234568");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        ExecutorService racers = Executors.newCachedThreadPool();
        List<Future<TrackingId>> applied = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Node node = i % 2 == 0 ? a : b;
            int n = i;
            applied.add(pool.submit(() -> node.desk().apply(applicant(n), residence, "1991943711", null, UUID.randomUUID())
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
            Node other = i % 2 == 0 ? b : a;
            Node first = i % 2 == 0 ? a : b;
            races.add(pool.submit(() -> {
                CitizenRequest r = other.desk().advance(t, 0);
                r = first.desk().advance(t, r.version());
                int version = r.version();
                int won = 0;
                List<Future<?>> both = new ArrayList<>();
                for (Node n : new Node[] {a, b}) {
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
}
