package org.panjereh.benchmarks;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.Outbox;
import org.panjereh.events.OutboxRecord;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Durable append and end-to-end delivery of service events:
 * {@code java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.EventsLoad [seconds] [threads] [e2eEvents]}.
 */
public final class EventsLoad {

    private EventsLoad() {
    }

    /**
     * A step event as the publisher writes it to the outbox (contract section 5), byte for byte: the benchmark measures
     * appending, not encoding, and reads no module's internals to make it.
     */
    static byte[] sampleEvent() {
        return ("{\"specversion\":\"1.0\",\"id\":\"50597cb1-d530-499f-bea6-c89022e81be2\",\"source\":\"urn:ir:agency:1010\","
                + "\"type\":\"ir.gov.service.step\",\"subject\":\"10101234567000000157\",\"time\":\"2026-12-07T14:36:49.660948766Z\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"serviceId\":\"10101234567\",\"step\":\"review\","
                + "\"channel\":\"web\",\"responsibleUnit\":\"U-1010-01\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    interface Appender {
        void append(int n) throws Exception;
    }

    static double run(String name, int threads, Duration d, Appender a, int perCall) throws Exception {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + d.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            fs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    a.append(perCall);
                    count.addAndGet(perCall);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        double rate = count.get() / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("%-62s %10.0f events/s%n", name, rate);
        return rate;
    }

    static List<OutboxRecord> records(byte[] payload, int n) {
        List<OutboxRecord> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(new OutboxRecord(UUID.randomUUID(), "event", "10101234567000000155", "ir.gov.service.step",
                    Instant.now(), payload));
        }
        return l;
    }

    /**
     * Entry point.
     *
     * @param args seconds per line (default 10), appender threads (default 64), end-to-end events (default 100000)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Duration d = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int e2e = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        byte[] payload = sampleEvent();
        System.out.printf("java %s, %d cores, event of %d bytes%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), payload.length);
        Path tmp = Files.createTempDirectory("panjereh-bench");

        // Floor: what one fsync per record allows on this disk.
        try (FileChannel ch = FileChannel.open(tmp.resolve("bare.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            run("bare append + force per record, 1 thread (fsync-bound)", 1, d, n -> {
                ch.write(ByteBuffer.wrap(payload));
                ch.force(false);
            }, 1);
        }
        try (Outbox journal = Outbox.fileJournal(tmp.resolve("journal"))) {
            run("file journal, one event per append, " + threads + " threads", threads, d,
                    n -> journal.append(records(payload, n)), 1);
            run("file journal, 100 events per append, 4 threads", 4, d, n -> journal.append(records(payload, n)), 100);
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
            hc.setDataSource(pg.getPostgresDatabase());
            hc.setMaximumPoolSize(32);
            com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(hc);
            Outbox db = Outbox.jdbc(pool);
            run("PostgreSQL outbox (HikariCP 32), one event per transaction, " + threads + " threads", threads, d,
                    n -> db.append(records(payload, n)), 1);
            run("PostgreSQL outbox, 100 events per transaction, 4 threads", 4, d, n -> db.append(records(payload, n)), 100);
            pool.close();
        }

        // End to end: publish lifecycles into the file journal and deliver them to the sandbox.
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).dpop(true)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build())) {
            PlatformClient client = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                    AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                    .build();
            int perRequest = 5;
            int requests = e2e / perRequest;
            List<TrackingId> ids = new ArrayList<>(requests);
            TrackingIds tracking = TrackingIds.builder(client).build();
            ServiceId service = ServiceId.of("10101234567");
            for (int i = 0; i < requests; i++) {
                ids.add(tracking.issue(service, Channel.WEB, "load").trackingId());
            }
            try (Outbox outbox = Outbox.fileJournal(tmp.resolve("e2e"));
                 ServiceEventPublisher p = ServiceEventPublisher.builder(client, outbox).build()) {
                long t0 = System.nanoTime();
                int chunk = 100;
                for (int round = 0; round < perRequest; round++) {
                    for (int i = 0; i < requests; i += chunk) {
                        List<ServiceEvent> batch = new ArrayList<>(chunk);
                        for (TrackingId t : ids.subList(i, Math.min(requests, i + chunk))) {
                            batch.add(switch (round) {
                                case 0 -> ServiceEvent.started(t, service, Channel.WEB, "U1");
                                case 4 -> ServiceEvent.delivered(t, service, Channel.WEB, "U1");
                                default -> ServiceEvent.step(t, service, round % 2 == 1 ? "review" : "issue", Channel.WEB, "U1");
                            });
                        }
                        p.publishAll(batch);
                    }
                }
                double publishSeconds = (System.nanoTime() - t0) / 1e9;
                if (!p.awaitDelivered(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("not delivered in 10 minutes");
                }
                double total = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%-62s %10.0f events/s  (%d events: stored in %.1f s, all delivered after %.1f s; "
                        + "sandbox accepted %d; rejected %d)%n", "end to end: publish into journal, deliver to sandbox (DPoP)",
                        e2e / total, e2e, publishSeconds, total, sandbox.acceptedEvents(), p.metrics().rejected());
            }
        }
    }
}
