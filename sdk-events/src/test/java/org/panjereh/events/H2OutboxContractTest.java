package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxContractTest extends OutboxContractTest {

    @TempDir
    Path dir;

    JdbcDataSource ds() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("outbox") + ";DB_CLOSE_DELAY=0");
        return ds;
    }

    @Override
    Outbox open() {
        return Outbox.jdbc(ds());
    }

    @Override
    Outbox reopen() {
        return Outbox.jdbc(ds());
    }

    @Test
    void aRestartedNodeTakesBackItsClaimsAtOnceAndOnlyItsOwn() {
        JdbcDataSource ds = ds();
        try (Outbox killed = Outbox.jdbc(ds, "node-a"); Outbox other = Outbox.jdbc(ds, "node-b")) {
            killed.append(List.of(rec("A", "started", 1), rec("B", "started", 2)));
            assertEquals(2, killed.claim(10, Duration.ofMinutes(5)).size());
            // node-a dies here holding both records; node-b must wait for the lease.
            assertTrue(other.claim(10, Duration.ofMinutes(5)).isEmpty());
        }
        try (Outbox stranger = Outbox.jdbc(ds, "node-b")) {
            assertTrue(stranger.claim(10, Duration.ofMinutes(5)).isEmpty(), "another node's claims are not taken");
        }
        try (Outbox restarted = Outbox.jdbc(ds, "node-a")) {
            assertEquals(2, restarted.claim(10, Duration.ofMinutes(5)).size(), "its own claims come back at once");
        }
        assertThrows(IllegalArgumentException.class, () -> Outbox.jdbc(ds, " "));
        assertThrows(IllegalArgumentException.class, () -> Outbox.jdbc(ds, "x".repeat(65)));
    }
}
