package org.panjereh.spring.boot.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PanjerehException;
import org.panjereh.spring.boot.security.CitizenAuthentication;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.LoginException;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.LoginResult;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.PendingLogin;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The national login's three endpoints in a Spring Security filter chain: the login start, the callback (a
 * {@link CitizenAuthentication} saved in the session, whose id changes), and the back-channel logout. It also ends,
 * at their next request, sessions a back-channel logout named.
 */
public final class NationalLoginEndpoints extends OncePerRequestFilter {

    static final String PENDING = NationalLoginEndpoints.class.getName() + ".PENDING";

    /**
     * The endpoints' paths, relative to the context path.
     *
     * @param login        starts a login: {@code ?returnTo=/path&level=LOA2&stepUp=true}
     * @param callback     the registered redirect URI's path
     * @param backChannel  the registered back-channel logout path
     * @param defaultLevel the level of a login no rule asked a level for
     */
    public record Paths(String login, String callback, String backChannel, LevelOfAssurance defaultLevel) {
        /** Requires all. */
        public Paths {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(callback, "callback");
            Objects.requireNonNull(backChannel, "backChannel");
            Objects.requireNonNull(defaultLevel, "defaultLevel");
        }
    }

    private final NationalLogin sso;
    private final BackChannelLogout backChannel;
    private final CitizenSessions sessions;
    private final Paths paths;
    private final SecurityContextRepository contexts;
    private final SessionAuthenticationStrategy sessionStrategy;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    /**
     * @param sso             the relying party
     * @param backChannel     the logout-token validator
     * @param sessions        the session index
     * @param paths           the paths
     * @param contexts        where the security context is saved
     * @param sessionStrategy what a login does to the session (a new id, a new CSRF token)
     */
    public NationalLoginEndpoints(NationalLogin sso, BackChannelLogout backChannel, CitizenSessions sessions, Paths paths,
                                  SecurityContextRepository contexts, SessionAuthenticationStrategy sessionStrategy) {
        this.sso = Objects.requireNonNull(sso);
        this.backChannel = Objects.requireNonNull(backChannel);
        this.sessions = Objects.requireNonNull(sessions);
        this.paths = Objects.requireNonNull(paths);
        this.contexts = Objects.requireNonNull(contexts);
        this.sessionStrategy = Objects.requireNonNull(sessionStrategy);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String path = path(req);
        try {
            if (path.equals(paths.backChannel())) {
                backChannel(req, res);
                return;
            }
            if (path.equals(paths.login()) && isGet(req)) {
                login(req, res);
                return;
            }
            if (path.equals(paths.callback()) && isGet(req)) {
                callback(req, res);
                return;
            }
        } catch (LoginException e) {
            Pages.refuse(req, res, e.reason() == LoginException.Reason.PLATFORM_UNAVAILABLE ? 503 : 400,
                    "login." + e.reason(), e.persianMessage(), e);
            return;
        } catch (PanjerehException e) {
            Pages.refuse(req, res, 503, "login.platform", "سامانه موقتاً در دسترس نیست. لطفاً دقایقی بعد دوباره تلاش کنید.", e);
            return;
        }
        HttpSession session = req.getSession(false);
        if (sessions.revoked(session)) {
            // Logged out at the platform: this session ends now, and the request goes on as anonymous.
            session.invalidate();
            holder.clearContext();
            contexts.saveContext(holder.createEmptyContext(), req, res);
        }
        chain.doFilter(req, res);
    }

    private void login(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String returnTo = NationalLogin.safeReturnTo(req.getParameter("returnTo"));
        LevelOfAssurance level = level(req.getParameter("level"));
        Authentication current = holder.getContext().getAuthentication();
        boolean loggedIn = current instanceof CitizenAuthentication c && c.isAuthenticated();
        if (loggedIn && ((CitizenAuthentication) current).citizen().satisfies(level) && !"true".equals(req.getParameter("stepUp"))) {
            res.sendRedirect(req.getContextPath() + returnTo);
            return;
        }
        // A step-up when someone is logged in: the platform must authenticate again (prompt=login).
        LoginRequest login = sso.start(level, returnTo, loggedIn);
        req.getSession(true).setAttribute(PENDING, login.pending());
        res.sendRedirect(login.redirectTo().toString());
    }

    private LevelOfAssurance level(String v) {
        if (v == null || v.isBlank()) {
            return paths.defaultLevel();
        }
        for (LevelOfAssurance l : LevelOfAssurance.values()) {
            if (l.name().equals(v)) {
                return l;
            }
        }
        return paths.defaultLevel();
    }

    private void callback(HttpServletRequest req, HttpServletResponse res) throws IOException {
        HttpSession pre = req.getSession(false);
        PendingLogin pending = pre == null ? null : (PendingLogin) pre.getAttribute(PENDING);
        if (pre != null) {
            pre.removeAttribute(PENDING);
        }
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("state", "code", "iss", "error")) {
            String v = req.getParameter(name);
            if (v != null && v.length() <= 4096) {
                params.put(name, v);
            }
        }
        LoginResult result = sso.finish(pending, params);
        CitizenAuthentication auth = new CitizenAuthentication(result.citizen(), result.idToken());
        // A session id seen before login is never trusted after it; the CSRF token changes too.
        sessionStrategy.onAuthentication(auth, req, res);
        SecurityContext ctx = holder.createEmptyContext();
        ctx.setAuthentication(auth);
        holder.setContext(ctx);
        contexts.saveContext(ctx, req, res);
        sessions.register(req.getSession(true), result.citizen());
        res.sendRedirect(req.getContextPath() + NationalLogin.safeReturnTo(pending.returnTo()));
    }

    private void backChannel(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            Pages.jsonRefusal(req, res, 405, "method_not_allowed", null);
            return;
        }
        BackChannelLogout.Notice n;
        try {
            n = backChannel.validate(req.getParameter("logout_token"));
        } catch (LoginException e) {
            Pages.jsonRefusal(req, res, 400, "invalid_request", e);
            return;
        }
        sessions.end(sso.issuer().toString(), n);
        res.setStatus(200);
        res.setHeader("Cache-Control", "no-store");
        res.setContentType("application/json");
        res.getWriter().write("{}");
    }

    private static boolean isGet(HttpServletRequest req) {
        return "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
    }

    /**
     * @param req a request
     * @return its path within the application (without the context path and the query)
     */
    public static String path(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String ctx = req.getContextPath();
        return uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    }

    /**
     * Where to send a browser to log in.
     *
     * @param req      the request that needs a login
     * @param login    the login path
     * @param level    the level to ask for
     * @param stepUp   whether someone is logged in at a lower level
     * @return the login URL, with the request's path and query to come back to
     */
    public static String loginUrl(HttpServletRequest req, String login, LevelOfAssurance level, boolean stepUp) {
        String here = path(req) + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        return req.getContextPath() + login + "?returnTo=" + URLEncoder.encode(here, StandardCharsets.UTF_8)
                + "&level=" + level.name() + (stepUp ? "&stepUp=true" : "");
    }
}
