package org.panjereh.core.internal;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.shared.HttpSupport;

/**
 * The platform's keys: Nimbus's {@link JWKSourceBuilder} stack (cache, refresh on unknown {@code kid},
 * rate limit, retry) over the current {@code jwks_uri}, fetched with our OkHttp client. When no key
 * matches even after that refresh, discovery is refreshed once in case {@code jwks_uri} moved.
 */
public final class PlatformJwkSource implements JWKSource<SecurityContext> {

    private record Current(URI uri, JWKSource<SecurityContext> source) {
    }

    private final PlatformDiscovery discovery;
    private final ResourceRetriever retriever;
    private volatile Current current;

    /**
     * @param discovery where {@code jwks_uri} comes from
     * @param http      HTTP client
     */
    public PlatformJwkSource(PlatformDiscovery discovery, OkHttpClient http) {
        this.discovery = discovery;
        this.retriever = new OkHttpRetriever(http);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        List<JWK> keys = sourceFor(discovery.metadata().jwksUri()).get(selector, context);
        if (keys.isEmpty() && discovery.refresh()) {
            URI uri = discovery.metadata().jwksUri();
            if (!uri.equals(current.uri())) {
                keys = sourceFor(uri).get(selector, context);
            }
        }
        return keys;
    }

    private JWKSource<SecurityContext> sourceFor(URI uri) {
        Current c = current;
        if (c != null && c.uri().equals(uri)) {
            return c.source();
        }
        synchronized (this) {
            c = current;
            if (c == null || !c.uri().equals(uri)) {
                try {
                    c = new Current(uri, JWKSourceBuilder.<SecurityContext>create(uri.toURL(), retriever)
                            .cache(15 * 60_000L, 15_000L).rateLimited(10_000L).retrying(true).build());
                } catch (MalformedURLException | IllegalArgumentException e) {
                    throw new org.panjereh.core.InvalidPlatformResponseException("jwks_uri is not a URL", 200, e);
                }
                current = c;
            }
            return c.source();
        }
    }

    /** Fetches JWKS documents with OkHttp, bounded in size. */
    private static final class OkHttpRetriever implements ResourceRetriever {
        private final OkHttpClient http;

        OkHttpRetriever(OkHttpClient http) {
            this.http = http;
        }

        @Override
        public Resource retrieveResource(URL url) throws IOException {
            Request req = new Request.Builder().url(url).get().header("Accept", "application/json").build();
            try (Response resp = http.newCall(req).execute()) {
                if (resp.code() != 200) {
                    throw new IOException("JWKS answered HTTP " + resp.code());
                }
                byte[] body = HttpSupport.readLimited(resp.body(), resp.code());
                return new Resource(new String(body, StandardCharsets.UTF_8), resp.header("Content-Type"));
            }
        }
    }
}
