package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.events.EventType;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * The documented H2 backup and restore (docs/operations.md): an online snapshot taken while requests
 * move, the node then lost without a clean stop, the snapshot restored into a new data directory. Every
 * request and timeline entry of the snapshot is back, what it had not published is published, and the
 * platform holds each event once.
 */
class BackupRestoreTest {

    @TempDir
    Path dir;

    @Test
    void aRestoredSnapshotLosesNothingItAcknowledgedAndSendsNothingTwice() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create("http://127.0.0.1:1/callback")),
                        new JWKSet(key.publicJwk()), null, null, null)).build())) {
            Map<String, String> settings = GatewayNode.settings(sandbox, key, dir);
            Map<String, String> first = new HashMap<>(settings);
            first.put("gateway.data-dir", dir.resolve("node").toString());
            GatewayNode node = GatewayNode.start(GatewayNode.config(first));
            ServiceId residence = ServiceId.of("10101234568");
            List<TrackingId> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(node.desk().apply(GatewayNode.applicant(sandbox, i), residence, org.panjereh.core.Channel.WEB, "1991943711", null, UUID.randomUUID())
                        .trackingId());
            }
            node.desk().advance(ids.get(0), 0);
            assertTrue(node.agency().events().awaitDelivered(Duration.ofSeconds(30)));
            // A delivery stored but not yet published when the snapshot is taken: the window a crash between
            // the database commit and the outbox append leaves.
            CitizenRequest seen = node.requests().find(ids.get(1)).orElseThrow();
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            assertTrue(node.requests().move(seen, new CitizenRequest(seen.trackingId(), seen.serviceId(), seen.channel(), seen.subject(),
                    seen.recipient(), seen.applicantName(), seen.address(), CitizenRequest.Status.DELIVERED, null, null,
                    seen.createdAt(), now, seen.version() + 1), new TimelineEntry(UUID.randomUUID(), seen.trackingId(), 1,
                    EventType.DELIVERED, null, "U-1010-03", now, false)));
            assertEquals(1, node.requests().withUnpublished().size(), "the delivery waits for the outbox");

            Path zip = dir.resolve("backups/gateway.zip");
            node.store().backup(zip);
            node.close(); // the node is gone

            Path restored = dir.resolve("restored");
            Store.restore(zip, restored);
            assertThrows(IllegalStateException.class, () -> Store.restore(zip, restored), "never over an existing store");
            Map<String, String> second = new HashMap<>(settings);
            second.put("gateway.data-dir", restored.toString());
            GatewayNode back = GatewayNode.start(GatewayNode.config(second));
            try {
                for (TrackingId t : ids) {
                    assertTrue(back.requests().find(t).isPresent(), t.value());
                }
                assertEquals(EventType.DELIVERED, back.requests().timeline(ids.get(1)).get(1).type());
                assertEquals(1, back.desk().reconcile());
                assertTrue(back.agency().events().awaitDelivered(Duration.ofSeconds(30)), back.agency().events().metrics().toString());
                Map<String, Integer> events = new HashMap<>();
                for (JsonNode e : JourneyTest.record(sandbox.issuer(), "event")) {
                    events.merge(e.path("subject").asText() + " " + e.path("type").asText(), 1, Integer::sum);
                }
                for (TrackingId t : ids) {
                    assertEquals(1, events.get(t.value() + " ir.gov.service.started"), t.value());
                }
                assertEquals(1, events.get(ids.get(0).value() + " ir.gov.service.step"));
                assertEquals(1, events.get(ids.get(1).value() + " ir.gov.service.delivered"), "published after the restore");
                assertTrue(back.requests().withUnpublished().isEmpty());
            } finally {
                back.close();
            }
        }
    }
}
