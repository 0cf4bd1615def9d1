package org.panjereh.sso.internal;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.shared.ClientAuth;
import org.panjereh.core.shared.DpopProofs;
import org.panjereh.sso.LoginException;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.PendingLogin;

/**
 * The authorization request of a login: code flow with PKCE S256, fresh state and nonce, the service's level as
 * {@code acr_values}, {@code prompt=login} for a step-up; pushed (RFC 9126, authenticated with the agency's
 * assertion) when the platform offers PAR, so that only {@code client_id} and {@code request_uri} cross the browser.
 */
public final class AuthorizationRequests {

    private final ClientID clientId;
    private final URI redirectUri;
    private final AgencyCredentials credentials;
    private final OkHttpClient http;
    private final Clock clock;
    private final boolean signAlways;
    private final DpopProofs dpop;

    /**
     * @param credentials the agency
     * @param redirectUri the registered callback
     * @param http        the SDK's HTTP client
     * @param clock       clock
     * @param signAlways  sign request objects even when the platform does not require them
     * @param dpop        the login's DPoP key, whose thumbprint binds the code ({@code dpop_jkt}), or {@code null}
     */
    public AuthorizationRequests(AgencyCredentials credentials, URI redirectUri, OkHttpClient http, Clock clock,
                                 boolean signAlways, DpopProofs dpop) {
        this.clientId = new ClientID(credentials.clientId());
        this.redirectUri = redirectUri;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
        this.signAlways = signAlways;
        this.dpop = dpop;
    }

    /**
     * @param md         the issuer's metadata
     * @param required   the level asked for
     * @param returnTo   where to come back (made safe)
     * @param forceLogin whether the platform must authenticate again
     * @return where to send the browser, and what the session keeps
     * @throws LoginException {@code PLATFORM_UNAVAILABLE} when PAR fails
     */
    public LoginRequest start(PlatformMetadata md, LevelOfAssurance required, String returnTo, boolean forceLogin) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder ab = new AuthenticationRequest.Builder(ResponseType.CODE, NationalLogin.SCOPES, clientId,
                redirectUri).state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .acrValues(List.of(new ACR(required.acr()))).endpointURI(md.authorizationEndpoint());
        if (forceLogin) {
            ab.prompt(new Prompt(Prompt.Type.LOGIN));
        }
        if (dpop != null) {
            // RFC 9449 §10: the code can be redeemed only with a proof of this key.
            ab.dPoPJWKThumbprintConfirmation(dpop.keyThumbprint());
        }
        AuthenticationRequest ar = ab.build();
        if (signAlways || md.oidc().requiresSignedRequestObject()) {
            ar = RequestObjects.sign(md, ar, credentials, clock);
        }
        Optional<URI> par = md.pushedAuthorizationRequestEndpoint();
        URI redirect = par.isPresent() ? push(md, par.get(), ar) : ar.toURI();
        PendingLogin pending = new PendingLogin(state.getValue(), nonce.getValue(), verifier.getValue(), md.issuer(), required,
                NationalLogin.safeReturnTo(returnTo), clock.instant());
        return new LoginRequest(redirect, pending);
    }

    private URI push(PlatformMetadata md, URI parEndpoint, AuthenticationRequest ar) {
        try {
            com.nimbusds.oauth2.sdk.http.HTTPResponse resp = NimbusHttp.send(http, new PushedAuthorizationRequest(parEndpoint,
                    ClientAuth.forRequest(md, credentials, md.issuer()), ar).toHTTPRequest());
            PushedAuthorizationResponse pr = PushedAuthorizationResponse.parse(resp);
            if (!pr.indicatesSuccess()) {
                ErrorObject e = pr.toErrorResponse().getErrorObject();
                throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "PAR refused: " + e.getCode(), null);
            }
            URI requestUri = pr.toSuccessResponse().getRequestURI();
            return URI.create(md.authorizationEndpoint() + "?client_id=" + enc(clientId.getValue()) + "&request_uri="
                    + enc(requestUri.toString()));
        } catch (IOException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "PAR endpoint unreachable", e);
        } catch (ParseException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "PAR answer unusable", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
