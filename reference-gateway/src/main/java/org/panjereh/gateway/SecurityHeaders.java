package org.panjereh.gateway;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

/**
 * Strict headers on every answer: no inline script or style, no framing, no sniffing, no referrer
 * leaking tracking ids to other sites. Headers an answer already set (the login guard's pages) win.
 */
@Provider
public class SecurityHeaders implements ContainerResponseFilter {

    @jakarta.inject.Inject
    Violations violations;

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> h = response.getHeaders();
        h.putIfAbsent("Content-Security-Policy", java.util.List.of(CSP));
        h.putIfAbsent("X-Content-Type-Options", java.util.List.of("nosniff"));
        h.putIfAbsent("Referrer-Policy", java.util.List.of("no-referrer"));
        h.putIfAbsent("X-Frame-Options", java.util.List.of("DENY"));
        h.putIfAbsent("Cache-Control", java.util.List.of("no-store"));
        if (violations.has("strict-session-cookie") && h.containsKey("Set-Cookie")) {
            // A browser then withholds the cookie on the platform's redirect back: the login never completes.
            h.put("Set-Cookie", h.get("Set-Cookie").stream().<Object>map(c -> c.toString().replace("SameSite=Lax", "SameSite=Strict"))
                    .toList());
        }
    }
}
