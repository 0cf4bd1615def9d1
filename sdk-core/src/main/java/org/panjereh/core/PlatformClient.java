package org.panjereh.core;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.panjereh.core.shared.DpopProofs;
import org.panjereh.core.shared.HttpSupport;
import org.panjereh.core.shared.Json;
import org.panjereh.core.internal.MachineTokens;
import org.panjereh.core.internal.RawResponse;
import org.panjereh.core.internal.Retrier;

/**
 * The agency's authenticated HTTP client to the platform's APIs (contract sections 0 and 2.2).
 * Immutable and thread-safe: build one per application and share it.
 *
 * <p>Every call carries {@code X-Request-Id} and a machine access token (client_credentials with
 * private_key_jwt, cached until shortly before it expires), as {@code DPoP} with a fresh proof when
 * the platform offers DPoP (retrying once on a {@code DPoP-Nonce} challenge) and as {@code Bearer}
 * otherwise. Every POST carries an {@code Idempotency-Key}, kept across retries. Connection failures
 * and 429/502/503/504 are retried by the {@link RetryPolicy}, honouring {@code Retry-After}. Error
 * answers become {@link PlatformException} with the RFC 9457 problem; no answer becomes
 * {@link PlatformUnreachableException}.
 *
 * <pre>{@code
 * PlatformClient platform = PlatformClient.builder(
 *     PlatformDiscovery.builder(URI.create("https://platform.example")).build(), credentials).build();
 * TrackingIds trackingIds = TrackingIds.builder(platform).build();
 * }</pre>
 */
public final class PlatformClient {

    /** Every machine scope of contract section 2.2. */
    public static final List<String> ALL_SCOPES = List.of("services", "tracking", "events", "survey", "exchange",
            "message_box", "payment", "reports");

    private static final MediaType JSON = MediaType.get("application/json");

    private final PlatformDiscovery discovery;
    private final AgencyCredentials credentials;
    private final OkHttpClient http;
    private final Clock clock;
    private final RetryPolicy retryPolicy;
    private final Retrier retrier;
    private final DpopProofs dpop;
    private final MachineTokens tokens;
    private final String userAgent;

    private PlatformClient(Builder b) {
        this.discovery = b.discovery;
        this.credentials = b.credentials;
        this.http = HttpSupport.instrumented(b.http);
        this.clock = b.clock;
        this.retryPolicy = b.retryPolicy;
        this.retrier = new Retrier(retryPolicy, clock);
        this.dpop = new DpopProofs();
        this.tokens = new MachineTokens(discovery, credentials, new Scope(b.scopes.toArray(String[]::new)), http, clock,
                retrier, dpop);
        this.userAgent = "panjereh-sdk/" + version() + " agency/" + credentials.agencyId();
    }

    /**
     * @param discovery   where the platform's metadata comes from
     * @param credentials the agency's credentials
     * @return a builder; everything else has a default
     */
    public static Builder builder(PlatformDiscovery discovery, AgencyCredentials credentials) {
        return new Builder().discovery(discovery).credentials(credentials);
    }

    /**
     * @return a builder whose discovery and credentials are still to be set
     * @deprecated give the two required collaborators to {@link #builder(PlatformDiscovery, AgencyCredentials)}
     */
    @Deprecated(since = "0.2.0")
    public static Builder builder() {
        return new Builder();
    }

    /** The platform's metadata (cached by discovery). */
    public PlatformMetadata metadata() {
        return discovery.metadata();
    }

    /** The discovery this client uses. */
    public PlatformDiscovery discovery() {
        return discovery;
    }

    /** The agency's credentials. */
    public AgencyCredentials credentials() {
        return credentials;
    }

    /** The clock this client uses. */
    public Clock clock() {
        return clock;
    }

    /**
     * GET a platform resource. A 304 answer (to an {@code If-None-Match} in the options) is returned, not thrown.
     *
     * @param uri     absolute URL
     * @param options per-call options
     * @return the 2xx answer
     */
    public PlatformResponse get(URI uri, RequestOptions options) {
        return send("GET", uri, null, null, options);
    }

    /**
     * POST a JSON body; an {@code Idempotency-Key} is always sent (the caller's, or a new one kept
     * across retries).
     *
     * @param uri     absolute URL
     * @param body    value serialised with Jackson
     * @param options per-call options
     * @return the 2xx answer
     */
    public PlatformResponse postJson(URI uri, Object body, RequestOptions options) {
        return send("POST", uri, Json.write(body), "application/json", options);
    }

    /**
     * POST raw bytes with a content type.
     *
     * @param uri         absolute URL
     * @param body        exact bytes
     * @param contentType media type
     * @param options     per-call options
     * @return the 2xx answer
     */
    public PlatformResponse post(URI uri, byte[] body, String contentType, RequestOptions options) {
        return send("POST", uri, body, contentType, options);
    }

    /**
     * PUT a whole resource (a service card, a monthly report, an exchange descriptor). PUT is idempotent, so it is
     * retried like a GET; preconditions ({@code If-Match}, {@code If-None-Match}) go in the options' headers, and a
     * {@code 412} is thrown as a {@link PlatformException} like any refusal.
     *
     * @param uri         absolute URL
     * @param body        exact bytes
     * @param contentType media type
     * @param options     per-call options
     * @return the 2xx answer
     */
    public PlatformResponse put(URI uri, byte[] body, String contentType, RequestOptions options) {
        return send("PUT", uri, body, contentType, options);
    }

    private PlatformResponse send(String method, URI uri, byte[] body, String contentType, RequestOptions options) {
        Objects.requireNonNull(uri, "uri");
        RequestOptions opts = options == null ? RequestOptions.none() : options;
        HttpUrl url = HttpUrl.get(uri.toString());
        String requestId = opts.requestId().orElseGet(UUID::randomUUID).toString();
        String idempotencyKey = "POST".equals(method) ? opts.idempotencyKey().orElseGet(UUID::randomUUID).toString() : null;
        String what = method + " " + url.encodedPath();
        Map<String, String> extra = opts.headers();
        Duration timeout = opts.timeout().orElse(null);
        int attempts = opts.maxAttempts() > 0 ? opts.maxAttempts() : retryPolicy.maxAttempts();
        Retrier.Result result = retrier.run(what, attempts, () -> attempt(method, url, body, contentType, extra,
                requestId, idempotencyKey, timeout));
        RawResponse r = result.response();
        if (!r.isSuccess()) {
            throw new PlatformException(HttpSupport.problem(r.status(), r.header("content-type"),
                    r.body(), requestId)).withNumAttempts(result.attempts());
        }
        return new PlatformResponse(r.status(), r.headers(), r.body(), requestId, result.attempts());
    }

    /** One attempt, including the DPoP nonce and expired-token replays, which are not retries. */
    private RawResponse attempt(String method, HttpUrl url, byte[] body, String contentType, Map<String, String> extra,
                                String requestId, String idempotencyKey, Duration timeout) throws IOException {
        AccessToken token = tokens.get();
        RawResponse r = exchange(method, url, body, contentType, extra, requestId, idempotencyKey, token, timeout);
        if (r.status() == 401) {
            String challenge = r.header("www-authenticate");
            challenge = challenge == null ? "" : challenge.toLowerCase(Locale.ROOT);
            if (token instanceof DPoPAccessToken
                    && dpop.resourceAskedForNonce(url, r.status(), challenge, r.header("dpop-nonce"))) {
                r = exchange(method, url, body, contentType, extra, requestId, idempotencyKey, token, timeout);
            } else if (challenge.contains("invalid_token")) {
                tokens.invalidate(token);
                r = exchange(method, url, body, contentType, extra, requestId, idempotencyKey, tokens.get(), timeout);
            }
        }
        return r;
    }

    private RawResponse exchange(String method, HttpUrl url, byte[] body, String contentType, Map<String, String> extra,
                                 String requestId, String idempotencyKey, AccessToken token, Duration timeout)
            throws IOException {
        Request.Builder rb = new Request.Builder().url(url)
                .header("X-Request-Id", requestId)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", userAgent);
        extra.forEach(rb::header);
        if (token instanceof DPoPAccessToken) {
            rb.header("Authorization", "DPoP " + token.getValue());
            rb.header("DPoP", dpop.proof(method, url, token));
        } else {
            rb.header("Authorization", "Bearer " + token.getValue());
        }
        if (idempotencyKey != null) {
            rb.header("Idempotency-Key", idempotencyKey);
        }
        rb.method(method, body == null ? null : RequestBody.create(body, MediaType.get(contentType)));
        okhttp3.Call call = http.newCall(rb.build());
        if (timeout != null) {
            call.timeout().timeout(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        try (Response resp = call.execute()) {
            dpop.learnNonce(url, resp.header("DPoP-Nonce"));
            return new RawResponse(resp.code(), HttpSupport.headerMap(resp.headers()),
                    HttpSupport.readLimited(resp.body(), resp.code()));
        }
    }

    private static String version() {
        String v = PlatformClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Builder of {@link PlatformClient}. */
    public static final class Builder {
        private PlatformDiscovery discovery;
        private AgencyCredentials credentials;
        private OkHttpClient http;
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private List<String> scopes = ALL_SCOPES;

        private Builder() {
        }

        /**
         * @param discovery where the platform's metadata comes from
         * @return this builder
         * @deprecated pass it to {@link PlatformClient#builder(PlatformDiscovery, AgencyCredentials)}
         */
        @Deprecated(since = "0.2.0")
        public Builder discovery(PlatformDiscovery discovery) {
            this.discovery = discovery;
            return this;
        }

        /**
         * @param credentials the agency's credentials
         * @return this builder
         * @deprecated pass them to {@link PlatformClient#builder(PlatformDiscovery, AgencyCredentials)}
         */
        @Deprecated(since = "0.2.0")
        public Builder credentials(AgencyCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** @param http an OkHttp client (timeouts, proxies, TLS); the default is strict and bounded */
        public Builder httpClient(OkHttpClient http) {
            this.http = http;
            return this;
        }

        /** @param clock clock for token expiry and Retry-After dates */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** @param policy retry policy */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy);
            return this;
        }

        /** @param scopes machine scopes to request (default all of {@link #ALL_SCOPES}) */
        public Builder scopes(List<String> scopes) {
            List<String> s = new ArrayList<>(scopes);
            if (s.isEmpty()) {
                throw new PanjerehConfigurationException("at least one scope is required");
            }
            this.scopes = List.copyOf(s);
            return this;
        }

        /**
         * @return the client
         * @throws PanjerehConfigurationException if discovery or credentials are missing
         */
        public PlatformClient build() {
            if (discovery == null) {
                throw new PanjerehConfigurationException("PlatformClient needs a PlatformDiscovery");
            }
            if (credentials == null) {
                throw new PanjerehConfigurationException("PlatformClient needs AgencyCredentials");
            }
            return new PlatformClient(this);
        }
    }
}
