package org.panjereh.core.internal;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.PlatformProblem;
import org.panjereh.core.shared.ClientAuth;
import org.panjereh.core.shared.DpopProofs;
import org.panjereh.core.shared.HttpSupport;

/**
 * Machine-to-machine access tokens (contract section 2.2): client_credentials with private_key_jwt,
 * DPoP-bound when the platform offers DPoP, cached until shortly before they expire. Under
 * concurrency one caller fetches while the others wait for its token: one token request, not eight.
 */
public final class MachineTokens {

    private static final Duration MAX_MARGIN = Duration.ofSeconds(30);
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");

    private record Cached(AccessToken token, Instant refreshAt) {
    }

    private final PlatformDiscovery discovery;
    private final AgencyCredentials credentials;
    private final Scope scope;
    private final OkHttpClient http;
    private final Clock clock;
    private final Retrier retrier;
    private final DpopProofs dpop;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Cached cached;

    /**
     * @param discovery   platform metadata
     * @param credentials agency credentials
     * @param scope       scopes to ask for
     * @param http        HTTP client
     * @param clock       clock for expiry
     * @param retrier     retry loop
     * @param dpop        DPoP proofs, used when the platform offers DPoP
     */
    public MachineTokens(PlatformDiscovery discovery, AgencyCredentials credentials, Scope scope, OkHttpClient http,
                         Clock clock, Retrier retrier, DpopProofs dpop) {
        this.discovery = discovery;
        this.credentials = credentials;
        this.scope = scope;
        this.http = http;
        this.clock = clock;
        this.retrier = retrier;
        this.dpop = dpop;
    }

    /** A valid token, from the cache when it is not about to expire. */
    public AccessToken get() {
        Cached c = cached;
        if (c != null && clock.instant().isBefore(c.refreshAt())) {
            return c.token();
        }
        lock.lock();
        try {
            c = cached;
            if (c != null && clock.instant().isBefore(c.refreshAt())) {
                return c.token();
            }
            c = fetch();
            cached = c;
            return c.token();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops a token the platform refused, unless another caller already replaced it.
     *
     * @param token the refused token
     */
    public void invalidate(AccessToken token) {
        lock.lock();
        try {
            if (cached != null && cached.token().equals(token)) {
                cached = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private Cached fetch() {
        PlatformMetadata md = discovery.metadata();
        URI tokenEndpoint = md.tokenEndpoint();
        boolean useDpop = md.supportsDpop();
        HttpUrl url = HttpUrl.get(tokenEndpoint.toString());
        String requestId = UUID.randomUUID().toString();
        Retrier.Result result = retrier.run("token request", true, () -> {
            RawResponse r = send(url, tokenEndpoint, useDpop, requestId);
            if (useDpop && dpop.tokenEndpointAskedForNonce(url, r.status(), new String(r.body(), StandardCharsets.UTF_8),
                    r.header("dpop-nonce"))) {
                r = send(url, tokenEndpoint, true, requestId);
            }
            return r;
        });
        RawResponse r = result.response();
        TokenResponse parsed;
        try {
            HTTPResponse hr = new HTTPResponse(r.status());
            String ct = r.header("content-type");
            if (ct != null) {
                hr.setHeader("Content-Type", ct);
            }
            hr.setBody(new String(r.body(), StandardCharsets.UTF_8));
            parsed = TokenResponse.parse(hr);
        } catch (ParseException | RuntimeException e) {
            if (r.status() >= 400) {
                throw new PlatformException(HttpSupport.problem(r.status(), r.header("content-type"),
                        r.body(), requestId)).withNumAttempts(result.attempts());
            }
            throw new InvalidPlatformResponseException("Token endpoint answer is not a valid token"
                    + " response", r.status(), e).withNumAttempts(result.attempts());
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject err = parsed.toErrorResponse().getErrorObject();
            String code = err.getCode() == null ? "http." + r.status() : "oauth." + err.getCode();
            throw new PlatformException(new PlatformProblem(null, "Token request refused",
                    r.status(), err.getDescription(), code, requestId, Map.of())).withNumAttempts(result.attempts());
        }
        AccessToken token = ((AccessTokenResponse) parsed).getTokens().getAccessToken();
        return new Cached(token, refreshAt(token));
    }

    private RawResponse send(HttpUrl url, URI tokenEndpoint, boolean useDpop, String requestId) throws IOException {
        com.nimbusds.oauth2.sdk.http.HTTPRequest h = new TokenRequest(tokenEndpoint,
                ClientAuth.forRequest(discovery.metadata(), credentials, tokenEndpoint), new ClientCredentialsGrant(), scope)
                .toHTTPRequest();
        String form = h.getBody();
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(form.getBytes(StandardCharsets.UTF_8), FORM))
                .header("X-Request-Id", requestId).header("Accept", "application/json");
        if (h.getAuthorization() != null) {
            rb.header("Authorization", h.getAuthorization());
        }
        if (useDpop) {
            rb.header("DPoP", dpop.proof("POST", url, null));
        }
        try (Response resp = http.newCall(rb.build()).execute()) {
            RawResponse raw = new RawResponse(resp.code(), HttpSupport.headerMap(resp.headers()),
                    HttpSupport.readLimited(resp.body(), resp.code()));
            if (useDpop && raw.status() != 400) {
                dpop.learnNonce(url, raw.header("dpop-nonce"));
            }
            return raw;
        }
    }

    private Instant refreshAt(AccessToken token) {
        Instant now = clock.instant();
        Duration lifetime = token.getLifetime() > 0 ? Duration.ofSeconds(token.getLifetime()) : null;
        if (lifetime == null) {
            try {
                Date exp = JWTParser.parse(token.getValue()).getJWTClaimsSet().getExpirationTime();
                lifetime = exp == null ? DEFAULT_LIFETIME : Duration.between(now, exp.toInstant());
            } catch (java.text.ParseException e) {
                lifetime = DEFAULT_LIFETIME;
            }
        }
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        return now.plus(lifetime).minus(margin);
    }
}
