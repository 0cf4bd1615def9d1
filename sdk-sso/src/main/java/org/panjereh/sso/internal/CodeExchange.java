package org.panjereh.sso.internal;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.io.IOException;
import java.net.URI;
import okhttp3.OkHttpClient;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.shared.ClientAuth;
import org.panjereh.core.shared.DpopProofs;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import okhttp3.HttpUrl;
import org.panjereh.sso.LoginException;
import org.panjereh.sso.PendingLogin;

/** The code exchanged for tokens at the token endpoint, with the PKCE verifier and the agency's client authentication. */
public final class CodeExchange {

    private final AgencyCredentials credentials;
    private final URI redirectUri;
    private final OkHttpClient http;
    private final DpopProofs dpop;

    /**
     * @param credentials the agency
     * @param redirectUri the registered callback (sent again, RFC 6749 4.1.3)
     * @param http        the SDK's HTTP client
     * @param dpop        the login's DPoP key (a proof on the token request binds the tokens to it), or {@code null}
     */
    public CodeExchange(AgencyCredentials credentials, URI redirectUri, OkHttpClient http, DpopProofs dpop) {
        this.credentials = credentials;
        this.redirectUri = redirectUri;
        this.http = http;
        this.dpop = dpop;
    }

    /**
     * @param md      the issuer's metadata
     * @param code    the authorization code
     * @param pending the login it answers
     * @return the token response
     * @throws LoginException {@code PLATFORM_UNAVAILABLE} or {@code TOKEN_REQUEST_FAILED}
     */
    public OIDCTokenResponse tokens(PlatformMetadata md, String code, PendingLogin pending) {
        URI tokenEndpoint = md.tokenEndpoint();
        TokenResponse tr;
        try {
            HTTPResponse answer = send(md, tokenEndpoint, code, pending);
            if (dpop != null && dpop.tokenEndpointAskedForNonce(HttpUrl.get(tokenEndpoint), answer.getStatusCode(),
                    answer.getBody(), answer.getHeaderValue("DPoP-Nonce"))) {
                // RFC 9449 §8: the server asks for its nonce; one more request with a fresh assertion and proof.
                answer = send(md, tokenEndpoint, code, pending);
            }
            tr = OIDCTokenResponseParser.parse(answer);
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "token endpoint unreachable", e);
        } catch (ParseException | IllegalArgumentException e) {
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "token answer unusable", e);
        }
        if (!tr.indicatesSuccess()) {
            String c = tr.toErrorResponse().getErrorObject().getCode();
            throw new LoginException(LoginException.Reason.TOKEN_REQUEST_FAILED, "token endpoint answered "
                    + (c != null && c.matches("[a-z_]{1,64}") ? c : "an error"), null);
        }
        return (OIDCTokenResponse) tr.toSuccessResponse();
    }

    private HTTPResponse send(PlatformMetadata md, URI tokenEndpoint, String code, PendingLogin pending) throws IOException {
        HTTPRequest h = new TokenRequest(tokenEndpoint, ClientAuth.forRequest(md, credentials, tokenEndpoint),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(pending.codeVerifier())),
                (Scope) null).toHTTPRequest();
        if (dpop != null) {
            h.setHeader("DPoP", dpop.proof("POST", HttpUrl.get(tokenEndpoint), null));
        }
        return NimbusHttp.send(http, h);
    }
}
