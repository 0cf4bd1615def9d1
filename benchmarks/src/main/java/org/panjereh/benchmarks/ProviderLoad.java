package org.panjereh.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.conformance.ReferenceGatewayDriver;
import org.panjereh.core.TrackingId;

/**
 * The reference gateway as a provider on the exchange under load (issue 26): «استعلام پروانه کسب» answering calls
 * the exchange authenticated (a fresh token each, minted beforehand by the embedded sandbox as the exchange, so the
 * minting is not measured), beside the gateway's public tracking page, same client, same connections, same run.
 * Run by {@code benchmarks/scripts/provider-load.sh}.
 *
 * <p>{@code java -cp benchmarks.jar org.panjereh.benchmarks.ProviderLoad GATEWAY SANDBOX [connections] [seconds]}
 */
public final class ProviderLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private ProviderLoad() {
    }

    /**
     * @param args the gateway's base URL, the sandbox's, connections (32), seconds per measured run (10)
     * @throws Exception if the gateway or the sandbox cannot be used
     */
    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(args[0]);
        String sandbox = args[1];
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Duration run = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 10);
        OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(connections * 2, 1, TimeUnit.MINUTES))
                .build();

        // A permit to ask about: the kit's driver applies as a citizen, delivers as staff, reads the permit's code.
        ReferenceGatewayDriver driver = new ReferenceGatewayDriver();
        PortalBrowser citizen = login(gateway, driver.protectedPath(), driver.citizen());
        TrackingId t = driver.apply(citizen);
        driver.deliver(login(gateway, driver.protectedPath(), driver.staff()), t);
        PortalDriver.ProviderProbe probe = driver.providerProbe(citizen, t).orElseThrow();
        String track = gateway + "/track?id=" + t.value();
        String endpoint = gateway + "/exchange/" + probe.service();
        System.out.println("permit of " + t.value() + ", asked as " + probe.requestJson());

        Result warm = provider(http, sandbox, endpoint, probe, connections, Duration.ofSeconds(5), 2000);
        ClosedLoop.run(connections, Duration.ofSeconds(5), th -> get(http, track));
        // Tokens live 60 s: mint what the warm-up rate says the measured run needs, with room to spare.
        int needed = (int) Math.min(200_000, Math.max(5000, warm.loop.perSecond() * run.toSeconds() * 3));
        Result p = provider(http, sandbox, endpoint, probe, connections, run, needed);
        ClosedLoop.Result page = ClosedLoop.run(connections, run, th -> get(http, track));
        System.out.printf("== provider POST /exchange/%s (exchange token checked, replay cache, audit row, signed answer), "
                + "%d connections, %d s: %.0f calls/s, p50 %.2f ms, p99 %.2f ms, %d failed, %d tokens left unused%n",
                probe.service(), connections, run.toSeconds(), p.loop.perSecond(), p.loop.p50Ms(), p.loop.p99Ms(),
                p.loop.failed(), p.unused);
        System.out.printf("== tracking page GET /track?id=…, %d connections, %d s: %.0f pages/s, p50 %.2f ms, p99 %.2f ms, "
                + "%d failed%n", connections, run.toSeconds(), page.perSecond(), page.p50Ms(), page.p99Ms(), page.failed());
        System.out.printf("== provider / tracking page throughput: %.2f×%n", p.loop.perSecond() / page.perSecond());
    }

    private record Result(ClosedLoop.Result loop, int unused) {
    }

    private static Result provider(OkHttpClient http, String sandbox, String endpoint, PortalDriver.ProviderProbe probe,
                                   int connections, Duration run, int tokens) throws Exception {
        List<String[]> minted = mint(http, sandbox, probe, tokens);
        AtomicInteger next = new AtomicInteger();
        ClosedLoop.Result r = ClosedLoop.run(connections, run, th -> {
            int i = next.getAndIncrement();
            if (i >= minted.size()) {
                throw new IllegalStateException("out of exchange tokens: mint more");
            }
            String[] tok = minted.get(i);
            try (Response res = http.newCall(new Request.Builder().url(endpoint).post(RequestBody.create(tok[1], JSON_TYPE))
                    .header("Authorization", tok[0]).header("X-Client-Agency", "9999").header("X-Purpose", probe.purpose())
                    .header("X-User-Ref", "0".repeat(64)).header("X-Request-Id", UUID.randomUUID().toString()).build()).execute()) {
                res.body().bytes();
                if (res.code() != 200 || res.header("X-Provider-Signature") == null) {
                    throw new IllegalStateException("provider answered " + res.code());
                }
            }
        });
        return new Result(r, Math.max(0, minted.size() - next.get()));
    }

    /** Fresh exchange tokens for the probe's body, minted by the sandbox as the exchange, four at a time. */
    private static List<String[]> mint(OkHttpClient http, String sandbox, PortalDriver.ProviderProbe probe, int n) throws Exception {
        String ask = "{\"provider\":\"1010\",\"service\":\"" + probe.service() + "\",\"consumer\":\"9999\",\"purpose\":\""
                + probe.purpose() + "\",\"body\":" + probe.requestJson() + "}";
        List<String[]> out = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        AtomicInteger left = new AtomicInteger(n);
        for (int w = 0; w < 4; w++) {
            fs.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    try (Response r = http.newCall(new Request.Builder().url(sandbox + "/admin/exchange/token")
                            .post(RequestBody.create(ask, JSON_TYPE)).build()).execute()) {
                        JsonNode t = JSON.readTree(r.body().string());
                        out.add(new String[] {t.path("authorization").asText(), t.path("body").asText()});
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return new ArrayList<>(out);
    }

    private static void get(OkHttpClient http, String url) throws Exception {
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            r.body().bytes();
            if (r.code() != 200) {
                throw new IllegalStateException(url + " answered " + r.code());
            }
        }
    }

    private static PortalBrowser login(URI gateway, String path, String who) throws Exception {
        PortalBrowser b = new PortalBrowser(gateway);
        PortalBrowser.Page login = b.open(path);
        PortalBrowser.Page back = b.submit(login, "form", Map.of("citizen", who, "loa", "urn:ir:gov:loa:2", "action", "login"));
        if (back.status() != 200) {
            throw new IllegalStateException(who + " could not log in: " + back.status() + " " + back.url() + " " + back.text());
        }
        return b;
    }
}
