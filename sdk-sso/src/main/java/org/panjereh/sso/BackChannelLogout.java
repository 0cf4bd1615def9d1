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
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenClaimsVerifier;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.panjereh.core.shared.FastJwsVerifiers;
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

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Clock clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked") // Nimbus' LogoutTokenClaimsVerifier is a raw DefaultJWTClaimsVerifier
    private BackChannelLogout(Builder b) {
        PlatformDiscovery discovery = b.discovery;
        AgencyCredentials credentials = b.credentials;
        Clock clock = b.clock;
        // LogoutTokenValidator's checks (typ logout+jwt required, signature, iss, aud, iat, events, sid or sub, no
        // nonce), with the processor on the SDK's Bouncy Castle verifiers.
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<SecurityContext>(Set.of(JWSAlgorithm.ES256,
                JWSAlgorithm.PS256), discovery.jwkSource()));
        processor.setJWSVerifierFactory(FastJwsVerifiers.INSTANCE);
        LogoutTokenClaimsVerifier claims = new LogoutTokenClaimsVerifier(new Issuer(discovery.metadata().issuer()),
                new ClientID(credentials.clientId()));
        claims.setMaxClockSkew(60);
        processor.setJWTClaimsSetVerifier(claims);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @param discovery   the platform (its issuer and keys)
     * @param credentials the agency (its client id, the tokens' audience)
     * @return a builder
     */
    public static Builder builder(PlatformDiscovery discovery, AgencyCredentials credentials) {
        return new Builder(discovery, credentials);
    }

    /** Builder of {@link BackChannelLogout}. */
    public static final class Builder {
        private final PlatformDiscovery discovery;
        private final AgencyCredentials credentials;
        private Clock clock = Clock.systemUTC();

        private Builder(PlatformDiscovery discovery, AgencyCredentials credentials) {
            this.discovery = Objects.requireNonNull(discovery, "discovery");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
        }

        /** @param c the clock of the replay window; default the system's */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** @return the validator (it reads the platform's metadata now: an unreachable platform fails here) */
        public BackChannelLogout build() {
            return new BackChannelLogout(this);
        }
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
            if (!(JWTParser.parse(logoutToken) instanceof com.nimbusds.jwt.SignedJWT signed)) {
                throw new BadJOSEException("the logout token is not signed");
            }
            claims = new LogoutTokenClaimsSet(processor.process(signed, null));
        } catch (java.text.ParseException | BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
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
