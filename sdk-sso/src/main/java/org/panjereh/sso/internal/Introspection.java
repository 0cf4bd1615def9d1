package org.panjereh.sso.internal;

import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.shared.ClientAuth;
import org.panjereh.sso.LoginException;

/**
 * Token introspection (RFC 7662), authenticated as the agency: who the person behind a DPoP-bound access token is,
 * since only the token's holder may use it at userinfo (RFC 9449 §7). Refused unless the platform says the token is
 * active and about the subject the caller verified.
 */
public final class Introspection {

    private final AgencyCredentials credentials;
    private final OkHttpClient http;

    /**
     * @param credentials the agency
     * @param http        the SDK's HTTP client
     */
    public Introspection(AgencyCredentials credentials, OkHttpClient http) {
        this.credentials = credentials;
        this.http = http;
    }

    /**
     * @param md      the platform
     * @param token   the access token (never logged)
     * @param subject the subject it must be about
     * @return the platform's answer, with the person's claims
     * @throws LoginException when the platform offers no introspection, is unreachable, or the token is inactive or
     *                        about someone else
     */
    public Map<String, Object> claims(PlatformMetadata md, String token, String subject) {
        URI endpoint = md.oidc().getIntrospectionEndpointURI();
        if (endpoint == null) {
            throw new LoginException(LoginException.Reason.INVALID_ACCESS_TOKEN,
                    "the token is DPoP-bound and the platform offers no introspection endpoint to learn who it is about", null);
        }
        try {
            HTTPResponse r = NimbusHttp.send(http, new TokenIntrospectionRequest(endpoint,
                    ClientAuth.forRequest(md, credentials, endpoint), new TypelessAccessToken(token)).toHTTPRequest());
            if (r.getStatusCode() != 200) {
                throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "introspection answered " + r.getStatusCode(), null);
            }
            Map<String, Object> m = com.nimbusds.jose.util.JSONObjectUtils.parse(r.getBody());
            if (!Boolean.TRUE.equals(m.get("active"))) {
                throw new LoginException(LoginException.Reason.INVALID_ACCESS_TOKEN, "the platform says the token is not active", null);
            }
            if (!subject.equals(m.get("sub"))) {
                throw new LoginException(LoginException.Reason.INVALID_ACCESS_TOKEN, "introspection is about another subject", null);
            }
            return m;
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "introspection unreachable", e);
        } catch (java.text.ParseException e) {
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "introspection answer unusable", e);
        }
    }
}
