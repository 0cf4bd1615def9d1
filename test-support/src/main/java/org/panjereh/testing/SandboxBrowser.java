package org.panjereh.testing;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A person's browser in a test, without a browser: keeps cookies, follows no redirect by itself, and walks a login
 * through the national sandbox's login page ({@link #journey}) the way the kit and every portal test do.
 */
public final class SandboxBrowser {

    private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");

    private final String base;
    private final URI sandbox;
    private final List<Cookie> jar = new ArrayList<>();
    private final OkHttpClient http;

    /**
     * @param base    the portal's base URL, for relative paths
     * @param sandbox the sandbox's issuer
     */
    public SandboxBrowser(String base, URI sandbox) {
        this.base = base;
        this.sandbox = sandbox;
        this.http = new OkHttpClient.Builder().followRedirects(false).cookieJar(new CookieJar() {
            @Override
            public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                synchronized (jar) {
                    for (Cookie c : cookies) {
                        jar.removeIf(x -> x.name().equals(c.name()) && x.domain().equals(c.domain()));
                        if (c.expiresAt() > System.currentTimeMillis()) {
                            jar.add(c);
                        }
                    }
                }
            }

            @Override
            public List<Cookie> loadForRequest(HttpUrl url) {
                synchronized (jar) {
                    return jar.stream().filter(c -> c.matches(url)).toList();
                }
            }
        }).build();
    }

    /** @return the client, sharing this browser's cookies, for requests of a test's own making */
    public OkHttpClient client() {
        return http;
    }

    /**
     * @param url a path of the portal, or an absolute URL
     * @return the answer (the caller closes it)
     * @throws IOException if nothing answered
     */
    public Response get(String url) throws IOException {
        return http.newCall(new Request.Builder().url(absolute(url)).build()).execute();
    }

    /**
     * @param url  a path of the portal, or an absolute URL
     * @param form the form's fields, name then value
     * @return the answer (the caller closes it)
     * @throws IOException if nothing answered
     */
    public Response post(String url, String... form) throws IOException {
        FormBody.Builder b = new FormBody.Builder();
        for (int i = 0; i + 1 < form.length; i += 2) {
            b.add(form[i], form[i + 1]);
        }
        return http.newCall(new Request.Builder().url(absolute(url)).post(b.build()).build()).execute();
    }

    /**
     * @param name a cookie's name
     * @return its value for the portal's host, if set
     */
    public Optional<String> cookie(String name) {
        String host = HttpUrl.get(base).host();
        synchronized (jar) {
            return jar.stream().filter(c -> c.name().equals(name) && c.domain().equals(host)).map(Cookie::value).findFirst();
        }
    }

    /**
     * Follows redirects through portal and sandbox from {@code start}, logging in at the sandbox's login page as
     * the citizen at the level whenever it appears.
     *
     * @param start   where to begin
     * @param citizen a sandbox test citizen, e.g. {@code citizen-maryam}
     * @param loa     the level, e.g. {@code urn:ir:gov:loa:2}
     * @return the status and body of the first answer that is neither a redirect nor the login page
     * @throws IOException if something did not answer
     */
    public String journey(String start, String citizen, String loa) throws IOException {
        String url = start;
        for (int hops = 0; hops < 12; hops++) {
            try (Response r = get(url)) {
                if (r.code() == 302 || r.code() == 303) {
                    url = r.header("Location");
                    continue;
                }
                String body = r.body().string();
                Matcher m = TXN.matcher(body);
                if (!m.find()) {
                    return r.code() + " " + body;
                }
                try (Response login = post(sandbox + "/authorize/login", "txn", m.group(1), "citizen", citizen, "loa", loa,
                        "action", "login")) {
                    url = login.header("Location");
                }
            }
        }
        throw new AssertionError("too many redirects from " + start);
    }

    private String absolute(String url) {
        return url.startsWith("http") ? url : base + url;
    }
}
