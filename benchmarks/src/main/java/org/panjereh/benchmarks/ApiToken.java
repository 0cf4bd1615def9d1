package org.panjereh.benchmarks;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
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
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.NationalLogin;

/**
 * Prints a sandbox citizen's platform access token, as a mobile app would hold one, for load runs of the
 * gateway's JSON API: {@code ApiToken <sandbox issuer> <agency key .jwk> <redirect uri> [citizen]}. It logs in
 * through the sandbox's login page as agency 1010 with the key the embedded sandbox registered.
 */
public final class ApiToken {

    private ApiToken() {
    }

    /**
     * @param args issuer, key file, redirect URI, citizen (default citizen-maryam)
     * @throws Exception if the login fails
     */
    public static void main(String[] args) throws Exception {
        URI issuer = URI.create(args[0]);
        SigningKey key = SigningKey.fromJwk(Path.of(args[1]));
        String citizen = args.length > 3 ? args[3] : "citizen-maryam";
        NationalLogin sso = NationalLogin.builder(PlatformDiscovery.builder(issuer).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build(),
                URI.create(args[2])).build();
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", true);
        OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
        String page;
        try (Response r = http.newCall(new Request.Builder().url(login.redirectTo().toString()).build()).execute()) {
            page = r.body().string();
        }
        Matcher txn = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
        if (!txn.find()) {
            throw new IllegalStateException("no login form at the sandbox");
        }
        String location;
        try (Response r = http.newCall(new Request.Builder().url(issuer + "/authorize/login").post(new FormBody.Builder()
                .add("txn", txn.group(1)).add("citizen", citizen).add("loa", "urn:ir:gov:loa:2").add("action", "login").build())
                .build()).execute()) {
            location = r.header("Location");
        }
        Map<String, String> params = new HashMap<>();
        for (String kv : URI.create(location).getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            params.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        System.out.println(sso.finish(login.pending(), params).accessToken());
    }
}
