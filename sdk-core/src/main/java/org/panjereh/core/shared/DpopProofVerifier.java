package org.panjereh.core.shared;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DPoPUtils;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProofContext;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProofUse;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPNonceException;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.util.URIUtils;
import com.nimbusds.oauth2.sdk.util.singleuse.SingleUseChecker;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.security.Key;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * DPoP proof checks (RFC 9449 §4.3, §7.1) as Nimbus' {@code DPoPTokenRequestVerifier} and
 * {@code DPoPProtectedResourceRequestVerifier} make them — the same type check, key selection from the {@code jwk}
 * header, claims checks (htm, htu, iat window, jti once, nonce, ath) and token and key bindings, on Nimbus' own
 * processor and claims verifier — with the signature checked on Bouncy Castle: Nimbus' verifiers build their
 * processor on the JDK's provider and keep its parts package-private, so there is no way to change it, and every platform
 * API call carries a proof, so at about 0.6 ms of CPU each the JDK's ECDSA was most of what an exchange inquiry cost
 * the platform (docs/BENCHMARKS.md). Proof keys are the client's own, so they are converted per proof, not cached.
 */
public final class DpopProofVerifier {

    private final Set<JWSAlgorithm> algorithms;
    private final long maxClockSkewSeconds;
    private final long maxAgeSeconds;
    private final SingleUseChecker<DPoPProofUse> replays;

    /**
     * @param algorithms          accepted proof algorithms
     * @param maxClockSkewSeconds how far {@code iat} may be in the future
     * @param maxAgeSeconds       how old {@code iat} may be
     * @param replays             where each proof's {@code jti} is seen once
     */
    public DpopProofVerifier(Set<JWSAlgorithm> algorithms, long maxClockSkewSeconds, long maxAgeSeconds,
                             SingleUseChecker<DPoPProofUse> replays) {
        this.algorithms = Set.copyOf(algorithms);
        this.maxClockSkewSeconds = maxClockSkewSeconds;
        this.maxAgeSeconds = maxAgeSeconds;
        this.replays = replays;
    }

    /**
     * A proof sent to a token endpoint.
     *
     * @param endpoint the token endpoint's URL
     * @param issuer   the client
     * @param proof    the proof
     * @param nonces   the nonces accepted now, or {@code null} when none is required
     * @return the thumbprint of the proof's key, to bind the token to
     * @throws InvalidDPoPProofException when the proof fails a check ({@link InvalidDPoPNonceException} for the nonce)
     */
    public JWKThumbprintConfirmation verifyTokenRequest(URI endpoint, DPoPIssuer issuer, SignedJWT proof, Set<Nonce> nonces)
            throws InvalidDPoPProofException {
        process("POST", endpoint, issuer, proof, false, nonces);
        try {
            return JWKThumbprintConfirmation.of(proof.getHeader().getJWK());
        } catch (JOSEException e) {
            throw new InvalidDPoPProofException("Invalid DPoP proof: " + e.getMessage(), e);
        }
    }

    /**
     * A proof sent with a DPoP-bound access token.
     *
     * @param method the request's method
     * @param uri    the request's URL (query and fragment are ignored)
     * @param issuer the client
     * @param proof  the proof
     * @param token  the access token it accompanies ({@code ath})
     * @param cnf    the key thumbprint the token is bound to
     * @param nonces the nonces accepted now, or {@code null} when none is required
     * @throws InvalidDPoPProofException     when the proof fails a check ({@link InvalidDPoPNonceException} for the nonce)
     * @throws AccessTokenValidationException when the proof is for another token or key
     */
    public void verifyResourceRequest(String method, URI uri, DPoPIssuer issuer, SignedJWT proof, DPoPAccessToken token,
                                      JWKThumbprintConfirmation cnf, Set<Nonce> nonces)
            throws InvalidDPoPProofException, AccessTokenValidationException {
        DPoPProofContext ctx = process(method, uri, issuer, proof, true, nonces);
        try {
            if (!DPoPUtils.computeSHA256(token).equals(ctx.getAccessTokenHash())) {
                throw new AccessTokenValidationException("The access token hash doesn't match the DPoP proof ath claim");
            }
            if (!proof.getHeader().getJWK().computeThumbprint().equals(cnf.getValue())) {
                throw new AccessTokenValidationException("The DPoP proof JWK doesn't match the JWK SHA-256 thumbprint confirmation");
            }
        } catch (JOSEException e) {
            throw new InvalidDPoPProofException("Invalid DPoP proof: " + e.getMessage(), e);
        }
    }

    private DPoPProofContext process(String method, URI uri, DPoPIssuer issuer, SignedJWT proof, boolean requireAth,
                                     Set<Nonce> nonces) throws InvalidDPoPProofException {
        DefaultJWTProcessor<DPoPProofContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(DPoPProofFactory.TYPE));
        p.setJWSKeySelector(this::proofKey);
        p.setJWSVerifierFactory(FastJwsVerifiers.CLIENT_KEYS);
        p.setJWTClaimsSetVerifier(new ProofClaims(URIUtils.getBaseURI(uri), method, nonces, requireAth));
        DPoPProofContext ctx = new DPoPProofContext(issuer);
        try {
            p.process(proof, ctx);
        } catch (BadJOSEException | JOSEException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("nonce")) {
                throw new InvalidDPoPNonceException("Invalid DPoP proof: " + why, e);
            }
            throw new InvalidDPoPProofException("Invalid DPoP proof: " + why, e);
        }
        return ctx;
    }

    /** The key in the proof's own {@code jwk} header (never a private one: Nimbus refuses those when parsing). */
    private List<Key> proofKey(JWSHeader header, DPoPProofContext ctx) throws KeySourceException {
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new KeySourceException("JWS header algorithm not accepted: " + header.getAlgorithm());
        }
        JWK jwk = header.getJWK();
        if (jwk == null) {
            throw new KeySourceException("Missing JWS jwk header parameter");
        }
        try {
            if (JWSAlgorithm.Family.EC.contains(header.getAlgorithm()) && jwk instanceof ECKey ec) {
                return List.of(ec.toECPublicKey());
            }
            if (JWSAlgorithm.Family.RSA.contains(header.getAlgorithm()) && jwk instanceof RSAKey rsa) {
                return List.of(rsa.toRSAPublicKey());
            }
        } catch (JOSEException e) {
            throw new KeySourceException("Invalid JWK: " + e.getMessage(), e);
        }
        throw new KeySourceException("JWS header alg / jwk mismatch: alg=" + header.getAlgorithm() + " jwk.kty="
                + jwk.getKeyType());
    }

    /**
     * The proof's claims (RFC 9449 §4.3): htm and htu exactly, jti and iat present, iat neither older than the max
     * age nor further ahead than the skew, the nonce one of those accepted (and none when none is asked), ath present
     * with a token, and each jti used once per client.
     */
    private final class ProofClaims extends DefaultJWTClaimsVerifier<DPoPProofContext> {

        private final Set<Nonce> nonces;

        ProofClaims(URI htu, String htm, Set<Nonce> nonces, boolean requireAth) {
            super(null, new JWTClaimsSet.Builder().claim("htm", htm).claim("htu", htu.toString()).build(),
                    required(nonces != null && !nonces.isEmpty(), requireAth),
                    nonces == null || nonces.isEmpty() ? Set.of("nonce") : Set.of());
            this.nonces = nonces;
        }

        private static Set<String> required(boolean nonce, boolean ath) {
            Set<String> r = new java.util.HashSet<>(List.of("jti", "iat"));
            if (nonce) {
                r.add("nonce");
            }
            if (ath) {
                r.add("ath");
            }
            return r;
        }

        @Override
        public void verify(JWTClaimsSet claims, DPoPProofContext ctx) throws BadJWTException {
            ctx.setJWTClaimsSet(claims);
            super.verify(claims, ctx);
            long now = System.currentTimeMillis();
            Date iat = claims.getIssueTime();
            if (iat.before(new Date(now - maxAgeSeconds * 1000L))) {
                throw new BadJWTException("DPoP proof iat too old (>" + maxAgeSeconds + "s)");
            }
            if (iat.after(new Date(now + maxClockSkewSeconds * 1000L))) {
                throw new BadJWTException("DPoP proof iat too far in future (>" + maxClockSkewSeconds + "s)");
            }
            if (nonces != null && !nonces.isEmpty()) {
                Nonce n;
                try {
                    n = new Nonce(claims.getStringClaim("nonce"));
                } catch (java.text.ParseException | IllegalArgumentException e) {
                    throw new BadJWTException("Illegal JWT nonce claim");
                }
                if (!nonces.contains(n)) {
                    throw new BadJWTException("JWT nonce claim value rejected");
                }
            }
            if (replays != null) {
                try {
                    replays.markAsUsed(new DPoPProofUse(ctx.getIssuer(), new JWTID(claims.getJWTID()), maxAgeSeconds));
                } catch (com.nimbusds.oauth2.sdk.util.singleuse.AlreadyUsedException e) {
                    throw new BadJWTException("The jti was already used in the past " + maxAgeSeconds + " seconds");
                }
            }
            if (getRequiredClaims().contains("ath")) {
                try {
                    String ath = claims.getStringClaim("ath");
                    if (ath == null || ath.isBlank()) {
                        throw new BadJWTException("Missing JWT ath claim");
                    }
                    ctx.setAccessTokenHash(new Base64URL(ath));
                } catch (java.text.ParseException e) {
                    throw new BadJWTException("Illegal JWT ath claim", e);
                }
            }
        }
    }
}
