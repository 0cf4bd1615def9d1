package org.panjereh.conformance;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A person's browser without JavaScript, as the kit drives a portal: a cookie jar per browser, pages parsed
 * with jsoup, forms submitted with their hidden fields, redirects followed and remembered (the kit checks
 * where a login went). Relative paths are resolved against the portal.
 */
public final class PortalBrowser {

    private static final int MAX_REDIRECTS = 20;

    /**
     * A page as the browser got it.
     *
     * @param url       the address that answered
     * @param status    the HTTP status
     * @param location  the {@code Location} header of a redirect, absolute, or {@code null}
     * @param document  the parsed body
     * @param redirects every address visited on the way, first to last, this one included
     */
    public record Page(URI url, int status, URI location, Document document, List<URI> redirects) {

        /** @return the body's text */
        public String text() {
            return document.text();
        }

        /**
         * @param css a CSS selector
         * @return the first element matching, if any
         */
        public Optional<Element> first(String css) {
            return Optional.ofNullable(document.selectFirst(css));
        }
    }

    private final URI portal;
    private final Map<String, List<Cookie>> jar = new ConcurrentHashMap<>();
    private final OkHttpClient http;

    /**
     * @param portal the portal's base URL
     */
    public PortalBrowser(URI portal) {
        this.portal = portal;
        this.http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
                .callTimeout(Duration.ofSeconds(30)).cookieJar(new CookieJar() {
                    @Override
                    public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                        jar.merge(url.host() + ":" + url.port(), new ArrayList<>(cookies), (a, b) -> {
                            a.removeIf(c -> b.stream().anyMatch(n -> n.name().equals(c.name())));
                            a.addAll(b);
                            a.removeIf(c -> c.expiresAt() < System.currentTimeMillis());
                            return a;
                        });
                    }

                    @Override
                    public List<Cookie> loadForRequest(HttpUrl url) {
                        return jar.getOrDefault(url.host() + ":" + url.port(), List.of());
                    }
                }).build();
    }

    /** @return the portal's base URL */
    public URI portal() {
        return portal;
    }

    /**
     * @param pathOrUrl a path on the portal or an absolute URL
     * @return the answer, redirects not followed
     * @throws IOException if nothing answered
     */
    public Page get(String pathOrUrl) throws IOException {
        URI url = resolve(pathOrUrl);
        return send(new Request.Builder().url(url.toString()).build(), url, List.of());
    }

    /**
     * @param pathOrUrl a path on the portal or an absolute URL
     * @return the answer's bytes (a downloaded file), redirects not followed
     * @throws IOException if nothing answered, or the answer was not 200
     */
    public byte[] download(String pathOrUrl) throws IOException {
        URI url = resolve(pathOrUrl);
        try (Response r = http.newCall(new Request.Builder().url(url.toString()).build()).execute()) {
            if (r.code() != 200) {
                throw new IOException("Downloading " + url + " answered " + r.code());
            }
            return r.body().bytes();
        }
    }

    /**
     * POSTs form fields, as a browser submits a form, without following the answer's redirect.
     *
     * @param pathOrUrl a path on the portal or an absolute URL
     * @param fields    the form's fields
     * @return the answer, redirects not followed
     * @throws IOException if nothing answered
     */
    public Page post(String pathOrUrl, Map<String, String> fields) throws IOException {
        URI url = resolve(pathOrUrl);
        FormBody.Builder body = new FormBody.Builder();
        fields.forEach(body::add);
        return send(new Request.Builder().url(url.toString()).post(body.build()).build(), url, List.of());
    }

    /**
     * @param pathOrUrl a path on the portal or an absolute URL
     * @return the page at the end of the redirects
     * @throws IOException if nothing answered
     */
    public Page open(String pathOrUrl) throws IOException {
        return follow(get(pathOrUrl));
    }

    /**
     * Submits a form of a page as a browser would: its fields with their values (hidden ones included, the
     * first checked radio of a group), then {@code values}, to the form's action with its method.
     *
     * @param page   the page
     * @param css    selects the form
     * @param values fields to set (a submit button's name and value too)
     * @return the page at the end of the redirects
     * @throws IOException if nothing answered
     */
    public Page submit(Page page, String css, Map<String, String> values) throws IOException {
        Element form = page.document().selectFirst(css);
        if (form == null) {
            throw new IOException("No form " + css + " on " + page.url());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element in : form.select("input[name], textarea[name], select[name]")) {
            String type = in.attr("type").toLowerCase(java.util.Locale.ROOT);
            if ((type.equals("radio") || type.equals("checkbox")) && !in.hasAttr("checked")) {
                continue;
            }
            if (type.equals("submit") || type.equals("button")) {
                continue;
            }
            fields.putIfAbsent(in.attr("name"), in.is("textarea") ? in.text() : in.attr("value"));
        }
        fields.putAll(values);
        URI action = page.url().resolve(form.attr("action").isEmpty() ? page.url().toString() : form.attr("action"));
        if (form.attr("method").equalsIgnoreCase("post")) {
            FormBody.Builder body = new FormBody.Builder();
            fields.forEach(body::add);
            return follow(send(new Request.Builder().url(action.toString()).post(body.build()).build(), action, List.of()));
        }
        HttpUrl.Builder q = HttpUrl.get(action.toString()).newBuilder();
        fields.forEach(q::addQueryParameter);
        return open(q.build().toString());
    }

    /**
     * @param page a page, possibly a redirect
     * @return the page at the end of its redirects
     * @throws IOException if nothing answered, or after too many redirects
     */
    public Page follow(Page page) throws IOException {
        Page p = page;
        for (int i = 0; p.location() != null && p.status() / 100 == 3; i++) {
            if (i == MAX_REDIRECTS) {
                throw new IOException("More than " + MAX_REDIRECTS + " redirects from " + page.url());
            }
            p = send(new Request.Builder().url(p.location().toString()).build(), p.location(), p.redirects());
        }
        return p;
    }

    private Page send(Request request, URI url, List<URI> before) throws IOException {
        try (Response r = http.newCall(request).execute()) {
            String loc = r.header("Location");
            URI location = loc == null ? null : url.resolve(loc);
            String body = r.body().string();
            List<URI> chain = new ArrayList<>(before);
            chain.add(url);
            return new Page(url, r.code(), location, Jsoup.parse(body, url.toString()), List.copyOf(chain));
        }
    }

    private URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") ? URI.create(pathOrUrl)
                : portal.resolve(pathOrUrl);
    }
}
