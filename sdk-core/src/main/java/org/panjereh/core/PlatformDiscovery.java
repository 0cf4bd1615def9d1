package org.panjereh.core;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.core.shared.PeriodicTask;
import org.panjereh.core.shared.HttpSupport;
import org.panjereh.core.internal.PlatformJwkSource;
import org.panjereh.core.internal.RawResponse;
import org.panjereh.core.internal.Retrier;

/**
 * The platform's metadata, fetched from one issuer URL and kept fresh (contract section 1).
 *
 * <p>{@link #metadata()} answers from the cache and refetches once the refresh interval has passed;
 * if a refetch fails the last good document is kept and the failure logged, so a platform hiccup
 * does not stop the agency. {@link #refresh()} forces a refetch (rate-limited), which the key source
 * does when a token arrives signed with an unknown {@code kid}. {@link #startScheduledRefresh()} adds
 * a background refresh for long-running services.
 *
 * <pre>{@code
 * PlatformDiscovery discovery = PlatformDiscovery.builder(URI.create("https://platform.example")).build();
 * URI tracking = discovery.metadata().trackingEndpoint();
 * }</pre>
 */
public final class PlatformDiscovery implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PlatformDiscovery.class.getName());

    private record Snapshot(PlatformMetadata metadata, Instant fetchedAt) {
    }

    private final URI issuer;
    private final OkHttpClient http;
    private final Clock clock;
    private final Duration refreshInterval;
    private final Duration minRefreshInterval;
    private final Retrier retrier;
    private final boolean fixed;
    private final Object fetchLock = new Object();
    private volatile Snapshot snapshot;
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile PlatformJwkSource jwkSource;
    private final PeriodicTask refreshes = new PeriodicTask("panjereh-discovery-refresh");

    private PlatformDiscovery(Builder b) {
        this.issuer = b.issuer;
        this.http = HttpSupport.instrumented(b.http);
        this.clock = b.clock;
        this.refreshInterval = b.refreshInterval;
        this.minRefreshInterval = b.minRefreshInterval;
        this.retrier = new Retrier(b.retryPolicy, b.clock);
        this.fixed = b.fixedMetadata != null;
        if (fixed) {
            snapshot = new Snapshot(b.fixedMetadata, clock.instant());
        } else {
            HttpSupport.checkSecure(issuer, b.allowInsecureHttp);
        }
    }

    /**
     * Discovery from an issuer URL.
     *
     * @param issuer the platform's issuer, e.g. {@code https://platform.example}
     * @return a builder
     */
    public static Builder builder(URI issuer) {
        return new Builder(Objects.requireNonNull(issuer, "issuer"), null);
    }

    /**
     * Fixed metadata for a platform without a discovery document (contract section 9); never refetched.
     *
     * @param metadata the endpoints, given one by one
     * @return a builder
     */
    public static Builder fixed(PlatformMetadata metadata) {
        return new Builder(metadata.issuer(), metadata);
    }

    /** The configured issuer. */
    public URI issuer() {
        return issuer;
    }

    /**
     * The current metadata, fetched on first use and refetched after the refresh interval.
     *
     * @return the metadata
     * @throws PlatformUnreachableException if it was never fetched and the platform does not answer
     */
    public PlatformMetadata metadata() {
        Snapshot s = snapshot;
        if (s != null && (fixed || clock.instant().isBefore(s.fetchedAt().plus(refreshInterval)))) {
            return s.metadata();
        }
        synchronized (fetchLock) {
            s = snapshot;
            if (s != null && clock.instant().isBefore(s.fetchedAt().plus(refreshInterval))) {
                return s.metadata();
            }
            try {
                return fetchNow().metadata();
            } catch (PanjerehException e) {
                if (s == null) {
                    throw e;
                }
                LOG.log(Level.WARNING, "Discovery refresh from {0} failed, keeping the cached document: {1}",
                        issuer, e.getMessage());
                snapshot = new Snapshot(s.metadata(), clock.instant());
                return s.metadata();
            }
        }
    }

    /**
     * Refetches now, unless the last attempt was less than the minimum refresh interval ago.
     *
     * @return whether a fetch happened and succeeded
     */
    public boolean refresh() {
        if (fixed) {
            return false;
        }
        synchronized (fetchLock) {
            if (clock.instant().isBefore(lastAttempt.plus(minRefreshInterval))) {
                return false;
            }
            try {
                fetchNow();
                return true;
            } catch (PanjerehException e) {
                LOG.log(Level.WARNING, "Discovery refresh from {0} failed: {1}", issuer, e.getMessage());
                return false;
            }
        }
    }

    /**
     * The platform's signing keys from the current {@code jwks_uri}, cached, refetched when a token
     * names an unknown {@code kid} (rate-limited), and followed to a new {@code jwks_uri} after
     * rediscovery. Use it with Nimbus verifiers.
     *
     * @return the key source
     */
    public JWKSource<SecurityContext> jwkSource() {
        PlatformJwkSource s = jwkSource;
        if (s == null) {
            synchronized (fetchLock) {
                if (jwkSource == null) {
                    jwkSource = new PlatformJwkSource(this, http);
                }
                s = jwkSource;
            }
        }
        return s;
    }

    /**
     * Refreshes in the background every refresh interval, on one daemon thread.
     *
     * @return this
     */
    public synchronized PlatformDiscovery startScheduledRefresh() {
        if (!fixed) {
            Duration every = Duration.ofSeconds(Math.max(1, refreshInterval.toSeconds()));
            refreshes.start(every, every, this::refresh);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        refreshes.close();
    }

    private Snapshot fetchNow() {
        lastAttempt = clock.instant();
        URI url = URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        String requestId = UUID.randomUUID().toString();
        Request req = new Request.Builder().url(url.toString()).get().header("Accept", "application/json")
                .header("X-Request-Id", requestId).build();
        Retrier.Result result = retrier.run("discovery", true, () -> {
            try (Response resp = http.newCall(req).execute()) {
                return new RawResponse(resp.code(), HttpSupport.headerMap(resp.headers()),
                        HttpSupport.readLimited(resp.body(), resp.code()));
            }
        });
        RawResponse r = result.response();
        if (r.status() != 200) {
            throw new PlatformException(HttpSupport.problem(r.status(), r.header("content-type"),
                    r.body(), requestId)).withNumAttempts(result.attempts());
        }
        PlatformMetadata md = PlatformMetadata.parse(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        // OpenID Connect Discovery 1.0 section 4.3: the document must name exactly the issuer asked for.
        if (!md.issuer().toString().equals(issuer.toString())) {
            throw new InvalidPlatformResponseException("Discovery document names issuer " + md.issuer()
                    + " but " + issuer + " was configured", r.status(), null);
        }
        Snapshot s = new Snapshot(md, clock.instant());
        snapshot = s;
        return s;
    }

    /** Builder of {@link PlatformDiscovery}. */
    public static final class Builder {
        private final URI issuer;
        private final PlatformMetadata fixedMetadata;
        private OkHttpClient http;
        private Clock clock = Clock.systemUTC();
        private Duration refreshInterval = Duration.ofHours(1);
        private Duration minRefreshInterval = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private boolean allowInsecureHttp;

        private Builder(URI issuer, PlatformMetadata fixedMetadata) {
            this.issuer = issuer;
            this.fixedMetadata = fixedMetadata;
        }

        /** @param http the OkHttp client to use (share one per application) */
        public Builder httpClient(OkHttpClient http) {
            this.http = http;
            return this;
        }

        /** @param clock clock for cache ages */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** @param d how long a fetched document is used before refetching (default 1 h) */
        public Builder refreshInterval(Duration d) {
            this.refreshInterval = Objects.requireNonNull(d);
            return this;
        }

        /** @param d least time between two forced refreshes (default 30 s) */
        public Builder minRefreshInterval(Duration d) {
            this.minRefreshInterval = Objects.requireNonNull(d);
            return this;
        }

        /** @param p retry policy for fetching */
        public Builder retryPolicy(RetryPolicy p) {
            this.retryPolicy = Objects.requireNonNull(p);
            return this;
        }

        /** @param allow permit plain HTTP to non-loopback hosts (test networks only) */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /** @return the discovery */
        public PlatformDiscovery build() {
            return new PlatformDiscovery(this);
        }
    }

}
