package org.panjereh.sso;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.panjereh.sso.internal.PortalGate;

/**
 * A Jakarta Servlet filter that lets citizens into a portal only through the national SSO. It handles
 * the login, callback, logout and back-channel logout paths, protects the configured path prefixes
 * (redirecting to login, or to a step-up login when the session's level is too low), rotates the
 * session id at login, keeps sessions in a {@link SessionStore} under an HttpOnly, SameSite=Lax
 * cookie, returns only to same-origin relative paths, and answers every failure with a Persian error
 * page: never a 500, never a session. There is no local sign-up: registration happens only at the
 * platform.
 *
 * <p>On protected requests the {@link Citizen} is the request attribute {@link #CITIZEN} and the
 * session's CSRF token the attribute {@link #CSRF}.
 *
 * <pre>{@code
 * servletContext.addFilter("national-login", NationalLoginFilter.builder(sso, SessionStore.inMemory(), backChannel)
 *         .protect("/apply", "/my-requests").requiredLevel(path -> LevelOfAssurance.LOA2).build())
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 */
public final class NationalLoginFilter implements Filter {

    /** Request attribute holding the logged-in {@link Citizen}. */
    public static final String CITIZEN = "panjereh.citizen";
    /** Request attribute holding the session's CSRF token. */
    public static final String CSRF = "panjereh.csrf";


    private final PortalGate gate;

    private NationalLoginFilter(Builder b) {
        this.gate = b.gate();
    }

    /**
     * A new builder.
     *
     * @param sso         the relying party
     * @param store       where sessions live
     * @param backChannel validator of logout tokens, or {@code null} to refuse back-channel calls
     * @return the builder
     */
    public static Builder builder(NationalLogin sso, SessionStore store, BackChannelLogout backChannel) {
        return new Builder(sso, store, backChannel);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse res = (HttpServletResponse) response;
        PortalGate.Out out = gate.handle(new PortalGate.In() {
            @Override
            public String method() {
                return req.getMethod();
            }

            @Override
            public String path() {
                return req.getRequestURI().substring(req.getContextPath().length());
            }

            @Override
            public String query() {
                return req.getQueryString();
            }

            @Override
            public String param(String name) {
                return req.getParameter(name);
            }

            @Override
            public String cookie(String name) {
                Cookie[] cookies = req.getCookies();
                if (cookies != null) {
                    for (Cookie c : cookies) {
                        if (c.getName().equals(name)) {
                            return c.getValue();
                        }
                    }
                }
                return null;
            }

            @Override
            public boolean secure() {
                return req.isSecure();
            }

            @Override
            public String contextPath() {
                return req.getContextPath();
            }
        });
        if (out instanceof PortalGate.Pass pass) {
            if (pass.session() != null) {
                req.setAttribute(CITIZEN, pass.session().citizen());
                req.setAttribute(CSRF, pass.session().csrfToken());
                res.setHeader("Cache-Control", "no-store");
            }
            chain.doFilter(req, res);
        } else if (out instanceof PortalGate.Redirect r) {
            r.setCookies().forEach(c -> res.addHeader("Set-Cookie", c));
            res.setHeader("Cache-Control", "no-store");
            res.sendRedirect(r.location());
        } else if (out instanceof PortalGate.Page p) {
            res.setStatus(p.status());
            res.setContentType(p.contentType());
            res.setHeader("Cache-Control", "no-store");
            res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
            res.getWriter().write(p.body());
        }
    }

    /** Builder of {@link NationalLoginFilter}; the settings are {@link PortalGateBuilder}'s. */
    public static final class Builder extends PortalGateBuilder<Builder> {
        private Builder(NationalLogin sso, SessionStore store, BackChannelLogout backChannel) {
            super(sso, store, backChannel);
        }

        /** @return the filter */
        public NationalLoginFilter build() {
            return new NationalLoginFilter(this);
        }
    }
}
