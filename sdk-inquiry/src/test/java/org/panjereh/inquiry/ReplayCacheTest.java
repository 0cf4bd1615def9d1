package org.panjereh.inquiry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panjereh.testing.PooledPostgres;

/**
 * The JDBC replay cache under concurrent calls, as two nodes on one database see it: whatever the grouping of
 * inserts into transactions, each token id is a first use exactly once, on H2 and on PostgreSQL.
 */
class ReplayCacheTest {

    static PooledPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PooledPostgres.start(16); // one connection per thread
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static DataSource db(String kind) {
        if (kind.equals("postgresql")) {
            return postgres.dataSource();
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void eachIdIsAFirstUseExactlyOnceAcrossNodesAndThreads(String kind) throws Exception {
        DataSource ds = db(kind);
        ReplayCache nodeA = ReplayCache.jdbc(ds);
        ReplayCache nodeB = ReplayCache.jdbc(ds);
        int ids = 300;
        List<String> jtis = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            jtis.add(UUID.randomUUID().toString());
        }
        AtomicInteger first = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                ReplayCache node = t % 2 == 0 ? nodeA : nodeB;
                int offset = t * 37;
                calls.add(() -> {
                    for (int i = 0; i < ids; i++) {
                        if (node.firstUse(jtis.get((i + offset) % ids), Instant.now().plusSeconds(60))) {
                            first.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ids, first.get(), "16 threads on two nodes each presented all " + ids + " ids");
        assertEquals(false, nodeA.firstUse(jtis.get(0), Instant.now().plusSeconds(60)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anIdClaimedWithItsAuditEntryIsWrittenExactlyOnceAcrossNodesAndThreads(String kind) throws Exception {
        DataSource ds = db(kind);
        // Two nodes, each with its own cache and audit on the one database: one transaction per batch of calls.
        ReplayCache[] caches = {ReplayCache.jdbc(ds), ReplayCache.jdbc(ds)};
        ProviderAudit[] audits = {ProviderAudit.jdbc(ds), ProviderAudit.jdbc(ds)};
        int ids = 200;
        List<String> jtis = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            jtis.add(UUID.randomUUID().toString());
        }
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int node = t % 2;
                int offset = t * 29;
                calls.add(() -> {
                    for (int i = 0; i < ids; i++) {
                        String jti = jtis.get((i + offset) % ids);
                        ProviderAudit.Entry e = new ProviderAudit.Entry(Instant.now(), "2020", "business-permit", "20201234567",
                                null, 200, jti, null, 10, 20, null, null);
                        if (audits[node].recordClaiming(e, caches[node], jti, Instant.now().plusSeconds(60))) {
                            claimed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ids, claimed.get(), "each id claimed once by 16 threads on two nodes");
        assertEquals(ids, audits[0].recent(10_000).size(), "one entry per claim, none for a replay");
        assertEquals(ids, audits[1].recent(10_000).stream().map(ProviderAudit.Entry::code).distinct().count());
        assertEquals(true, caches[1].seen(jtis.get(7)), "a claimed id is seen by the other node");
        assertEquals(false, caches[0].seen(UUID.randomUUID().toString()));
    }
}
