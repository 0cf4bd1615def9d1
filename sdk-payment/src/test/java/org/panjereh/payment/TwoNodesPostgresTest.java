package org.panjereh.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.core.TrackingId;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.PaymentPageDriver;

/** Two portal nodes on one PostgreSQL ledger reconcile and refund the same payments: each outcome once, never more. */
class TwoNodesPostgresTest {

    static EmbeddedPostgres pg;
    static HikariDataSource ds;
    static PaymentFixture f;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(pg.getPostgresDatabase());
        hc.setMaximumPoolSize(16);
        ds = new HikariDataSource(hc);
        f = new PaymentFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
        ds.close();
        pg.close();
    }

    @Test
    void twoNodesReconcileAndRefundTheSameLedger() throws Exception {
        ServiceEventPublisher events = f.publisher(ds);
        Payments node1 = Payments.builder(f.client(), PaymentLedger.jdbc(ds, f.clock)).events(events)
                .clock(f.clock).build();
        Payments node2 = Payments.builder(f.client(), PaymentLedger.jdbc(ds, f.clock)).events(events)
                .clock(f.clock).build();
        int n = 20;
        List<TrackingId> requests = new ArrayList<>();
        List<PaymentStart> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrackingId t = f.apply(events);
            requests.add(t);
            PaymentStart s = (i % 2 == 0 ? node1 : node2).create(f.card, f.fee, t, PaymentFixture.MARYAM,
                    PaymentFixture.RETURN, RequestOptions.none());
            starts.add(s);
            // Every citizen pays and closes the browser: only the reconcilers can save these payments.
            PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Reconciler.Report>> runs = pool.invokeAll(List.<Callable<Reconciler.Report>>of(
                    () -> Reconciler.builder(node1).build().runOnce(), () -> Reconciler.builder(node2).build().runOnce()));
            int paid = 0;
            for (Future<Reconciler.Report> r : runs) {
                paid += r.get().paid();
            }
            assertTrue(paid >= n, "every payment verified by at least one node: " + paid);
            for (TrackingId t : requests) {
                assertTrue(node1.isPaid(t, f.fee) && node2.isPaid(t, f.fee));
            }
            // Both nodes refund every request at once (a rejection clicked on two nodes).
            List<Callable<Integer>> refunds = new ArrayList<>();
            for (TrackingId t : requests) {
                refunds.add(() -> node1.refundAll(t, "رد درخواست").size());
                refunds.add(() -> node2.refundAll(t, "رد درخواست").size());
            }
            int made = 0;
            for (Future<Integer> r : pool.invokeAll(refunds)) {
                made += r.get();
            }
            assertEquals(n, made, "one refund per payment, whichever node made it");
        } finally {
            pool.shutdownNow();
        }
        for (PaymentStart s : starts) {
            assertEquals(Rial.of(500_000), node1.ledger().find(s.paymentId()).orElseThrow().refunded());
        }
        node1.publishDueEvents();
        node2.publishDueEvents();
        assertTrue(events.awaitDelivered(Duration.ofSeconds(20)));
        Map<String, Integer> outcomes = new HashMap<>();
        for (JsonNode e : f.record("event")) {
            if ("payment".equals(e.path("data").path("step").asText())) {
                outcomes.merge(e.get("data").get("outcome").asText(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of("completed", n, "refunded", n), outcomes, "each outcome once per payment");
        assertEquals(n, f.recorded("payment", "action", "verify"));
        assertEquals(n, f.recorded("payment", "action", "refund"));
        events.close();
    }
}
