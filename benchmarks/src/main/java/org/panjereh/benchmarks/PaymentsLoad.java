package org.panjereh.benchmarks;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.PaymentStart;
import org.panjereh.payment.Payments;
import org.panjereh.payment.Reconciler;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.PaymentPageDriver;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Payments against the sandbox, beside the bare HTTP round trip in the same run:
 * {@code java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.PaymentsLoad [seconds] [threads] [pending]}.
 *
 * <ol>
 *   <li>payments created + verified per second through {@link Payments} (each: POST create, ledger insert, POST
 *       verify, ledger read), Bearer machine tokens, the ledger in H2;</li>
 *   <li>the whole paid cycle: create, the citizen's two page requests to pay, verify;</li>
 *   <li>the floor: a bare Jetty handler answering the same OkHttp POST;</li>
 *   <li>time for one {@link Reconciler#runOnce()} to verify {@code pending} payments the citizens paid without
 *       coming back (default 10,000).</li>
 * </ol>
 */
public final class PaymentsLoad {

    private PaymentsLoad() {
    }

    /** An in-memory H2 database behind a HikariCP pool, as a portal would give the ledger. */
    static DataSource h2(String name) {
        com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
        hc.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        hc.setMaximumPoolSize(16);
        return new com.zaxxer.hikari.HikariDataSource(hc);
    }

    /**
     * Entry point.
     *
     * @param args seconds per measurement (default 10), client threads (default 16), pending payments to reconcile
     *             (default 10,000)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Duration d = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int pending = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        URI back = URI.create("https://portal.example/payments/return");
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).dpop(false)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(back), new JWKSet(key.publicJwk()), null, null))
                .build())) {
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().dispatcher(new okhttp3.Dispatcher()).build();
            http.dispatcher().setMaxRequestsPerHost(256);
            PlatformClient client = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                    AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build()).httpClient(http)
                    .retryPolicy(RetryPolicy.none()).build();
            ServiceId service = ServiceId.of("10101234567");
            ServiceCard card = ServiceRegistry.remote(client).card(service);
            ServiceCard.Fee fee = card.fee("licence").orElseThrow();
            TrackingIds ids = TrackingIds.builder(client).build();
            Payments payments = Payments.builder(client, PaymentLedger.jdbc(h2("load"))).build();

            // Every payment needs a request of its own: the SDK offers an open payment of a fee again.
            ConcurrentLinkedQueue<TrackingId> fresh = new ConcurrentLinkedQueue<>();
            int wanted = 100_000 + pending;
            java.util.concurrent.ExecutorService issuers = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> issued = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                issued.add(issuers.submit(() -> {
                    while (fresh.size() < wanted) {
                        fresh.add(ids.issue(service, Channel.WEB, "load").trackingId());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : issued) {
                f.get();
            }
            issuers.shutdown();
            System.out.printf("(issued %d tracking ids for the runs)%n", fresh.size());
            SandboxLoad.Op createAndVerify = () -> {
                TrackingId t = fresh.poll();
                PaymentStart s = payments.create(card, fee, t, "citizen-load", back, RequestOptions.none());
                payments.verify(s.paymentId());
            };
            // A fresh JVM compiles the SDK, OkHttp, Jetty and H2 paths for a while: one whole unmeasured run first.
            SandboxLoad.measure("(warm-up run, not a result)", threads, d, createAndVerify, 1);
            SandboxLoad.measure("payments created + verified (SDK, H2 ledger)", threads, d, createAndVerify, 1);
            URI base = client.metadata().paymentEndpoint();
            SandboxLoad.measure("the same two calls by bare PlatformClient (no ledger)", threads, d, () -> {
                TrackingId t = fresh.poll();
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("serviceId", service.value());
                body.put("trackingId", t.value());
                body.put("feeCode", "licence");
                body.put("amountRial", fee.amountRial());
                body.put("description", "x");
                body.put("returnUrl", back.toString());
                body.put("payerSub", "citizen-load");
                String id = client.postJson(URI.create(base + "/payments"), body, RequestOptions.none()).json(Map.class)
                        .get("paymentId").toString();
                client.postJson(URI.create(base + "/payments/" + id + "/verify"), Map.of(), RequestOptions.none());
            }, 1);
            SandboxLoad.measure("paid cycle: create, pay (2 page requests), verify", threads, d, () -> {
                TrackingId t = fresh.poll();
                PaymentStart s = payments.create(card, fee, t, "citizen-load", back, RequestOptions.none());
                PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD);
                if (!payments.verify(s.paymentId()).isPaid()) {
                    throw new IllegalStateException("not paid");
                }
            }, 1);

            // The reconcile run: a fresh ledger with `pending` payments paid by citizens who never came back.
            Payments restarted = Payments.builder(client, PaymentLedger.jdbc(h2("reconcile"))).build();
            List<TrackingId> mine = new ArrayList<>();
            while (mine.size() < pending) {
                TrackingId t = fresh.poll();
                mine.add(t != null ? t : ids.issue(service, Channel.WEB, "load").trackingId());
            }
            long setup = System.nanoTime();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> work = new ArrayList<>();
            for (TrackingId t : mine) {
                work.add(pool.submit(() -> {
                    PaymentStart s = restarted.create(card, fee, t, "citizen-load", back, RequestOptions.none());
                    PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            System.out.printf("(created and paid %d payments without return in %.1f s)%n", pending,
                    (System.nanoTime() - setup) / 1e9);
            DataSource reconcileDb = h2("reconcile");
            for (int par : new int[] {8}) {
                Payments node = Payments.builder(client, PaymentLedger.jdbc(reconcileDb)).build();
                long t0 = System.nanoTime();
                Reconciler.Report r = Reconciler.builder(node).parallelism(par).build().runOnce();
                System.out.printf("%-48s %10.1f s  (%s, parallelism %d)%n", "reconcile " + r.checked() + " pending payments",
                        (System.nanoTime() - t0) / 1e9, r, par);
                if (r.paid() != pending && par == 8) {
                    throw new IllegalStateException("Reconciled " + r.paid() + " of " + pending);
                }
            }
        }
        Server bare = SandboxLoad.bareJetty();
        try {
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().dispatcher(new okhttp3.Dispatcher()).build();
            String url = "http://127.0.0.1:" + ((ServerConnector) bare.getConnectors()[0]).getLocalPort() + "/payments";
            byte[] body = ("{\"serviceId\":\"10101234567\",\"trackingId\":\"10101234567000000155\",\"feeCode\":\"licence\","
                    + "\"amountRial\":500000,\"description\":\"x\",\"returnUrl\":\"https://portal.example/payments/return\","
                    + "\"payerSub\":\"citizen-load\"}").getBytes(StandardCharsets.UTF_8);
            SandboxLoad.measure("bare Jetty + OkHttp, one POST (floor)", threads, d, () -> {
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url)
                        .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
                    r.body().bytes();
                }
            }, 1);
            SandboxLoad.measure("bare Jetty + OkHttp, two POSTs (create+verify floor)", threads, d, () -> {
                for (int i = 0; i < 2; i++) {
                    try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url)
                            .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
                        r.body().bytes();
                    }
                }
            }, 1);
        } finally {
            bare.stop();
        }
        System.out.println(Map.of("done", true));
    }
}
