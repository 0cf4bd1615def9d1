package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;

/**
 * Issue 5's crash test: a JVM publishing and delivering events is killed with SIGKILL part-way; a new
 * process recovers the outbox, publishes the rest, and the platform ends with every planned event
 * exactly once. (The full 100k-event run is a benchmark script; this one uses 600 events.)
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void killDashNineMidPushLosesNothingAndCountsNothingTwice() throws Exception {
        try (PublisherFixture f = new PublisherFixture()) {
            List<TrackingId> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(f.issue());
            }
            Path idsFile = dir.resolve("ids.txt");
            Files.write(idsFile, ids.stream().map(TrackingId::value).toList());
            Path jwk = dir.resolve("agency.jwk");
            Files.writeString(jwk, f.key.privateJwk().toJSONString());
            Path outboxDir = dir.resolve("outbox");

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashPusher.class.getName(),
                    f.sandbox.issuer().toString(), jwk.toString(), outboxDir.toString(), idsFile.toString())
                    .redirectErrorStream(true).start();
            int seen = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("published ")) {
                        seen = Integer.parseInt(line.substring(10));
                        if (seen >= 250) {
                            break;
                        }
                    }
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            }
            assertTrue(seen >= 250, "the child got going before it was killed (" + seen + ")");
            assertEquals(137, child.exitValue(), "killed by SIGKILL");

            int resumed;
            try (Outbox outbox = Outbox.fileJournal(outboxDir);
                 ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
                resumed = CrashPusher.publishRemaining(p, outbox, ids, false);
                assertTrue(p.awaitDelivered(Duration.ofSeconds(60)), "everything delivered after the restart");
                assertEquals(0, p.metrics().rejected());
            }
            assertTrue(resumed > 0 && resumed <= 600 - 250, "resumed " + resumed);

            Set<String> distinct = new HashSet<>();
            int total = 0;
            for (JsonNode e : f.record("event")) {
                total++;
                distinct.add(e.get("id").asText());
            }
            assertEquals(600, distinct.size(), "every planned event reached the platform");
            assertEquals(600, total, "and none was counted twice");
            TrackingIds t = TrackingIds.builder(f.client).build();
            assertEquals("delivered", t.status(ids.get(0)).status());
            assertEquals(3, t.status(ids.get(ids.size() - 1)).events().size());
        }
    }
}
