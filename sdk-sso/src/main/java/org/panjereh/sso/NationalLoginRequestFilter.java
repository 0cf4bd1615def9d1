package org.panjereh.sso;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import org.panjereh.sso.internal.PortalGate;

/**
 * The Jakarta REST adapter of the national SSO gate, for runtimes whose REST endpoints do not pass
 * through servlet filters (Quarkus REST, for one). It does what {@link NationalLoginFilter} does: the
 * login, callback, logout and back-channel paths, protected prefixes with step-up, session rotation,
 * safe return paths and Persian error pages. On protected requests the {@link Citizen} is the request
 * property {@link #CITIZEN} and the security context's principal is the citizen's
 * {@code sub}.
 *
 * <pre>{@code
 * // Register the instance with the application (or produce it as a CDI bean in Quarkus):
 * public Set<Object> getSingletons() {
 *     return Set.of(NationalLoginRequestFilter.builder(sso, store, backChannel).protect("/apply").build());
 * }
 * }</pre>
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class NationalLoginRequestFilter implements ContainerRequestFilter {

    private static final int MAX_FORM = 64 * 1024;

    private final PortalGate gate;

    private NationalLoginRequestFilter(PortalGate gate) {
        this.gate = gate;
    }

    /** Request property holding the logged-in {@link Citizen} (the same name as the servlet filter's). */
    public static final String CITIZEN = NationalLoginFilter.CITIZEN;
    /** Request property holding the session's CSRF token. */
    public static final String CSRF = NationalLoginFilter.CSRF;

    /**
     * A new builder; needs only the Jakarta REST API on the classpath.
     *
     * @param sso         the relying party
     * @param store       where sessions live
     * @param backChannel validator of logout tokens, or {@code null} to refuse back-channel calls
     * @return the builder
     */
    public static Builder builder(NationalLogin sso, SessionStore store, BackChannelLogout backChannel) {
        return new Builder(sso, store, backChannel);
    }

    /** Builder of {@link NationalLoginRequestFilter}; the settings are {@link PortalGateBuilder}'s. */
    public static final class Builder extends PortalGateBuilder<Builder> {
        private Builder(NationalLogin sso, SessionStore store, BackChannelLogout backChannel) {
            super(sso, store, backChannel);
        }

        /** @return the filter */
        public NationalLoginRequestFilter build() {
            return new NationalLoginRequestFilter(gate());
        }
    }

    /**
     * The REST filter with the same settings as a servlet filter builder (needs the Servlet API on the
     * classpath; {@link #builder} does not).
     *
     * @param builder a configured {@link NationalLoginFilter} builder
     * @return the filter
     */
    public static NationalLoginRequestFilter of(NationalLoginFilter.Builder builder) {
        return new NationalLoginRequestFilter(builder.gate());
    }

    @Override
    public void filter(ContainerRequestContext ctx) throws IOException {
        Map<String, String> form = readForm(ctx);
        PortalGate.Out out = gate.handle(new PortalGate.In() {
            @Override
            public String method() {
                return ctx.getMethod();
            }

            @Override
            public String path() {
                String p = ctx.getUriInfo().getPath();
                return p.startsWith("/") ? p : "/" + p;
            }

            @Override
            public String query() {
                return ctx.getUriInfo().getRequestUri().getRawQuery();
            }

            @Override
            public String param(String name) {
                String q = ctx.getUriInfo().getQueryParameters().getFirst(name);
                return q != null ? q : form.get(name);
            }

            @Override
            public String cookie(String name) {
                Cookie c = ctx.getCookies().get(name);
                return c == null ? null : c.getValue();
            }

            @Override
            public boolean secure() {
                return ctx.getSecurityContext() != null && ctx.getSecurityContext().isSecure()
                        || "https".equals(ctx.getUriInfo().getRequestUri().getScheme());
            }

            @Override
            public String contextPath() {
                return "";
            }
        });
        if (out instanceof PortalGate.Pass pass) {
            if (pass.session() != null) {
                Citizen citizen = pass.session().citizen();
                ctx.setProperty(CITIZEN, citizen);
                ctx.setProperty(CSRF, pass.session().csrfToken());
                SecurityContext original = ctx.getSecurityContext();
                ctx.setSecurityContext(new SecurityContext() {
                    @Override
                    public Principal getUserPrincipal() {
                        return citizen::subject;
                    }

                    @Override
                    public boolean isUserInRole(String role) {
                        return "citizen".equals(role);
                    }

                    @Override
                    public boolean isSecure() {
                        return original != null && original.isSecure();
                    }

                    @Override
                    public String getAuthenticationScheme() {
                        return "national-sso";
                    }
                });
            }
        } else if (out instanceof PortalGate.Redirect r) {
            Response.ResponseBuilder rb = Response.status(302).location(URI.create(r.location()))
                    .header("Cache-Control", "no-store");
            r.setCookies().forEach(c -> rb.header("Set-Cookie", c));
            ctx.abortWith(rb.build());
        } else if (out instanceof PortalGate.Page p) {
            ctx.abortWith(Response.status(p.status()).type(p.contentType()).entity(p.body())
                    .header("Cache-Control", "no-store")
                    .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'").build());
        }
    }

    /** Reads a small form body (the back-channel call) and puts the bytes back for the resource. */
    private static Map<String, String> readForm(ContainerRequestContext ctx) throws IOException {
        Map<String, String> out = new HashMap<>();
        MediaType mt = ctx.getMediaType();
        if (!"POST".equals(ctx.getMethod()) || mt == null || !mt.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || !ctx.hasEntity()) {
            return out;
        }
        byte[] body;
        try (InputStream in = ctx.getEntityStream()) {
            body = in.readNBytes(MAX_FORM + 1);
        }
        ctx.setEntityStream(new ByteArrayInputStream(body));
        if (body.length > MAX_FORM) {
            return out;
        }
        for (String kv : new String(body, StandardCharsets.US_ASCII).split("&")) {
            String[] p = kv.split("=", 2);
            try {
                out.putIfAbsent(java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed pair is skipped; the gate refuses what is missing
            }
        }
        return out;
    }
}
