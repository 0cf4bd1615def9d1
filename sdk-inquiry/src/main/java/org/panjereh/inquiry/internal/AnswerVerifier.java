package org.panjereh.inquiry.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import org.panjereh.core.shared.FastJwsVerifiers;

/**
 * Checks {@code X-Response-Signature}: a JWS with detached payload (RFC 7515 appendix F) over the exact
 * answer bytes, ES256 or PS256 only, by a key of the platform's JWKS. Nothing is parsed before this passes.
 */
public final class AnswerVerifier {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);

    private final JWKSource<SecurityContext> keys;
    /** Verifiers by key: building one converts the JWK and checks the point, work worth doing once. */
    private final java.util.Map<JWK, JWSVerifier> verifiers = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param keys the platform's keys */
    public AnswerVerifier(JWKSource<SecurityContext> keys) {
        this.keys = keys;
    }

    /**
     * Verifies a signature over a body.
     *
     * @param body      the exact bytes received
     * @param signature the header value, or {@code null}
     * @return {@code null} when it verifies, otherwise why not
     */
    public String check(byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return "the answer carries no X-Response-Signature";
        }
        if (signature.length() > 8192) {
            return "the signature is too long";
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(signature.strip(), new Payload(body));
        } catch (ParseException e) {
            return "the signature is not a detached JWS";
        }
        if (!ALLOWED.contains(jws.getHeader().getAlgorithm())) {
            return "the signature uses " + jws.getHeader().getAlgorithm() + ", not ES256 or PS256";
        }
        List<JWK> candidates;
        try {
            candidates = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(jws.getHeader())), null);
        } catch (KeySourceException e) {
            return "the platform's keys could not be fetched";
        }
        for (JWK k : candidates) {
            try {
                JWSVerifier v = verifiers.get(k);
                if (v == null) {
                    // Bouncy Castle verifies P-256 about five times faster than the JDK 17 provider (BENCHMARKS.md).
                    v = FastJwsVerifiers.INSTANCE.createJWSVerifier(jws.getHeader(), ((AsymmetricJWK) k).toPublicKey());
                    if (verifiers.size() > 64) {
                        verifiers.clear();
                    }
                    verifiers.put(k, v);
                }
                if (jws.verify(v)) {
                    return null;
                }
            } catch (JOSEException | ClassCastException | IllegalStateException e) {
                // try the next candidate
            }
        }
        return candidates.isEmpty() ? "no platform key matches the signature" : "the signature does not verify";
    }
}
