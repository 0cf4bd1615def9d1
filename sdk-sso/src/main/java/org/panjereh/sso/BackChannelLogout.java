package org.panjereh.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformDiscovery;

/**
 * Validates the platform's back-channel logout tokens (OIDC Back-Channel Logout 1.0) with Nimbus:
 * signed ES256/PS256 by the platform, for this client, with the logout event, without a nonce, with a
 * {@code sid} or {@code sub}; a {@code jti} seen before is refused. The caller then ends every session
 * of that {@code sid} (or {@code sub}).
 */
public final class BackChannelLogout {

    /**
     * Who is to be logged out.
     *
     * @param subject   the {@code sub}, or {@code null}
     * @param sessionId the {@code sid}, or {@code null}
     */
    public record Notice(String subject, String sessionId) {
    }

    private final LogoutTokenValidator validator;
    private final Clock clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    /**
     * @param discovery   the platform (its issuer and keys)
     * @param credentials the agency (its client id)
     * @param clock       clock for the replay window
     */
    public BackChannelLogout(PlatformDiscovery discovery, AgencyCredentials credentials, Clock clock) {
        this.validator = new LogoutTokenValidator(new Issuer(discovery.metadata().issuer()),
                new ClientID(credentials.clientId()), true,
                new JWSVerificationKeySelector<SecurityContext>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256),
                        discovery.jwkSource()), null);
        this.validator.setMaxClockSkew(60);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Validates a {@code logout_token}.
     *
     * @param logoutToken the form parameter
     * @return who to log out
     * @throws LoginException {@code INVALID_ID_TOKEN} when anything is wrong, including a replay
     */
    public Notice validate(String logoutToken) {
        if (logoutToken == null || logoutToken.length() > 16_384) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "logout_token missing or too long", null);
        }
        LogoutTokenClaimsSet claims;
        try {
            claims = validator.validate(JWTParser.parse(logoutToken));
        } catch (java.text.ParseException | BadJOSEException | JOSEException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "logout token refused: " + e.getMessage(), e);
        }
        String jti = claims.getJWTID() == null ? null : claims.getJWTID().getValue();
        if (jti == null) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "logout token has no jti", null);
        }
        Instant now = clock.instant();
        if (seen.size() > 100_000) {
            seen.values().removeIf(t -> t.isBefore(now));
        }
        if (seen.putIfAbsent(claims.getIssuer().getValue() + "|" + jti, now.plusSeconds(600)) != null) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "logout token replayed", null);
        }
        return new Notice(claims.getSubject() == null ? null : claims.getSubject().getValue(),
                claims.getSessionID() == null ? null : claims.getSessionID().getValue());
    }
}
