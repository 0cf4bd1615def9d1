package org.panjereh.sso.internal;

import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.internal.HttpSupport;
import org.panjereh.sso.LoginException;

/** Userinfo (OIDC Core 5.3), refused unless it is about the subject the caller already knows (5.3.4). */
public final class UserInfoClient {

    private final OkHttpClient http;

    /** @param http the SDK's HTTP client */
    public UserInfoClient(OkHttpClient http) {
        this.http = http;
    }

    /**
     * @param md      the platform
     * @param token   the access token (never logged)
     * @param subject the subject it must be about
     * @return userinfo's claims, empty when the platform has no userinfo endpoint
     * @throws LoginException when unreachable, refused, unusable or about someone else
     */
    public Map<String, Object> claims(PlatformMetadata md, AccessToken token, String subject) {
        URI endpoint = md.userInfoEndpoint().orElse(null);
        if (endpoint == null) {
            return Map.of();
        }
        try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(endpoint.toString())
                .header("Authorization", "Bearer " + token.getValue()).header("Accept", "application/json").build()).execute()) {
            if (r.code() != 200) {
                throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "userinfo answered " + r.code(), null);
            }
            Map<String, Object> m = com.nimbusds.jose.util.JSONObjectUtils.parse(new String(
                    HttpSupport.readLimited(r.body(), r.code()), StandardCharsets.UTF_8));
            if (!subject.equals(m.get("sub"))) {
                throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "userinfo is about another subject", null);
            }
            return m;
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "userinfo unreachable", e);
        } catch (java.text.ParseException e) {
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "userinfo answer unusable", e);
        }
    }
}
