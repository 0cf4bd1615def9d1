package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start's recovery line tells a new store, one closed cleanly and one a kill left behind (a copy of the file
 * taken while the store is open is exactly what a SIGKILL leaves: every write the process made, no close).
 */
class StoreRecoveryTest {

    @Test
    void theStartTellsANewAClosedAndAKilledStoreApart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gateway.mv.db");
        assertEquals("a new store", Store.previousRun(file));
        Store store = new Store(GatewayNode.config(Map.of("gateway.data-dir", dir.toString())));
        Path killed = Files.copy(file, dir.resolve("killed.mv.db"));
        store.close();
        assertEquals("closed cleanly, nothing to recover", Store.previousRun(file));
        assertTrue(Store.previousRun(killed).startsWith("not closed cleanly (killed or crashed)"), Store.previousRun(killed));
        Path garbage = Files.writeString(dir.resolve("garbage.mv.db"), "not a store");
        assertTrue(Store.previousRun(garbage).contains("H2 will check"), Store.previousRun(garbage));
    }
}
