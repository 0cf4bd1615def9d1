package org.panjereh.benchmarks;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.LoginResult;
import org.panjereh.sso.NationalLogin;

/**
 * Whole logins through the sandbox, as many threads of citizens would make them:
 * {@code java -cp benchmarks/target/benchmarks.jar org.panjereh.benchmarks.LoginLoad [seconds] [threads]}.
 * Each login is the relying party's {@code start} (PAR with {@code private_key_jwt}), the browser's two requests
 * at the platform (the login page, the form post that returns the code), and {@code finish} (the code exchange
 * with PKCE and {@code private_key_jwt}, the ID token verified: signature on Bouncy Castle, iss, aud, nonce,
 * times, at_hash). Everything runs in one JVM on the same cores: the sandbox's side of each login (PAR, page,
 * code, token, signing the ID token) costs about as much as the relying party's.
 */
public final class LoginLoad {

    private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");

    private LoginLoad() {
    }

    /**
     * @param args seconds to measure (default 10), threads (default 16)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Duration d = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.out.printf("java %s, %d cores, %d threads%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), threads);
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        URI callback = URI.create("https://portal.example/callback");
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).dpop(false)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(callback), new JWKSet(key.publicJwk()), null,
                        null)).build())) {
            NationalLogin sso = NationalLogin.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                    AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build(), callback)
                    .build();
            OkHttpClient browser = new OkHttpClient.Builder().followRedirects(false)
                    .dispatcher(new okhttp3.Dispatcher()).connectionPool(new okhttp3.ConnectionPool(threads, 1,
                            java.util.concurrent.TimeUnit.MINUTES)).build();
            String[] citizens = {"citizen-maryam", "citizen-ali", "citizen-sara"};
            run(sso, browser, sandbox.issuer(), citizens, threads, d.dividedBy(3), false); // warm-up
            run(sso, browser, sandbox.issuer(), citizens, threads, d, true);
        }
    }

    private static void run(NationalLogin sso, OkHttpClient browser, URI issuer, String[] citizens, int threads,
                            Duration d, boolean report) throws Exception {
        ClosedLoop.Result r = ClosedLoop.run(threads, d, t -> login(sso, browser, issuer, citizens[t % citizens.length]));
        if (report) {
            System.out.printf("logins completed: %d in %.0f s = %.0f /s; failed %d; p50 %.1f ms, p99 %.1f ms%n", r.done(),
                    r.seconds(), r.perSecond(), r.failed(), r.p50Ms(), r.p99Ms());
        }
    }

    private static LoginResult login(NationalLogin sso, OkHttpClient browser, URI issuer, String citizen) throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", false);
        String page;
        try (Response r = browser.newCall(new Request.Builder().url(login.redirectTo().toString()).build()).execute()) {
            page = r.body().string();
        }
        Matcher txn = TXN.matcher(page);
        if (!txn.find()) {
            throw new IllegalStateException("no login form");
        }
        String location;
        try (Response r = browser.newCall(new Request.Builder().url(issuer + "/authorize/login").post(new FormBody.Builder()
                .add("txn", txn.group(1)).add("citizen", citizen).add("loa", "urn:ir:gov:loa:2").add("action", "login")
                .build()).build()).execute()) {
            location = r.header("Location");
        }
        Map<String, String> params = new HashMap<>();
        for (String kv : URI.create(location).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return sso.finish(login.pending(), params);
    }
}
