package org.panjereh.sso;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPIssuer;
import com.nimbusds.oauth2.sdk.dpop.verifiers.InvalidDPoPProofException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.URI;
import org.panjereh.sso.internal.DpopNonces;
import org.panjereh.sso.internal.DpopReplays;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.shared.FastJwsVerifiers;

/**
 * Verifies the platform's access tokens (RFC 9068 JWTs) presented to an agency's API, once per token: the
 * signature by a platform key (on Bouncy Castle, about ten times faster than the JDK's ECDSA), the type
 * {@code at+jwt} (or {@code JWT}), the issuer, {@code iat} and {@code exp}; a verified token is then kept
 * until it expires, so later calls with it cost a digest and a map lookup.
 *
 * <pre>{@code
 * AccessTokenVerifier tokens = AccessTokenVerifier.builder(discovery).build();
 * AccessTokenVerifier.VerifiedToken t = tokens.verify(bearer);   // LoginException INVALID_ACCESS_TOKEN if not
 * }</pre>
 *
 * <p>The cache is keyed by the SHA-256 digest of the token, never the token; it holds at most
 * {@link Builder#maxEntries(int)} entries, each softly so the JVM may drop them under memory pressure, and
 * drops an entry at its {@code exp}. Expiry is checked on every call, cached or not; a token that fails is
 * never cached, so it is refused on the first request and on every later one. The checks that depend on
 * the request (audience or {@code client_id}, the channel, the level of assurance) stay with the caller.
 * A session revoked at the platform keeps a token working here until the token expires (platform access
 * tokens live minutes) or its entry is evicted, exactly as a stateless check without a cache would.
 *
 * <p>A token bound to a DPoP key (its {@code cnf.jkt}, RFC 9449) is accepted only with a proof of that key:
 * {@link #verifyDpop} checks the proof on every request (method, URL, the token's hash, the key, its age, no replay,
 * and the server's nonce when {@link Builder#requireDpopNonce(boolean)} is on); {@link #verify} refuses such a token
 * presented as a bearer token.
 */
public final class AccessTokenVerifier {

    private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);
    private static final int MAX_TOKEN = 16 * 1024;

    /**
     * A verified token.
     *
     * @param subject   {@code sub}
     * @param expiresAt {@code exp}
     * @param claims    every claim
     */
    public record VerifiedToken(String subject, Instant expiresAt, JWTClaimsSet claims) {
    }

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Clock clock;
    private final Duration skew;
    private final int maxEntries;
    private final Map<String, SoftReference<VerifiedToken>> cache = new ConcurrentHashMap<>();
    private final org.panjereh.core.shared.DpopProofVerifier dpop;
    private final DpopNonces nonces;

    private AccessTokenVerifier(Builder b) {
        this.clock = b.clock;
        this.nonces = new DpopNonces(b.requireDpopNonce, b.clock);
        this.dpop = new org.panjereh.core.shared.DpopProofVerifier(ALGS, b.skew.toSeconds(), b.skew.toSeconds() + 60,
                new DpopReplays(b.clock, b.skew.multipliedBy(2).plusSeconds(60)));
        this.skew = b.skew;
        this.maxEntries = b.maxEntries;
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"), JOSEObjectType.JWT,
                null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGS, b.discovery.jwkSource()));
        processor.setJWSVerifierFactory(FastJwsVerifiers.INSTANCE);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null,
                new JWTClaimsSet.Builder().issuer(b.discovery.metadata().issuer().toString()).build(),
                new HashSet<>(Set.of("sub", "exp", "iat"))) {
            @Override
            protected java.util.Date currentTime() {
                return java.util.Date.from(clock.instant()); // exp and nbf against the clock given, as below
            }
        };
        claims.setMaxClockSkew((int) skew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * @param discovery the platform (its issuer and keys)
     * @return a builder
     */
    public static Builder builder(PlatformDiscovery discovery) {
        return new Builder(discovery);
    }

    /**
     * Verifies a token, from the cache when it was verified before.
     *
     * @param token the compact JWT (without {@code Bearer })
     * @return what it says
     * @throws LoginException {@code INVALID_ACCESS_TOKEN} when it does not verify or has expired
     */
    public VerifiedToken verify(String token) {
        VerifiedToken t = verifyToken(token);
        if (jkt(t) != null) {
            throw refused("a DPoP-bound token was presented as a bearer token (RFC 9449 §7.2)", null);
        }
        return t;
    }

    /**
     * Verifies a DPoP-bound token with its proof (RFC 9449 §7): the token as {@link #verify} does, then the proof, on
     * every request: signed ES256 or PS256 by the key whose thumbprint the token's {@code cnf.jkt} names, {@code htm}
     * and {@code htu} this request's, {@code ath} this token's hash, {@code iat} within the clock skew, its
     * {@code jti} never seen before, and the server's nonce when required.
     *
     * @param token  the token (after {@code DPoP })
     * @param proof  the {@code DPoP} header's value
     * @param method the request's method
     * @param uri    the request's URL as the client addressed it (query and fragment are ignored)
     * @return what the token says
     * @throws LoginException {@code INVALID_ACCESS_TOKEN} for the token, {@code INVALID_DPOP_PROOF} for the proof,
     *                        {@code USE_DPOP_NONCE} when the proof lacks the current nonce ({@link #dpopNonce()})
     */
    public VerifiedToken verifyDpop(String token, String proof, String method, URI uri) {
        VerifiedToken t = verifyToken(token);
        String jkt = jkt(t);
        if (jkt == null) {
            throw refused("the token is not bound to a DPoP key: send it as a bearer token", null);
        }
        if (proof == null || proof.isEmpty() || proof.length() > MAX_TOKEN) {
            throw new LoginException(LoginException.Reason.INVALID_DPOP_PROOF, "no DPoP proof", null);
        }
        Object clientId = t.claims().getClaim("client_id");
        try {
            URI htu = new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), null, null);
            dpop.verifyResourceRequest(method, htu, new DPoPIssuer(new ClientID(clientId == null ? "unknown" : clientId.toString())),
                    SignedJWT.parse(proof), new DPoPAccessToken(token), new JWKThumbprintConfirmation(new Base64URL(jkt)),
                    nonces.required() ? nonces.valid() : null);
        } catch (java.text.ParseException | java.net.URISyntaxException e) {
            throw new LoginException(LoginException.Reason.INVALID_DPOP_PROOF, "the DPoP proof is not a signed JWT", e);
        } catch (InvalidDPoPProofException e) {
            String why = String.valueOf(e.getMessage());
            if (nonces.required() && why.toLowerCase(java.util.Locale.ROOT).contains("nonce")) {
                throw new LoginException(LoginException.Reason.USE_DPOP_NONCE, "the DPoP proof lacks the current nonce", e);
            }
            throw new LoginException(LoginException.Reason.INVALID_DPOP_PROOF, why, e);
        } catch (com.nimbusds.oauth2.sdk.dpop.verifiers.AccessTokenValidationException e) {
            throw new LoginException(LoginException.Reason.INVALID_DPOP_PROOF, "the proof is for another token or key", e);
        }
        return t;
    }

    /**
     * @return the nonce DPoP proofs must carry now, for the {@code DPoP-Nonce} header of answers (RFC 9449 §9);
     *         empty unless {@link Builder#requireDpopNonce(boolean)} is on
     */
    public java.util.Optional<String> dpopNonce() {
        return nonces.required() ? java.util.Optional.of(nonces.current()) : java.util.Optional.empty();
    }

    private static String jkt(VerifiedToken t) {
        Object cnf = t.claims().getClaim("cnf");
        return cnf instanceof Map<?, ?> m && m.get("jkt") instanceof String j ? j : null;
    }

    private VerifiedToken verifyToken(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            throw refused("no token, or longer than 16 KiB", null);
        }
        String key = digest(token);
        SoftReference<VerifiedToken> ref = cache.get(key);
        VerifiedToken known = ref == null ? null : ref.get();
        Instant now = clock.instant();
        if (known != null) {
            if (now.isAfter(known.expiresAt().plus(skew))) {
                cache.remove(key);
                throw refused("expired", null);
            }
            return known;
        }
        VerifiedToken fresh = verifyNow(token, now);
        if (maxEntries > 0) {
            if (cache.size() >= maxEntries) {
                evict(now);
            }
            cache.put(key, new SoftReference<>(fresh));
        }
        return fresh;
    }

    /** @return how many verified tokens are kept now */
    public int cachedTokens() {
        return cache.size();
    }

    private VerifiedToken verifyNow(String token, Instant now) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(SignedJWT.parse(token), null);
        } catch (java.text.ParseException e) {
            throw refused("not a signed JWT", e);
        } catch (BadJOSEException | JOSEException e) {
            throw refused(e.getMessage(), e);
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (now.isAfter(exp.plus(skew))) {
            throw refused("expired", null);
        }
        if (claims.getIssueTime().toInstant().isAfter(now.plus(skew))) {
            throw refused("iat is in the future", null);
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(skew))) {
            throw refused("not valid yet", null);
        }
        return new VerifiedToken(claims.getSubject(), exp, claims);
    }

    /** Drops expired and collected entries; if that is not enough, starts over (verification is only a cost). */
    private void evict(Instant now) {
        cache.values().removeIf(r -> {
            VerifiedToken t = r.get();
            return t == null || now.isAfter(t.expiresAt().plus(skew));
        });
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
    }

    private static LoginException refused(String why, Throwable cause) {
        return new LoginException(LoginException.Reason.INVALID_ACCESS_TOKEN, why, cause);
    }

    private static String digest(String token) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Builder of {@link AccessTokenVerifier}. */
    public static final class Builder {
        private final PlatformDiscovery discovery;
        private Clock clock = Clock.systemUTC();
        private Duration skew = Duration.ofSeconds(60);
        private int maxEntries = 10_000;
        private boolean requireDpopNonce;

        private Builder(PlatformDiscovery discovery) {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
        }

        /** @param c the clock for {@code exp}, {@code iat} and {@code nbf}; default the system's */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** @param d the clock skew tolerated; default 60 s, at most 5 minutes */
        public Builder clockSkew(Duration d) {
            if (d.isNegative() || d.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new PanjerehConfigurationException("clock skew must be between 0 and 5 minutes");
            }
            this.skew = d;
            return this;
        }

        /** @param n the most verified tokens kept; default 10 000 (0 turns the cache off) */
        public Builder maxEntries(int n) {
            if (n < 0) {
                throw new PanjerehConfigurationException("maxEntries must not be negative");
            }
            this.maxEntries = n;
            return this;
        }

        /**
         * @param on require DPoP proofs to carry this verifier's nonce (RFC 9449 §9), which it changes every five minutes
         *           (the previous one stays valid); default off
         * @return this builder
         */
        public Builder requireDpopNonce(boolean on) {
            this.requireDpopNonce = on;
            return this;
        }

        /** @return the verifier */
        public AccessTokenVerifier build() {
            return new AccessTokenVerifier(this);
        }
    }
}
