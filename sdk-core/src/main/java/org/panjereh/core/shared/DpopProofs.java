package org.panjereh.core.shared;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.panjereh.core.PanjerehConfigurationException;

/**
 * DPoP proofs (RFC 9449) with an ephemeral P-256 key per client instance, and the server nonces
 * learnt from {@code DPoP-Nonce} headers, kept per origin. Nimbus builds the proofs; it neither stores
 * nor retries on nonces, which is what this class adds.
 */
public final class DpopProofs {

    private final com.nimbusds.jose.jwk.ECKey publicJwk;
    private final com.nimbusds.jose.JWSSigner signer;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();

    /** Creates a fresh key pair. */
    public DpopProofs() {
        try {
            com.nimbusds.jose.jwk.ECKey generated = new ECKeyGenerator(Curve.P_256).generate();
            publicJwk = generated.toPublicJWK();
            // Every platform call carries a proof: signed by Es256 (Bouncy Castle, the curve's tables kept), several
            // times cheaper than Nimbus' factory on the JCA (docs/BENCHMARKS.md).
            signer = Es256.signer(generated.toECPrivateKey());
        } catch (JOSEException e) {
            throw new PanjerehConfigurationException("Cannot create a DPoP key", e);
        }
    }

    /**
     * A proof for one request: what Nimbus' {@code DefaultDPoPProofFactory} makes (typ {@code dpop+jwt}, the public
     * key in {@code jwk}, a 12-byte {@code jti}, htm, htu, iat, ath, nonce).
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
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.ES256)
                    .type(com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory.TYPE).jwk(publicJwk).build(),
                    com.nimbusds.oauth2.sdk.dpop.DPoPUtils.createJWTClaimsSet(new com.nimbusds.oauth2.sdk.id.JWTID(12), method,
                            htu, new java.util.Date(), token, n == null ? null : new Nonce(n)));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("DPoP proof signing failed", e);
        }
    }

    /**
     * @return the RFC 7638 thumbprint of this instance's public key, for {@code dpop_jkt} (RFC 9449 §10)
     */
    public com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation keyThumbprint() {
        try {
            return com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation.of(publicJwk);
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

    /**
     * Whether a token endpoint's answer asks for its nonce (RFC 9449 §8: {@code 400} with error
     * {@code use_dpop_nonce} and a {@code DPoP-Nonce} header); the nonce is learnt either way. One more request, with
     * a fresh proof, is then worth making once.
     *
     * @param url         the endpoint
     * @param status      the answer's status
     * @param body        the answer's body, or {@code null}
     * @param nonceHeader its {@code DPoP-Nonce} header, or {@code null}
     * @return whether to send the request once more
     */
    public boolean tokenEndpointAskedForNonce(HttpUrl url, int status, String body, String nonceHeader) {
        learnNonce(url, nonceHeader);
        return status == 400 && body != null && body.contains("use_dpop_nonce") && holds(url, nonceHeader);
    }

    /**
     * Whether a resource server's answer asks for its nonce (RFC 9449 §9: {@code 401} with
     * {@code WWW-Authenticate: DPoP error="use_dpop_nonce"} and a {@code DPoP-Nonce} header); the nonce is learnt
     * either way.
     *
     * @param url             the resource
     * @param status          the answer's status
     * @param wwwAuthenticate its {@code WWW-Authenticate} header, or {@code null}
     * @param nonceHeader     its {@code DPoP-Nonce} header, or {@code null}
     * @return whether to send the request once more
     */
    public boolean resourceAskedForNonce(HttpUrl url, int status, String wwwAuthenticate, String nonceHeader) {
        learnNonce(url, nonceHeader);
        return status == 401 && wwwAuthenticate != null
                && wwwAuthenticate.toLowerCase(java.util.Locale.ROOT).contains("use_dpop_nonce")
                && holds(url, nonceHeader);
    }

    /** Whether the next proof to this origin carries this nonce (false when it was refused as unusable). */
    private boolean holds(HttpUrl url, String nonce) {
        return nonce != null && nonce.equals(nonces.get(origin(url)));
    }

    private static String origin(HttpUrl url) {
        return url.scheme() + "://" + url.host() + ":" + url.port();
    }
}
