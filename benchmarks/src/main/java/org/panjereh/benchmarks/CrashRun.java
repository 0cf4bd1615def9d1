package org.panjereh.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.EventType;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Issue 5's full crash run: a child JVM pushes 100,000 events (started, step, delivered per request)
 * into a file-journal outbox while delivering them to the sandbox; it is killed with SIGKILL half-way;
 * this process recovers the outbox, pushes the rest and checks that the sandbox holds exactly
 * 100,000 distinct events.
 * {@code java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.CrashRun [events]}.
 */
public final class CrashRun {

    static final ServiceId SERVICE = ServiceId.of("10101234567");

    private CrashRun() {
    }

    static List<ServiceEvent> plan(TrackingId t) {
        return List.of(ServiceEvent.started(t, SERVICE, Channel.WEB, "U1").withId(id(t, 0)),
                ServiceEvent.step(t, SERVICE, "review", Channel.WEB, "U1").withId(id(t, 1)),
                ServiceEvent.delivered(t, SERVICE, Channel.WEB, "U1").withId(id(t, 2)));
    }

    static UUID id(TrackingId t, int n) {
        return UUID.nameUUIDFromBytes((t.value() + "#" + n).getBytes(StandardCharsets.US_ASCII));
    }

    /** Publishes, in chunks, whatever the outbox does not yet hold; prints progress when asked. */
    static int pushRemaining(ServiceEventPublisher p, Outbox outbox, List<TrackingId> ids, boolean print) {
        int n = 0;
        for (int step = 0; step < 3; step++) {
            List<ServiceEvent> chunk = new ArrayList<>();
            for (TrackingId t : ids) {
                String last = outbox.lastTag(t.value()).orElse(null);
                int done = last == null ? 0 : switch (EventType.fromWire(last)) {
                    case STARTED -> 1;
                    case STEP -> 2;
                    default -> 3;
                };
                if (done == step) {
                    chunk.add(plan(t).get(step));
                }
                if (chunk.size() == 100) {
                    p.publishAll(chunk);
                    n += chunk.size();
                    chunk.clear();
                    if (print) {
                        System.out.println("published " + n);
                    }
                }
            }
            if (!chunk.isEmpty()) {
                p.publishAll(chunk);
                n += chunk.size();
            }
        }
        return n;
    }

    static PlatformClient client(String issuer, SigningKey key) {
        return PlatformClient.builder(PlatformDiscovery.builder(URI.create(issuer)).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .build();
    }

    /**
     * Parent: {@code [events]}; child (internal): {@code child ISSUER JWK OUTBOX IDS}.
     *
     * @param args see above
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            PlatformClient c = client(args[1], SigningKey.fromJwk(Path.of(args[2])));
            List<TrackingId> ids = Files.readAllLines(Path.of(args[4])).stream().map(TrackingId::of).toList();
            Outbox outbox = Outbox.fileJournal(Path.of(args[3]));
            ServiceEventPublisher p = ServiceEventPublisher.builder(c, outbox).build();
            pushRemaining(p, outbox, ids, true);
            System.out.println("all published");
            Thread.sleep(600_000);
            return;
        }
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int requests = events / 3;
        Path tmp = Files.createTempDirectory("panjereh-crash");
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).dpop(false)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build())) {
            PlatformClient c = client(sandbox.issuer().toString(), key);
            List<TrackingId> ids = new ArrayList<>();
            TrackingIds tracking = TrackingIds.builder(c).build();
            for (int i = 0; i < requests; i++) {
                ids.add(tracking.issue(SERVICE, Channel.WEB, "crash").trackingId());
            }
            Path idsFile = tmp.resolve("ids.txt");
            Files.write(idsFile, ids.stream().map(TrackingId::value).toList());
            Path jwk = tmp.resolve("agency.jwk");
            Files.writeString(jwk, key.privateJwk().toJSONString());
            Path outboxDir = tmp.resolve("outbox");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long t0 = System.nanoTime();
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashRun.class.getName(),
                    "child", sandbox.issuer().toString(), jwk.toString(), outboxDir.toString(), idsFile.toString())
                    .redirectErrorStream(true).start();
            int seen = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("published ")) {
                        seen = Integer.parseInt(line.substring(10));
                        if (seen >= requests * 3 / 2) {
                            break;
                        }
                    }
                }
            }
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            System.out.printf("child killed (exit %d) after publishing %d events; %d accepted by the sandbox so far%n",
                    child.exitValue(), seen, sandbox.acceptedEvents());
            int resumed;
            try (Outbox outbox = Outbox.fileJournal(outboxDir);
                 ServiceEventPublisher p = ServiceEventPublisher.builder(c, outbox)
                         .deadLetters(DeadLetterStore.jsonLines(tmp.resolve("dead.jsonl"))).build()) {
                resumed = pushRemaining(p, outbox, ids, false);
                if (!p.awaitDelivered(Duration.ofMinutes(10))) {
                    throw new IllegalStateException("not delivered");
                }
                System.out.printf("restarted: published the remaining %d, rejected %d%n", resumed, p.metrics().rejected());
            }
            Set<String> distinct = new HashSet<>();
            int total = 0;
            OkHttpClient http = new OkHttpClient();
            ObjectMapper json = new ObjectMapper();
            for (int offset = 0; ; offset += 10_000) {
                try (Response r = http.newCall(new Request.Builder().url(sandbox.issuer() + "/admin/record/event?limit=10000&offset="
                        + offset).build()).execute()) {
                    JsonNode items = json.readTree(r.body().string()).get("items");
                    if (items.isEmpty()) {
                        break;
                    }
                    for (JsonNode e : items) {
                        total++;
                        distinct.add(e.get("id").asText());
                    }
                }
            }
            System.out.printf("sandbox holds %d events, %d distinct, expected %d: %s (%.1f s in all)%n", total, distinct.size(),
                    requests * 3, total == requests * 3 && distinct.size() == total ? "PASS" : "FAIL",
                    (System.nanoTime() - t0) / 1e9);
            if (total != requests * 3 || distinct.size() != total) {
                System.exit(1);
            }
        }
    }
}
