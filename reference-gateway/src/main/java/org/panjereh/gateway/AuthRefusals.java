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

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e, UriInfo uri) {
        return ErrorPages.refusal(401, "gateway.token_refused", "توکن دسترسی پذیرفته نشد؛ دوباره وارد شوید.", uri,
                e.getCause() == null ? e : e.getCause());
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
