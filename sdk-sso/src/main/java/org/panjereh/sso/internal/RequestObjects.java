package org.panjereh.sso.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.SigningKey;

/**
 * Signed request objects (RFC 9101, JAR): the whole authorization request as a JWT the agency signs, so that nothing
 * in it can be altered on the way, with the claims FAPI 2.0 requires: {@code iss} (the client), {@code aud} (the
 * issuer identifier), {@code nbf} and {@code exp} at most 60 minutes apart (five here), {@code iat} and a
 * {@code jti}; {@code typ: oauth-authz-req+jwt} (RFC 9101 §10.8). Only {@code client_id} and {@code request} travel
 * outside it.
 */
public final class RequestObjects {

    /** How long a request object is valid: FAPI 2.0 allows at most 60 minutes; a login starts within seconds. */
    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** The media type of a request object (RFC 9101 §10.8). */
    public static final JOSEObjectType TYPE = new JOSEObjectType("oauth-authz-req+jwt");

    private RequestObjects() {
    }

    /**
     * @param md          the issuer the request goes to
     * @param request     the authorization request
     * @param credentials the agency (its key signs)
     * @param clock       clock
     * @return the request carrying only {@code client_id} and the signed {@code request}
     */
    public static AuthenticationRequest sign(PlatformMetadata md, AuthenticationRequest request, AgencyCredentials credentials,
                                             Clock clock) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder(request.toJWTClaimsSet())
                .issuer(credentials.clientId()).audience(md.issuer().toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString()).build();
        SigningKey key = credentials.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).type(TYPE).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the request object", e);
        }
        return new AuthenticationRequest.Builder(jwt, new ClientID(credentials.clientId()))
                .endpointURI(md.authorizationEndpoint()).build();
    }
}
