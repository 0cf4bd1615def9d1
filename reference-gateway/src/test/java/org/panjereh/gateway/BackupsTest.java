package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled snapshots: named by their time, the oldest beyond {@code gateway.backup.keep} dropped, each restorable. */
class BackupsTest {

    @TempDir
    Path dir;

    @Test
    void snapshotsAreNamedByTimeKeptToTheLimitAndRestorable() throws Exception {
        Store store = new Store(GatewayNode.config(Map.of("gateway.data-dir", dir.resolve("data").toString())));
        try {
            Backups backups = new Backups();
            backups.store = store;
            backups.keep = 2;
            backups.dataDir = dir.resolve("data");
            backups.backupDir = Optional.empty();
            backups.interval = Duration.ofHours(1);
            Instant t = Instant.parse("2026-11-23T01:00:00Z");
            for (int i = 0; i < 3; i++) {
                backups.clock = Clock.fixed(t.plus(Duration.ofHours(i)), ZoneOffset.UTC);
                backups.snapshot();
            }
            List<String> kept;
            try (Stream<Path> files = Files.list(dir.resolve("data/backups"))) {
                kept = files.map(p -> p.getFileName().toString()).sorted().toList();
            }
            assertEquals(List.of("gateway-20261123T020000Z.zip", "gateway-20261123T030000Z.zip"), kept);
            Store.restore(dir.resolve("data/backups/gateway-20261123T030000Z.zip"), dir.resolve("restored"));
            assertTrue(Files.exists(dir.resolve("restored/gateway.mv.db")));
        } finally {
            store.close();
        }
    }
}
