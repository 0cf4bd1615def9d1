package org.panjereh.benchmarks;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.core.shared.Json;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Load on the sandbox from the SDK's own client, in one JVM on loopback, beside a bare Jetty handler
 * driven the same way:
 * {@code java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.SandboxLoad [seconds] [threads]}.
 */
public final class SandboxLoad {

    private SandboxLoad() {
    }

    interface Op {
        void run() throws Exception;
    }

    static double measure(String name, int threads, Duration d, Op op, int unitsPerOp) throws Exception {
        // Warm-up of a third of the run, then the measured run.
        loop(threads, d.dividedBy(3), op);
        long[] done = loop(threads, d, op);
        double perSecond = done[0] * unitsPerOp / (done[1] / 1e9);
        System.out.printf("%-48s %10.0f /s  (%d ops, %d errors, %d threads)%n", name, perSecond, done[0], done[2], threads);
        return perSecond;
    }

    static long[] loop(int threads, Duration d, Op op) throws Exception {
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + d.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            fs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        op.run();
                        ops.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        long elapsed = System.nanoTime() - t0;
        pool.shutdown();
        return new long[] {ops.get(), elapsed, errors.get()};
    }

    /** The floor: Jetty answering a fixed JSON body, no routing, no validation, no auth. */
    static Server bareJetty() throws Exception {
        Server server = new Server();
        ServerConnector c = new ServerConnector(server, 1, 1);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        byte[] body = "{\"trackingId\":\"10101234567000000155\",\"serviceId\":\"10101234567\",\"issuedAt\":\"2026-11-22T10:15:30Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                org.eclipse.jetty.io.Content.Source.consumeAll(request);
                response.setStatus(201);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    /**
     * Entry point.
     *
     * @param args seconds per measurement (default 10), client threads (default 16)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Duration d = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        for (boolean dpop : new boolean[] {false, true}) {
            try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).dpop(dpop)
                    .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build())) {
                PlatformClient client = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                        AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                        .retryPolicy(RetryPolicy.none()).build();
                TrackingIds ids = TrackingIds.builder(client).build();
                ServiceId service = ServiceId.of("10101234567");
                String mode = dpop ? "DPoP" : "Bearer";
                measure("sandbox tracking-id issue (" + mode + ")", threads, d,
                        () -> ids.issue(service, Channel.WEB, "load"), 1);

                List<TrackingId> open = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    open.add(ids.issue(service, Channel.WEB, "load").trackingId());
                }
                List<Map<String, Object>> starts = new ArrayList<>();
                for (TrackingId t : open) {
                    starts.add(event(t, "ir.gov.service.started", null));
                }
                client.post(URI.create(sandbox.issuer() + "/events/batch"), Json.write(starts),
                        "application/cloudevents-batch+json", RequestOptions.none());
                URI batchUri = URI.create(sandbox.issuer() + "/events/batch");
                measure("sandbox event intake, batches of 500 (" + mode + ")", Math.min(threads, 4), d, () -> {
                    List<Map<String, Object>> batch = new ArrayList<>(500);
                    for (TrackingId t : open) {
                        batch.add(event(t, "ir.gov.service.step", "review"));
                    }
                    client.post(batchUri, Json.write(batch), "application/cloudevents-batch+json", RequestOptions.none());
                }, 500);
            }
        }
        Server bare = bareJetty();
        try {
            okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder()
                    .dispatcher(new okhttp3.Dispatcher()).build();
            String url = "http://127.0.0.1:" + ((ServerConnector) bare.getConnectors()[0]).getLocalPort() + "/tracking-ids";
            byte[] body = "{\"serviceId\":\"10101234567\",\"channel\":\"web\",\"applicantSub\":\"load\"}".getBytes(StandardCharsets.UTF_8);
            measure("bare Jetty + OkHttp, same POST (floor)", threads, d, () -> {
                try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(url)
                        .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get("application/json"))).build()).execute()) {
                    r.body().bytes();
                }
            }, 1);
        } finally {
            bare.stop();
        }
    }

    static Map<String, Object> event(TrackingId t, String type, String step) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serviceId", "10101234567");
        if (step != null) {
            data.put("step", step);
        }
        data.put("channel", "web");
        data.put("responsibleUnit", "U-1010-01");
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("specversion", "1.0");
        e.put("id", UUID.randomUUID().toString());
        e.put("source", "urn:ir:agency:1010");
        e.put("type", type);
        e.put("subject", t.value());
        e.put("time", "2026-11-22T10:15:30Z");
        e.put("datacontenttype", "application/json");
        e.put("data", data);
        return e;
    }
}
