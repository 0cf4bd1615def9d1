package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.PaymentPageDriver;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.NationalLogin;

/**
 * The built gateway on its default store, killed with SIGKILL at many random moments of mixed load — a mobile app
 * applying through the JSON API on three threads, a citizen paying a fee on the web, a staff member delivering on
 * the web — and started again each time on the same data. Afterwards every acknowledged application, delivery and
 * verified payment is there, and the platform holds each request's events exactly once, in the order the gateway
 * recorded them.
 *
 * <p>A moment is "random" by count, not by clock: each run kills after a random number of acknowledgements
 * (seeded, printed, and repeatable with {@code -Ddurability.seed=0x…} as printed).
 */
class DurabilityIT {

    private static final Logger LOG = Logger.getLogger(DurabilityIT.class.getName());
    private static final int PORT = 18701;
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final String RESIDENCE = "10101234568";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false)
            .callTimeout(Duration.ofSeconds(20)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DELIVERABLE = Pattern.compile("action=\"/staff/requests/(\\d{20})/deliver\"><input type=\"hidden\" "
            + "name=\"csrf\" value=\"[^\"]*\"><input type=\"hidden\" name=\"version\" value=\"(\\d+)\"");

    /** Options for the killed gateways beyond GatewayProcess.SHORT_LIVED, with -Ddurability.jvm (the full JIT, say). */
    private static final Map<String, String> JVM = System.getProperty("durability.jvm") == null ? Map.of()
            : Map.of("JAVA_TOOL_OPTIONS", System.getProperty("durability.jvm"));

    @TempDir
    Path dir;

    /** What the gateway acknowledged: applications (201/303), deliveries (303) and verified payments (303 after the return). */
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Set<String> paid = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acknowledgements = new AtomicInteger();

    @Test
    void everyAcknowledgementSurvivesManyKills() throws Exception {
        int kills = Integer.getInteger("durability.kills", 50);
        long seed = Long.getLong("durability.seed", System.nanoTime() & Long.MAX_VALUE);
        // In hex, as -Ddurability.seed takes it back (Long.decode): in decimal a young machine's nanoTime is twelve
        // digits standing alone, which the log hygiene check rightly takes for a FIDA code.
        LOG.info("DurabilityIT: " + kills + " kills, seed 0x" + Long.toHexString(seed));
        Random random = new Random(seed);
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        URI callback = URI.create(BASE + "/callback");
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration(
                "1010", "agency-1010", List.of(callback, URI.create(BASE + "/payments/return")), new JWKSet(key.publicJwk()),
                null, null, null)).build())) {
            Map<String, String> settings = GatewayNode.settings(sandbox, key, dir, callback);
            String issuer = settings.remove("panjereh.platform.issuer");
            settings.put("gateway.data-dir", dir.resolve("data").toString());
            settings.put("gateway.base-url", BASE);
            List<String> options = List.of("--platform=" + issuer);
            Browser maryam = new Browser(BASE);
            Browser staff = new Browser(BASE);

            for (int run = 0; run < kills; run++) {
                GatewayProcess gateway = GatewayProcess.start(PORT, settings, options, JVM, dir.resolve("run-" + run + ".log"));
                if (run == 0) {
                    assertTrue(gateway.log().contains("Recovery: store a new store"), gateway.log());
                    maryam.login(sandbox.issuer(), "citizen-maryam", "urn:ir:gov:loa:2", "/my");
                    staff.login(sandbox.issuer(), "citizen-ali", "urn:ir:gov:loa:2", "/staff");
                }
                // The moment: after a random number of acknowledgements of any kind, or of deliveries, or of payments
                // (slower than applications: a run of applications alone would rarely see one finish).
                Set<String> watched = switch (run % 3) {
                    case 0 -> null;
                    case 1 -> delivered;
                    default -> paid;
                };
                String token = accessToken(sandbox, key, callback); // the platform's tokens live 5 minutes
                java.util.function.IntSupplier progress = watched == null ? acknowledgements::get : watched::size;
                int killAfter = progress.getAsInt() + 1 + random.nextInt(watched == null ? 40 : 3);
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService load = Executors.newFixedThreadPool(5);
                List<Callable<Void>> workers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    workers.add(loop(running, () -> applyThroughApi(token)));
                }
                workers.add(loop(running, () -> payOnTheWeb(maryam)));
                workers.add(loop(running, () -> deliverOnTheWeb(staff)));
                List<Future<Void>> workersRunning = new ArrayList<>();
                workers.forEach(w -> workersRunning.add(load.submit(w)));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                synchronized (acknowledgements) {
                    while (progress.getAsInt() < killAfter && System.nanoTime() < until) {
                        acknowledgements.wait(1000); // woken by each acknowledgement
                    }
                }
                gateway.kill(); // SIGKILL: no shutdown hook, no flush
                running.set(false);
                if (Boolean.getBoolean("durability.diagnose")) {
                    diagnose(run);
                }
                load.shutdown();
                assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));
                for (Future<Void> f : workersRunning) {
                    f.get(); // a worker's own failure (not the kill) fails the test here
                }
                assertTrue(progress.getAsInt() >= killAfter,
                        "run " + run + " acknowledged too little in a minute: " + gateway.log());
            }

            GatewayProcess last = GatewayProcess.start(PORT, settings, options, Map.of(), dir.resolve("last.log"));
            try {
                // What start-up found, in one line: the store was killed, not closed.
                assertTrue(last.log().contains("Recovery: store not closed cleanly (killed or crashed)"), last.log());
                LOG.info("DurabilityIT: " + applied.size() + " applications, " + delivered.size() + " deliveries, " + paid.size()
                        + " verified payments acknowledged");
                assertEverythingKept(sandbox, accessToken(sandbox, key, callback));
            } finally {
                last.close();
            }
        }
    }

    /** Diagnostics: the raw file right after the kill, kept, and opened as a copy to see what it holds. */
    private void diagnose(int run) throws Exception {
        Path evidence = Path.of("target", "durability-evidence").toAbsolutePath();
        java.nio.file.Files.createDirectories(evidence);
        Path raw = evidence.resolve("run-" + run + ".mv.db");
        java.nio.file.Files.copy(dir.resolve("data/gateway.mv.db"), raw, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path copy = evidence.resolve("open-" + run + ".mv.db");
        java.nio.file.Files.copy(raw, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Set<String> there = new java.util.HashSet<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + evidence.resolve("open-" + run));
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT tracking_id FROM gateway_request")) {
            while (rs.next()) {
                there.add(rs.getString(1));
            }
        }
        java.nio.file.Files.delete(copy);
        List<String> missing = applied.stream().filter(t -> !there.contains(t)).sorted().toList();
        LOG.info("DurabilityIT run " + run + ": " + there.size() + " rows, missing " + missing);
        if (!missing.isEmpty()) {
            throw new AssertionError("run " + run + " lost " + missing + "; raw file kept in " + raw);
        }
    }

    /** One worker: the same step again until the run ends or the gateway is gone. */
    private Callable<Void> loop(AtomicBoolean running, Callable<Void> step) {
        return () -> {
            while (running.get()) {
                try {
                    step.call();
                } catch (IOException gone) {
                    return null; // killed: what was not acknowledged does not count
                }
            }
            return null;
        };
    }

    private void acknowledge(Set<String> set, String trackingId) {
        set.add(trackingId);
        synchronized (acknowledgements) {
            acknowledgements.incrementAndGet();
            acknowledgements.notifyAll();
        }
    }

    private Void applyThroughApi(String token) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/api/v1/requests")
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", UUID.randomUUID().toString())
                .post(RequestBody.create("{\"serviceId\":\"" + RESIDENCE + "\",\"postalCode\":\"1991943711\"}",
                        MediaType.get("application/json"))).build()).execute()) {
            String body = r.body().string();
            assertEquals(201, r.code(), body);
            acknowledge(applied, JSON.readTree(body).path("trackingId").asText());
        }
        return null;
    }

    private Void payOnTheWeb(Browser citizen) throws Exception {
        TrackingId t = PaymentJourneyTest.applyForLicence(citizen);
        acknowledge(applied, t.value());
        URI page = PaymentJourneyTest.pressPay(citizen, t);
        URI back = PaymentPageDriver.submit(page, PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        Browser.Page returned = citizen.get(back.toString());
        assertEquals(303, returned.status(), returned.body());
        acknowledge(paid, t.value());
        return null;
    }

    private Void deliverOnTheWeb(Browser staff) throws Exception {
        Browser.Page console = staff.get("/staff");
        assertEquals(200, console.status(), console.body());
        Matcher m = DELIVERABLE.matcher(console.body());
        while (m.find()) {
            String t = m.group(1);
            if (delivered.contains(t) || !(paid.contains(t) || (applied.contains(t) && !isLicence(console.body(), t)))) {
                continue;
            }
            Browser.Page done = staff.post("/staff/requests/" + t + "/deliver", "csrf", console.field("csrf"), "version", m.group(2));
            if (done.status() == 303) {
                acknowledge(delivered, t);
            } else {
                assertEquals(409, done.status(), done.body()); // only a race with another move may refuse it
            }
            return null;
        }
        return null;
    }

    /** Whether the console shows the request under the paid service's title (a fee to verify before delivery). */
    private static boolean isLicence(String console, String t) {
        int at = console.indexOf("/staff/requests/" + t + "/");
        int section = console.lastIndexOf("<section class=\"request\">", at);
        return console.substring(section, at).contains("صدور پروانه کسب");
    }

    private static JsonNode view(String token, String t) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(BASE + "/api/v1/requests/" + t)
                .header("Authorization", "Bearer " + token).build()).execute()) {
            String body = r.body().string();
            assertEquals(200, r.code(), "acknowledged request " + t + " after the kills: " + body);
            return JSON.readTree(body);
        }
    }

    /**
     * Every acknowledged request is there, delivered and paid as acknowledged, and the platform holds its events
     * exactly once and in order: the gateway's timeline, plus one payment event wherever the gateway's ledger says the
     * fee is paid (and none where it does not: a payment the platform verified is never forgotten). The restarted
     * gateway may still be sending what the last run left in its outbox, so this is asked again until it holds.
     */
    private void assertEverythingKept(NationalSandbox sandbox, String token) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Map<String, List<String>> expected = new HashMap<>();
        Map<String, List<String>> received = new HashMap<>();
        do {
            expected.clear();
            for (String t : applied) {
                JsonNode v = view(token, t);
                if (delivered.contains(t)) {
                    assertEquals("delivered", v.path("status").asText(), "acknowledged delivery of " + t);
                }
                boolean feePaid = v.path("outstandingRial").asLong() == 0 && !v.path("fees").isEmpty();
                if (paid.contains(t)) {
                    assertTrue(feePaid, "acknowledged verified payment of " + t + ": " + v);
                }
                List<String> types = new ArrayList<>();
                v.path("timeline").forEach(e -> types.add(e.path("type").asText().replace("ir.gov.service.", "")));
                if (feePaid) {
                    types.add(1, "payment"); // verified before anything but the start could follow
                }
                expected.put(t, types);
            }
            received.clear();
            for (JsonNode e : JourneyTest.record(sandbox.issuer(), "event")) {
                String type = e.path("type").asText().replace("ir.gov.service.", "");
                received.computeIfAbsent(e.path("subject").asText(), k -> new ArrayList<>())
                        .add("payment".equals(e.path("data").path("step").asText()) ? "payment" : type);
            }
        } while (!expected.entrySet().stream().allMatch(x -> x.getValue().equals(received.get(x.getKey())))
                && System.nanoTime() < until);
        expected.forEach((t, types) -> assertEquals(types, received.get(t), "events of " + t + " at the platform"));
    }

    /** A mobile app's login at the sandbox, for the agency's client. */
    static String accessToken(NationalSandbox sandbox, SigningKey key, URI callback) throws Exception {
        PlatformDiscovery discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
        try {
            NationalLogin sso = NationalLogin.builder(discovery, AgencyCredentials.builder().agencyId("1010")
                    .clientId("agency-1010").signingKey(key).build(), callback).build();
            LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", true);
            String page;
            try (Response r = HTTP.newCall(new Request.Builder().url(login.redirectTo().toString()).build()).execute()) {
                page = r.body().string();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
            assertTrue(m.find(), page);
            String location;
            try (Response r = HTTP.newCall(new Request.Builder().url(sandbox.issuer() + "/authorize/login")
                    .post(new FormBody.Builder().add("txn", m.group(1)).add("citizen", "citizen-maryam")
                            .add("loa", "urn:ir:gov:loa:2").add("action", "login").build()).build()).execute()) {
                location = r.header("Location");
            }
            Map<String, String> params = new HashMap<>();
            for (String kv : URI.create(location).getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
            }
            return sso.finish(login.pending(), params).accessToken();
        } finally {
            discovery.close();
        }
    }
}
