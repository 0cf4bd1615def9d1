package org.panjereh.gateway;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The JSON API's token refusals (a missing, malformed, forged or expired platform token) as problems
 * with an error id logged once, like every other refusal. Authentication is lazy
 * ({@code quarkus.http.auth.proactive=false}) so these reach the application instead of ending as an
 * empty 401 in the HTTP layer; the reason (never the token) goes to the log.
 */
public class AuthRefusals {

    @jakarta.inject.Inject
    Platform platform;

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e, UriInfo uri) {
        Response r = ErrorPages.refusal(401, "gateway.token_refused", "توکن دسترسی پذیرفته نشد؛ دوباره وارد شوید.", uri,
                e.getCause() == null ? e : e.getCause());
        // RFC 9449 §7.1 and §9: a refused DPoP proof says so, and a missing nonce comes with the nonce to use.
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof org.panjereh.sso.LoginException le) {
                if (le.reason() == org.panjereh.sso.LoginException.Reason.INVALID_DPOP_PROOF) {
                    return Response.fromResponse(r).header("WWW-Authenticate",
                            "DPoP error=\"invalid_dpop_proof\", algs=\"ES256 PS256\"").build();
                }
                if (le.reason() == org.panjereh.sso.LoginException.Reason.USE_DPOP_NONCE) {
                    Response.ResponseBuilder b = Response.fromResponse(r).header("WWW-Authenticate",
                            "DPoP error=\"use_dpop_nonce\", algs=\"ES256 PS256\"");
                    platform.accessTokens().dpopNonce().ifPresent(n -> b.header("DPoP-Nonce", n));
                    return b.build();
                }
            }
        }
        return r;
    }

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e, UriInfo uri) {
        return ErrorPages.refusal(401, "gateway.token_required", "برای این کار توکن دسترسی پنجره ملی لازم است.", uri, null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ErrorPages.refusal(403, "gateway.forbidden", "این کار برای شما مجاز نیست.", uri, null);
    }
}
