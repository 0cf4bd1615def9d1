package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** A person's browser without JavaScript: a cookie jar, no automatic redirects, pages as strings. */
final class Browser {

    /** A page: status, the Location header (made relative to the gateway) and the body. */
    record Page(int status, String location, String body) {
        String field(String name) {
            Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(body);
            assertTrue(m.find(), "no field " + name + " in " + body);
            return m.group(1).replace("&amp;", "&");
        }
    }

    private final Map<String, List<Cookie>> jar = new ConcurrentHashMap<>();
    private final String base;

    /** A browser of the test application's gateway. */
    Browser() {
        this(GatewayTest.BASE);
    }

    /** @param base the gateway's base URL, for a gateway started as its own process */
    Browser(String base) {
        this.base = base;
    }
    private final OkHttpClient http = GatewayTest.HTTP.newBuilder().cookieJar(new CookieJar() {
        @Override
        public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
            jar.merge(url.host() + url.port(), new ArrayList<>(cookies), (a, b) -> {
                a.removeIf(c -> b.stream().anyMatch(n -> n.name().equals(c.name())));
                a.addAll(b);
                return a;
            });
        }

        @Override
        public List<Cookie> loadForRequest(HttpUrl url) {
            return jar.getOrDefault(url.host() + url.port(), List.of());
        }
    }).build();

    Page get(String url) throws IOException {
        return send(new Request.Builder().url(absolute(url)).build());
    }

    Page post(String url, String... pairs) throws IOException {
        FormBody.Builder f = new FormBody.Builder();
        for (int i = 0; i < pairs.length; i += 2) {
            f.add(pairs[i], pairs[i + 1]);
        }
        return send(new Request.Builder().url(absolute(url)).post(f.build()).build());
    }

    /** A downloaded file: status, content type and the bytes. */
    record Download(int status, String contentType, byte[] bytes) {
    }

    /** Downloads a file with this browser's cookies. */
    Download download(String url) throws IOException {
        try (Response res = http.newCall(new Request.Builder().url(absolute(url)).build()).execute()) {
            return new Download(res.code(), res.header("Content-Type"), res.body().bytes());
        }
    }

    /** Follows redirects (as a browser would) and returns the final page. */
    Page follow(Page p) throws IOException {
        while (p.status() / 100 == 3) {
            p = get(p.location());
        }
        return p;
    }

    private Page send(Request r) throws IOException {
        try (Response res = http.newCall(r).execute()) {
            String loc = res.header("Location");
            return new Page(res.code(), loc == null ? null : loc.replace(base, ""), res.body().string());
        }
    }

    private String absolute(String url) {
        return url.startsWith("/") ? base + url : url;
    }

    /**
     * Logs a sandbox test citizen in through the gateway, starting from a protected page.
     *
     * @param sandbox the sandbox
     * @param citizen the test citizen's sub, e.g. citizen-maryam
     * @param loa     the level chosen at the sandbox's login page
     * @param start   a protected path
     * @return the protected page after login
     */
    Page login(URI sandbox, String citizen, String loa, String start) throws IOException {
        Page p = get(start);
        while (p.status() == 302 && !p.location().startsWith(sandbox.toString())) {
            p = get(p.location());
        }
        Page consent = get(p.location());
        Page back = post(sandbox + "/authorize/login", "txn", consent.field("txn"), "citizen", citizen, "loa", loa,
                "action", "login");
        assertTrue(back.location().startsWith("/callback?"), back.location());
        Page landing = follow(back);
        assertEquals(200, landing.status(), landing.body());
        return landing;
    }
}
