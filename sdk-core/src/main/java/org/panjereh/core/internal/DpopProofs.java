package org.panjereh.core.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.panjereh.core.PanjerehConfigurationException;

/**
 * DPoP proofs (RFC 9449) with an ephemeral P-256 key per client instance, and the server nonces
 * learnt from {@code DPoP-Nonce} headers, kept per origin. Nimbus makes the proofs; it neither stores
 * nor retries on nonces, which is what this class adds.
 */
public final class DpopProofs {

    private final DefaultDPoPProofFactory factory;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();

    /** Creates a fresh key pair. */
    public DpopProofs() {
        try {
            factory = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new PanjerehConfigurationException("Cannot create a DPoP key", e);
        }
    }

    /**
     * A proof for one request.
     *
     * @param method HTTP method
     * @param url    target URL (query and fragment are dropped, as RFC 9449 requires)
     * @param token  the access token it accompanies, or {@code null} at the token endpoint
     * @return the compact JWS
     */
    public String proof(String method, HttpUrl url, AccessToken token) {
        URI htu = URI.create(url.newBuilder().query(null).fragment(null).build().toString());
        String n = nonces.get(origin(url));
        try {
            return factory.createDPoPJWT(method, htu, token, n == null ? null : new Nonce(n)).serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("DPoP proof signing failed", e);
        }
    }

    /**
     * @return the RFC 7638 thumbprint of this instance's public key, for {@code dpop_jkt} (RFC 9449 §10)
     */
    public com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation keyThumbprint() {
        try {
            return com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation.of(factory.getPublicJWK());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the DPoP key's thumbprint", e);
        }
    }

    /**
     * Remembers a nonce the server sent.
     *
     * @param url   the URL that answered
     * @param nonce the {@code DPoP-Nonce} value, or {@code null}
     * @return whether the nonce is new
     */
    public boolean learnNonce(HttpUrl url, String nonce) {
        if (nonce == null || nonce.isBlank() || nonce.length() > 512) {
            return false;
        }
        return !nonce.equals(nonces.put(origin(url), nonce));
    }

    private static String origin(HttpUrl url) {
        return url.scheme() + "://" + url.host() + ":" + url.port();
    }
}
