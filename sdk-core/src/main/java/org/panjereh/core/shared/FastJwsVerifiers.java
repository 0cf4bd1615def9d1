package org.panjereh.core.shared;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.internal.KeyFiles;

/**
 * The one place every module gets its JWS verifiers: Nimbus' own, on Bouncy Castle's provider, with each
 * public key converted to a Bouncy Castle key once and its verifier kept. JDK 17's SunEC checks an ES256
 * signature in about 0.6 ms of CPU; Bouncy Castle with a key it built itself in about 60 µs
 * (docs/BENCHMARKS.md). Used for ID tokens, logout tokens, access tokens, DPoP proofs and exchange answers:
 * plug it into a Nimbus processor with {@code setJWSVerifierFactory(FastJwsVerifiers.INSTANCE)}.
 */
public final class FastJwsVerifiers implements JWSVerifierFactory {

    /** The shared instance, for the platform's and agencies' published keys: each converted once and kept. */
    public static final FastJwsVerifiers INSTANCE = new FastJwsVerifiers(true);

    /**
     * For keys a client brings with each message (DPoP proofs): converted per message and not kept, so that many
     * clients' keys neither grow the cache nor push the platform's keys out of it.
     */
    public static final FastJwsVerifiers CLIENT_KEYS = new FastJwsVerifiers(false);

    /** A platform has a handful of keys; more than this means key churn, and the cache starts over. */
    private static final int MAX_KEYS = 256;

    private final Map<VerifierKey, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    private record VerifierKey(JWSAlgorithm alg, PublicKey key) {
    }

    private final boolean keep;

    private FastJwsVerifiers(boolean keep) {
        this.keep = keep;
    }

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        if (!(key instanceof PublicKey pk)) {
            return Delegate.FACTORY.createJWSVerifier(header, key); // HMAC secrets: nothing to convert
        }
        VerifierKey k = new VerifierKey(header.getAlgorithm(), pk);
        JWSVerifier v = keep ? verifiers.get(k) : null;
        if (v == null) {
            try {
                // ES256 on Bouncy Castle's lightweight API (Es256); other algorithms through Nimbus on its provider.
                v = JWSAlgorithm.ES256.equals(header.getAlgorithm()) && Es256.isP256(pk)
                        ? Es256.verifier((java.security.interfaces.ECPublicKey) pk)
                        : Delegate.FACTORY.createJWSVerifier(header, KeyFiles.bouncyCastle(pk));
            } catch (IllegalArgumentException e) {
                throw new JOSEException("The key is not a point on P-256", e);
            } catch (GeneralSecurityException e) {
                throw new JOSEException("The key cannot be used with Bouncy Castle: " + e.getMessage(), e);
            }
            if (keep) {
                if (verifiers.size() >= MAX_KEYS) {
                    verifiers.clear();
                }
                verifiers.put(k, v);
            }
        }
        return v;
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return DefaultJWSVerifierFactory.SUPPORTED_ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
        return Delegate.FACTORY.getJCAContext();
    }

    /** Nimbus' verifiers on Bouncy Castle's provider, for what is not ES256; made only when first needed. */
    private static final class Delegate {
        static final DefaultJWSVerifierFactory FACTORY = new DefaultJWSVerifierFactory();

        static {
            FACTORY.getJCAContext().setProvider(KeyFiles.bc());
        }
    }
}
