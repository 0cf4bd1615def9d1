package org.panjereh.sso.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.panjereh.core.EncryptionKey;
import org.panjereh.core.shared.FastJwsVerifiers;
import org.panjereh.sso.LoginException;

/**
 * Every rule an ID token must meet, in one place: signed ES256 or PS256 by a key the issuer publishes, issuer of
 * the login, this client as audience ({@code azp} when several), times with 60 s of skew, the nonce sent, and
 * {@code at_hash} matching the access token.
 */
public final class IdTokens {

    /** The only ID-token algorithms accepted. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);
    /** Clock skew tolerated, in seconds. */
    public static final int MAX_SKEW_SECONDS = 60;

    private IdTokens() {
    }

    /**
     * @param idToken     the token
     * @param issuer      the issuer the login went to
     * @param clientId    this client
     * @param keys        that issuer's keys
     * @param nonce       the nonce sent
     * @param accessToken the access token issued with it, or {@code null}
     * @param clock       clock
     * @return the verified claims
     * @throws LoginException {@code INVALID_ID_TOKEN} for any failure
     */
    public static IDTokenClaimsSet verify(JWT idToken, URI issuer, ClientID clientId,
                                          com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys, Nonce nonce,
                                          AccessToken accessToken, Clock clock) {
        return verify(idToken, List.of(), issuer, clientId, keys, nonce, accessToken, clock);
    }

    /**
     * As {@link #verify(JWT, URI, ClientID, com.nimbusds.jose.jwk.source.JWKSource, Nonce, AccessToken, Clock)}, for an
     * agency that registered encryption keys: the ID token must then be encrypted to one of them
     * ({@code ECDH-ES+A256KW} or {@code RSA-OAEP-256}, {@code A256GCM}) around the signed token; a plain one, or one
     * encrypted to another key, is refused. With no keys, an encrypted ID token is refused.
     *
     * @param idToken        the token as received
     * @param decryptionKeys the agency's encryption keys (empty: tokens must be signed only)
     * @param issuer         the issuer the login went to
     * @param clientId       this client
     * @param keys           that issuer's signing keys
     * @param nonce          the nonce sent
     * @param accessToken    the access token issued with it, or {@code null}
     * @param clock          clock
     * @return the verified claims
     * @throws LoginException {@code INVALID_ID_TOKEN} for any failure
     */
    @SuppressWarnings("unchecked") // Nimbus' IDTokenClaimsVerifier is a raw DefaultJWTClaimsVerifier
    public static IDTokenClaimsSet verify(JWT idToken, List<EncryptionKey> decryptionKeys, URI issuer, ClientID clientId,
                                          com.nimbusds.jose.jwk.source.JWKSource<SecurityContext> keys, Nonce nonce,
                                          AccessToken accessToken, Clock clock) {
        if (idToken == null) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "no ID token", null);
        }
        if (idToken instanceof com.nimbusds.jwt.EncryptedJWT encrypted) {
            idToken = JweContent.decryptNested(encrypted, decryptionKeys, "ID token");
        } else if (!decryptionKeys.isEmpty()) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN,
                    "the ID token is not encrypted, although the agency registered encryption keys", null);
        }
        // What Nimbus' IDTokenValidator does (typ JWT or none, signature by a platform key, iss, aud, exp, iat,
        // nonce), with its processor on the SDK's Bouncy Castle verifiers instead of the JDK's slower ECDSA.
        if (!(idToken instanceof com.nimbusds.jwt.SignedJWT signed)) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "the ID token is not signed", null);
        }
        com.nimbusds.jwt.proc.DefaultJWTProcessor<SecurityContext> processor = new com.nimbusds.jwt.proc.DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(
                com.nimbusds.jose.JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWSVerifierFactory(FastJwsVerifiers.INSTANCE);
        processor.setJWTClaimsSetVerifier(new com.nimbusds.openid.connect.sdk.validators.IDTokenClaimsVerifier(
                new Issuer(issuer), clientId, nonce, MAX_SKEW_SECONDS));
        IDTokenClaimsSet claims;
        try {
            claims = new IDTokenClaimsSet(processor.process(signed, null));
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, e.getMessage(), e);
        }
        Instant now = clock.instant();
        if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isAfter(now.plusSeconds(MAX_SKEW_SECONDS))) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "iat is missing or in the future", null);
        }
        if (claims.getExpirationTime().toInstant().isBefore(now.minusSeconds(MAX_SKEW_SECONDS))) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "expired", null);
        }
        List<com.nimbusds.oauth2.sdk.id.Audience> aud = claims.getAudience();
        if (claims.getAuthorizedParty() != null ? !claims.getAuthorizedParty().getValue().equals(clientId.getValue())
                : aud.size() > 1) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "azp does not name this client", null);
        }
        if (claims.getAccessTokenHash() != null) {
            JWSAlgorithm alg = (JWSAlgorithm) idToken.getHeader().getAlgorithm();
            AccessTokenHash expected = accessToken == null ? null
                    : AccessTokenHash.compute(accessToken, alg, alg.equals(JWSAlgorithm.ES256) ? Curve.P_256 : null);
            if (expected == null || !expected.equals(claims.getAccessTokenHash())) {
                throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "at_hash does not match the access token", null);
            }
        }
        return claims;
    }
}
