package org.panjereh.core.shared;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformProblem;
import org.panjereh.core.internal.PlatformCallTelemetry;
import org.panjereh.core.internal.StaleConnectionRetry;

/** HTTP plumbing shared by the platform clients. */
public final class HttpSupport {

    /** Largest answer body read from the platform. */
    public static final long MAX_RESPONSE_BYTES = 8L << 20;

    private HttpSupport() {
    }

    /**
     * The default OkHttp client: TLS 1.2/1.3 only (plus cleartext, which {@link #checkSecure} limits to
     * loopback), bounded timeouts, and OkHttp's own silent retry turned off so that every attempt is
     * counted and keeps its idempotency key; only a request swallowed by a pooled connection the server had
     * already closed is sent again, once, on a new connection ({@link StaleConnectionRetry}).
     */
    public static OkHttpClient defaultClient() {
        StaleConnectionRetry staleRetry = new StaleConnectionRetry();
        okhttp3.ConnectionPool pool = new okhttp3.ConnectionPool();
        staleRetry.pool(pool);
        return TlsBase.CLIENT.newBuilder()
                .connectionPool(pool)
                .addInterceptor(new PlatformCallTelemetry())
                .addInterceptor(staleRetry)
                .eventListenerFactory(staleRetry.listenerFactory())
                .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(15, TimeUnit.SECONDS)
                .writeTimeout(15, TimeUnit.SECONDS)
                .callTimeout(30, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    /**
     * Where every default client takes its TLS setup (the JDK's trust store read and indexed once, about 10 MB
     * of work per client otherwise) and its dispatcher; each default client still has its own connection pool.
     */
    private static final class TlsBase {
        static final OkHttpClient CLIENT = new OkHttpClient();
    }

    /**
     * The client with the SDK's telemetry as its outermost interceptor: the default client has it; an
     * application's own client gets it added (sharing its pool and settings), unless it already has it.
     *
     * @param http a client, or {@code null} for {@link #defaultClient()}
     * @return a client that traces and measures each platform call
     */
    public static OkHttpClient instrumented(OkHttpClient http) {
        if (http == null) {
            return defaultClient();
        }
        if (http.interceptors().stream().anyMatch(i -> i instanceof PlatformCallTelemetry)) {
            return http;
        }
        OkHttpClient.Builder b = http.newBuilder();
        b.interceptors().add(0, new PlatformCallTelemetry());
        return b.build();
    }

    /**
     * Refuses plain HTTP except to loopback addresses, unless explicitly allowed.
     *
     * @param uri          platform URL
     * @param allowInsecure whether the caller opted into plain HTTP
     */
    public static void checkSecure(URI uri, boolean allowInsecure) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ("https".equals(scheme)) {
            return;
        }
        if (!"http".equals(scheme)) {
            throw new PanjerehConfigurationException("Platform URL must be https: " + uri);
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
        if (!loopback && !allowInsecure) {
            throw new PanjerehConfigurationException("Platform URL " + uri + " uses plain HTTP to a non-loopback host;"
                    + " use https (or allowInsecureHttp for a test network)");
        }
    }

    /** Reads a body fully, refusing more than {@link #MAX_RESPONSE_BYTES}. */
    public static byte[] readLimited(ResponseBody body, int status) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        if (body.contentLength() > MAX_RESPONSE_BYTES) {
            throw new InvalidPlatformResponseException("Answer body of " + body.contentLength()
                    + " bytes exceeds the limit", status, null);
        }
        try (InputStream in = body.byteStream()) {
            byte[] data = in.readNBytes((int) MAX_RESPONSE_BYTES + 1);
            if (data.length > MAX_RESPONSE_BYTES) {
                throw new InvalidPlatformResponseException("Answer body exceeds the limit", status, null);
            }
            return data;
        }
    }

    /** Lower-cased header map. */
    public static Map<String, List<String>> headerMap(Headers headers) {
        Map<String, List<String>> out = new HashMap<>();
        for (String name : headers.names()) {
            out.put(name.toLowerCase(Locale.ROOT), List.copyOf(headers.values(name)));
        }
        return out;
    }

    /**
     * The problem in an error answer: RFC 9457 JSON when present and parseable, otherwise one made from
     * the status. Garbage never raises here: the status alone still tells what happened.
     */
    public static PlatformProblem problem(int status, String contentType, byte[] body, String requestId) {
        if (body.length > 0 && contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                if (n != null && n.isObject()) {
                    Map<String, Object> ext = new LinkedHashMap<>();
                    n.properties().forEach(e -> {
                        if (!List.of("type", "title", "status", "detail", "code", "requestId", "instance").contains(e.getKey())) {
                            ext.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
                        }
                    });
                    URI type = null;
                    if (n.hasNonNull("type")) {
                        try {
                            type = URI.create(n.get("type").asText());
                        } catch (IllegalArgumentException ignored) {
                            // a malformed type URI is not worth losing the rest of the problem
                        }
                    }
                    String rid = n.hasNonNull("requestId") ? n.get("requestId").asText() : requestId;
                    String code = n.hasNonNull("code") ? n.get("code").asText() : (n.hasNonNull("error")
                            ? "oauth." + n.get("error").asText() : "http." + status);
                    String detail = n.hasNonNull("detail") ? n.get("detail").asText()
                            : (n.hasNonNull("error_description") ? n.get("error_description").asText() : null);
                    return new PlatformProblem(type, n.hasNonNull("title") ? n.get("title").asText() : "HTTP " + status,
                            status, detail, code, rid, ext);
                }
            } catch (IOException | RuntimeException ignored) {
                // fall through to the bare status
            }
        }
        return PlatformProblem.ofStatus(status, requestId);
    }

    /**
     * Parses {@code Retry-After}: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
     *
     * @param value header value, may be {@code null}
     * @param clock clock for HTTP-dates
     * @return the wait, if the header was present and valid
     */
    public static Optional<Duration> retryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (Digits.isAsciiDigits(v)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
