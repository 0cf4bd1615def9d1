package org.panjereh.inquiry.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.panjereh.core.shared.FastJwsVerifiers;

/**
 * Checks the token the exchange puts on every call it forwards to a provider (contract section 12): a JWT signed
 * ES256 or PS256 by a key of the platform's JWKS, {@code iss} the platform, {@code aud} this agency, {@code sub} the
 * consumer named in {@code X-Client-Agency}, {@code purpose} as {@code X-Purpose}, {@code service} this service,
 * at most 60 s between {@code iat} and {@code exp}, not expired (60 s skew), and {@code body_sha256} the body's
 * digest. Replays are the caller's to check with the {@code jti}.
 */
public final class ExchangeTokenVerifier {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);
    private static final Duration SKEW = Duration.ofSeconds(60);

    /**
     * A verified token.
     *
     * @param consumer  {@code sub}
     * @param jti       the token's id
     * @param expiresAt {@code exp}
     */
    public record Verified(String consumer, String jti, Instant expiresAt) {
    }

    /** Why a token was refused; the text is for the log, never a token's content. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final JWKSource<SecurityContext> keys;
    private final String issuer;
    private final String agencyId;
    private final Clock clock;

    /**
     * @param keys     the platform's keys
     * @param issuer   the platform's issuer
     * @param agencyId this agency
     * @param clock    the clock
     */
    public ExchangeTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String agencyId, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.agencyId = agencyId;
        this.clock = clock;
    }

    /**
     * @param authorization the {@code Authorization} header
     * @param consumer      {@code X-Client-Agency}
     * @param purpose       {@code X-Purpose}
     * @param service       {@code agencyId/service}
     * @param body          the exact body received
     * @return the verified token
     * @throws Refused with the reason
     */
    public Verified verify(String authorization, String consumer, String purpose, String service, byte[] body) throws Refused {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 8192) {
            throw new Refused("no exchange token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).strip());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("the token is not a signed JWT");
        }
        if (!ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
            throw new Refused("the token is signed " + jwt.getHeader().getAlgorithm());
        }
        if (!signedByPlatform(jwt)) {
            throw new Refused("the token is not signed by the platform");
        }
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) {
            throw new Refused("the token's issuer is another");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(agencyId)) {
            throw new Refused("the token is for another agency");
        }
        if (claims.getExpirationTime() == null || claims.getIssueTime() == null) {
            throw new Refused("the token has no iat or exp");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        Instant iat = claims.getIssueTime().toInstant();
        if (Duration.between(iat, exp).compareTo(Duration.ofSeconds(60)) > 0 || exp.isBefore(iat)) {
            throw new Refused("the token lives longer than 60 s");
        }
        if (now.isAfter(exp.plus(SKEW)) || iat.isAfter(now.plus(SKEW))) {
            throw new Refused("the token has expired or is not yet valid");
        }
        if (claims.getSubject() == null || !claims.getSubject().equals(consumer)) {
            throw new Refused("X-Client-Agency is not the token's consumer");
        }
        if (purpose == null || !purpose.equals(claim(claims, "purpose"))) {
            throw new Refused("X-Purpose is not the token's purpose");
        }
        if (!service.equals(claim(claims, "service"))) {
            throw new Refused("the token is for another service");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank() || claims.getJWTID().length() > 200) {
            throw new Refused("the token has no jti");
        }
        String digest = claim(claims, "body_sha256");
        if (digest == null || !MessageDigest.isEqual(digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                sha256(body).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new Refused("the body is not the one the exchange signed");
        }
        return new Verified(claims.getSubject(), claims.getJWTID(), exp);
    }

    private boolean signedByPlatform(SignedJWT jwt) {
        try {
            for (JWK k : keys.get(new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())), null)) {
                if (k instanceof AsymmetricJWK a
                        && jwt.verify(FastJwsVerifiers.INSTANCE.createJWSVerifier(jwt.getHeader(), a.toPublicKey()))) {
                    return true;
                }
            }
            return false;
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    private static String claim(JWTClaimsSet c, String name) {
        Object v = c.getClaim(name);
        return v instanceof String s ? s : null;
    }

    /** @param body bytes @return base64url (no padding) of their SHA-256 */
    public static String sha256(byte[] body) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
