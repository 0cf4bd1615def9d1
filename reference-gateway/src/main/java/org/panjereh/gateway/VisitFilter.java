package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import io.vertx.core.http.HttpServerRequest;

/** Counts page views (GETs of the citizen-facing pages), not assets, health checks, APIs or the exchange. */
@Provider
public class VisitFilter implements ContainerRequestFilter {

    @Inject
    Visits visits;
    @Context
    HttpServerRequest http;

    @Override
    public void filter(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!"GET".equals(ctx.getMethod()) || path.startsWith("/q/") || path.startsWith("/static/") || path.startsWith("/api/")
                || path.startsWith("/exchange") || path.startsWith("/survey/assets") || path.startsWith("/staff")) {
            return;
        }
        String address = http == null || http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
        visits.counter().record(address, ctx.getHeaderString("User-Agent"));
    }
}
