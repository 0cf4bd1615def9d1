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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PanjerehException;

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

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NationalLogin sso;
    private final SessionStore store;
    private final BackChannelLogout backChannel;
    private final List<String> protectedPrefixes;
    private final Function<String, LevelOfAssurance> levelFor;
    private final String loginPath;
    private final String callbackPath;
    private final String logoutPath;
    private final String backChannelPath;
    private final URI postLogoutRedirect;
    private final Duration lifetime;
    private final String cookieName;
    private final Clock clock;

    private NationalLoginFilter(Builder b) {
        this.sso = b.sso;
        this.store = b.store;
        this.backChannel = b.backChannel;
        this.protectedPrefixes = List.copyOf(b.protectedPrefixes);
        this.levelFor = b.levelFor;
        this.loginPath = b.loginPath;
        this.callbackPath = b.callbackPath;
        this.logoutPath = b.logoutPath;
        this.backChannelPath = b.backChannelPath;
        this.postLogoutRedirect = b.postLogoutRedirect;
        this.lifetime = b.lifetime;
        this.cookieName = b.cookieName;
        this.clock = b.clock;
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
        String path = req.getRequestURI().substring(req.getContextPath().length());
        try {
            if (path.equals(backChannelPath)) {
                backChannel(req, res);
            } else if (path.equals(loginPath)) {
                login(req, res, req.getParameter("returnTo"), "true".equals(req.getParameter("stepUp")));
            } else if (path.equals(callbackPath)) {
                callback(req, res);
            } else if (path.equals(logoutPath)) {
                logout(req, res);
            } else {
                guard(req, res, chain, path);
            }
        } catch (LoginException e) {
            error(res, e.reason() == LoginException.Reason.PLATFORM_UNAVAILABLE ? 503 : 400, e.persianMessage());
        } catch (PanjerehException e) {
            error(res, 503, "سامانه موقتاً در دسترس نیست. لطفاً دقایقی بعد دوباره تلاش کنید.");
        }
    }

    private void guard(HttpServletRequest req, HttpServletResponse res, FilterChain chain, String path)
            throws IOException, ServletException {
        Optional<PortalSession> session = current(req).filter(PortalSession::isAuthenticated);
        session.ifPresent(s -> {
            req.setAttribute(CITIZEN, s.citizen());
            req.setAttribute(CSRF, s.csrfToken());
        });
        if (protectedPrefixes.stream().noneMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"))) {
            chain.doFilter(req, res);
            return;
        }
        String here = path + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        boolean safeMethod = req.getMethod().equals("GET") || req.getMethod().equals("HEAD");
        if (session.isEmpty()) {
            if (safeMethod) {
                res.sendRedirect(req.getContextPath() + loginPath + "?returnTo=" + enc(here));
            } else {
                error(res, 401, "برای این کار باید از راه پنجره ملی وارد شوید.");
            }
            return;
        }
        LevelOfAssurance required = levelFor.apply(path);
        if (!session.get().citizen().satisfies(required)) {
            if (safeMethod) {
                res.sendRedirect(req.getContextPath() + loginPath + "?stepUp=true&returnTo=" + enc(here));
            } else {
                error(res, 403, "این خدمت به سطح اطمینان بالاتری نیاز دارد.");
            }
            return;
        }
        res.setHeader("Cache-Control", "no-store");
        chain.doFilter(req, res);
    }

    private void login(HttpServletRequest req, HttpServletResponse res, String returnTo, boolean stepUp) throws IOException {
        String target = NationalLogin.safeReturnTo(returnTo);
        LoginRequest login = sso.start(levelFor.apply(target.replaceAll("[?#].*$", "")), target, stepUp);
        current(req).ifPresent(s -> store.delete(s.id()));
        Instant now = clock.instant();
        PortalSession pre = new PortalSession(newId(), login.pending(), null, null, newId(), now, now.plus(Duration.ofMinutes(15)));
        store.save(pre);
        setCookie(req, res, pre.id(), Duration.ofMinutes(15));
        res.setHeader("Cache-Control", "no-store");
        res.sendRedirect(login.redirectTo().toString());
    }

    private void callback(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Optional<PortalSession> pre = current(req);
        PendingLogin pending = pre.map(PortalSession::pending).orElse(null);
        pre.ifPresent(s -> store.delete(s.id()));
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("state", "code", "iss", "error")) {
            String v = req.getParameter(name);
            if (v != null && v.length() <= 4096) {
                params.put(name, v);
            }
        }
        LoginResult result = sso.finish(pending, params);
        Instant now = clock.instant();
        // A new id for the logged-in session: a session id seen before login is never trusted after it.
        PortalSession session = new PortalSession(newId(), null, result.citizen(), result.idToken(), newId(), now, now.plus(lifetime));
        store.save(session);
        setCookie(req, res, session.id(), lifetime);
        res.setHeader("Cache-Control", "no-store");
        res.sendRedirect(req.getContextPath() + NationalLogin.safeReturnTo(pending.returnTo()));
    }

    private void logout(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Optional<PortalSession> s = current(req);
        s.ifPresent(x -> store.delete(x.id()));
        setCookie(req, res, "", Duration.ZERO);
        String idToken = s.map(PortalSession::idToken).orElse(null);
        Optional<URI> platformLogout = idToken == null ? Optional.empty() : sso.logoutUri(idToken, postLogoutRedirect, null);
        res.sendRedirect(platformLogout.map(URI::toString).orElse(req.getContextPath() + "/"));
    }

    private void backChannel(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        if (backChannel == null || !req.getMethod().equals("POST")) {
            res.setStatus(backChannel == null ? 404 : 405);
            return;
        }
        BackChannelLogout.Notice n;
        try {
            n = backChannel.validate(req.getParameter("logout_token"));
        } catch (LoginException e) {
            res.setStatus(400);
            res.setContentType("application/json");
            res.getWriter().write("{\"error\":\"invalid_request\"}");
            return;
        }
        String issuer = sso.issuer().toString();
        if (n.sessionId() != null) {
            store.deleteBySessionId(issuer, n.sessionId());
        } else if (n.subject() != null) {
            store.deleteBySubject(issuer, n.subject());
        }
        res.setStatus(200);
    }

    private Optional<PortalSession> current(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(cookieName) && c.getValue().matches("[A-Za-z0-9_-]{43}")) {
                return store.find(c.getValue());
            }
        }
        return Optional.empty();
    }

    private void setCookie(HttpServletRequest req, HttpServletResponse res, String value, Duration maxAge) {
        Cookie c = new Cookie(cookieName, value);
        c.setPath(req.getContextPath().isEmpty() ? "/" : req.getContextPath());
        c.setHttpOnly(true);
        c.setSecure(req.isSecure());
        c.setMaxAge((int) maxAge.toSeconds());
        c.setAttribute("SameSite", "Lax");
        res.addCookie(c);
    }

    private static void error(HttpServletResponse res, int status, String persian) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.resetBuffer();
        res.setStatus(status);
        res.setContentType("text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        res.getWriter().write("<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>خطا</title>"
                + "</head><body><main><h1>ورود انجام نشد</h1><p role=\"alert\">" + escape(persian)
                + "</p><p><a href=\"/\">بازگشت به صفحهٔ اصلی</a></p></main></body></html>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Builder of {@link NationalLoginFilter}. */
    public static final class Builder {
        private final NationalLogin sso;
        private final SessionStore store;
        private final BackChannelLogout backChannel;
        private final List<String> protectedPrefixes = new ArrayList<>();
        private Function<String, LevelOfAssurance> levelFor = p -> LevelOfAssurance.LOA1;
        private String loginPath = "/login";
        private String callbackPath = "/callback";
        private String logoutPath = "/logout";
        private String backChannelPath = "/backchannel-logout";
        private URI postLogoutRedirect;
        private Duration lifetime = Duration.ofHours(8);
        private String cookieName = "PANJEREH_SESSION";
        private Clock clock = Clock.systemUTC();

        private Builder(NationalLogin sso, SessionStore store, BackChannelLogout backChannel) {
            this.sso = Objects.requireNonNull(sso);
            this.store = Objects.requireNonNull(store);
            this.backChannel = backChannel;
        }

        /** @param prefixes path prefixes that need a login */
        public Builder protect(String... prefixes) {
            protectedPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /** @param f the level each path needs (for example from its service card); default LOA1 */
        public Builder requiredLevel(Function<String, LevelOfAssurance> f) {
            this.levelFor = Objects.requireNonNull(f);
            return this;
        }

        /**
         * @param login       starts a login (default /login)
         * @param callback    the registered redirect path (default /callback)
         * @param logout      ends the session (default /logout)
         * @param backChannel the registered back-channel logout path (default /backchannel-logout)
         * @return this builder
         */
        public Builder paths(String login, String callback, String logout, String backChannel) {
            this.loginPath = login;
            this.callbackPath = callback;
            this.logoutPath = logout;
            this.backChannelPath = backChannel;
            return this;
        }

        /** @param uri where the platform sends the browser after logout */
        public Builder postLogoutRedirect(URI uri) {
            this.postLogoutRedirect = uri;
            return this;
        }

        /** @param d session lifetime (default 8 hours) */
        public Builder sessionLifetime(Duration d) {
            this.lifetime = Objects.requireNonNull(d);
            return this;
        }

        /** @param c clock */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** @return the filter */
        public NationalLoginFilter build() {
            return new NationalLoginFilter(this);
        }
    }
}
