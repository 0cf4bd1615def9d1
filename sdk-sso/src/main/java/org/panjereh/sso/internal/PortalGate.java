package org.panjereh.sso.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.panjereh.sso.Citizen;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.Refusals;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.LoginException;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.LoginResult;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.PendingLogin;
import org.panjereh.sso.PortalSession;
import org.panjereh.sso.SessionStore;

/**
 * The login gate shared by the Servlet and Jakarta REST adapters: what to do with one request, as a
 * value the adapter turns into its own response.
 */
public final class PortalGate {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the adapter sees of a request. */
    public interface In {
        /** @return HTTP method */
        String method();

        /** @return path within the application */
        String path();

        /** @return raw query string, or {@code null} */
        String query();

        /**
         * @param name parameter
         * @return a query (or, for POST forms, body) parameter, or {@code null}
         */
        String param(String name);

        /**
         * @param name cookie
         * @return its value, or {@code null}
         */
        String cookie(String name);

        /** @return whether the request came over TLS */
        boolean secure();

        /** @return the application's context path, {@code ""} at the root */
        String contextPath();
    }

    /** What the adapter must do. */
    public sealed interface Out permits Pass, Redirect, Page {
    }

    /**
     * Let the request through.
     *
     * @param session the logged-in session, or {@code null}
     */
    public record Pass(PortalSession session) implements Out {
    }

    /**
     * Answer with a redirect.
     *
     * @param location   where to
     * @param setCookies {@code Set-Cookie} header values
     */
    public record Redirect(String location, List<String> setCookies) implements Out {
    }

    /**
     * Answer with a body.
     *
     * @param status      HTTP status
     * @param contentType media type
     * @param body        the body
     */
    public record Page(int status, String contentType, String body) implements Out {
    }

    /**
     * The gate's settings.
     *
     * @param protectedPrefixes path prefixes that need a login
     * @param levelFor          the level a path needs
     * @param loginPath         starts a login
     * @param callbackPath      the registered redirect path
     * @param logoutPath        ends the session
     * @param backChannelPath   the registered back-channel logout path
     * @param postLogoutRedirect where the platform sends the browser after logout, or {@code null}
     * @param lifetime          session lifetime
     * @param cookieName        session cookie name
     * @param clock             clock
     */
    public record Settings(List<String> protectedPrefixes, java.util.function.BiFunction<String, Citizen, LevelOfAssurance> levelFor,
                           String loginPath,
                           String callbackPath, String logoutPath, String backChannelPath, URI postLogoutRedirect,
                           Duration lifetime, String cookieName, Clock clock) {
    }

    private final NationalLogin sso;
    private final SessionStore store;
    private final BackChannelLogout backChannel;
    private final Settings s;

    /**
     * @param sso         relying party
     * @param store       sessions
     * @param backChannel logout-token validator, or {@code null}
     * @param settings    settings
     */
    public PortalGate(NationalLogin sso, SessionStore store, BackChannelLogout backChannel, Settings settings) {
        this.sso = sso;
        this.store = store;
        this.backChannel = backChannel;
        this.s = settings;
    }

    /**
     * Decides what to do with a request.
     *
     * @param in the request
     * @return the decision
     */
    public Out handle(In in) {
        try {
            String path = in.path();
            if (path.equals(s.backChannelPath())) {
                return backChannel(in);
            }
            if (path.equals(s.loginPath())) {
                return login(in, in.param("returnTo"), "true".equals(in.param("stepUp")));
            }
            if (path.equals(s.callbackPath())) {
                return callback(in);
            }
            if (path.equals(s.logoutPath())) {
                return logout(in);
            }
            return guard(in, path);
        } catch (LoginException e) {
            return refuse(e.reason() == LoginException.Reason.PLATFORM_UNAVAILABLE ? 503 : 400, "login." + e.reason(), in,
                    e.persianMessage(), e);
        } catch (PanjerehException e) {
            return refuse(503, "login.platform", in, "سامانه موقتاً در دسترس نیست. لطفاً دقایقی بعد دوباره تلاش کنید.", e);
        }
    }

    private Out guard(In in, String path) {
        Optional<PortalSession> session = current(in).filter(PortalSession::isAuthenticated);
        if (s.protectedPrefixes().stream().noneMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"))) {
            return new Pass(session.orElse(null));
        }
        String here = path + (in.query() == null ? "" : "?" + in.query());
        boolean safe = in.method().equals("GET") || in.method().equals("HEAD");
        if (session.isEmpty()) {
            return safe ? new Redirect(in.contextPath() + s.loginPath() + "?returnTo=" + enc(here), List.of())
                    : refuse(401, "login.required", in, "برای این کار باید از راه پنجره ملی وارد شوید.", null);
        }
        if (!session.get().citizen().satisfies(s.levelFor().apply(path, session.get().citizen()))) {
            return safe ? new Redirect(in.contextPath() + s.loginPath() + "?stepUp=true&returnTo=" + enc(here), List.of())
                    : refuse(403, "login.level_too_low", in, "این خدمت به سطح اطمینان بالاتری نیاز دارد.", null);
        }
        return new Pass(session.get());
    }

    private Out login(In in, String returnTo, boolean stepUp) {
        String target = NationalLogin.safeReturnTo(returnTo);
        LoginRequest login = sso.start(s.levelFor().apply(target.replaceAll("[?#].*$", ""), null), target, stepUp);
        current(in).ifPresent(x -> store.delete(x.id()));
        Instant now = s.clock().instant();
        PortalSession pre = new PortalSession(newId(), login.pending(), null, null, newId(), now, now.plus(Duration.ofMinutes(15)));
        store.save(pre);
        return new Redirect(login.redirectTo().toString(), List.of(cookie(in, pre.id(), Duration.ofMinutes(15))));
    }

    private Out callback(In in) {
        Optional<PortalSession> pre = current(in);
        PendingLogin pending = pre.map(PortalSession::pending).orElse(null);
        pre.ifPresent(x -> store.delete(x.id()));
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("state", "code", "iss", "error")) {
            String v = in.param(name);
            if (v != null && v.length() <= 4096) {
                params.put(name, v);
            }
        }
        LoginResult result = sso.finish(pending, params);
        Instant now = s.clock().instant();
        // A new id for the logged-in session: a session id seen before login is never trusted after it.
        PortalSession session = new PortalSession(newId(), null, result.citizen(), result.idToken(), newId(), now,
                now.plus(s.lifetime()));
        store.save(session);
        return new Redirect(in.contextPath() + NationalLogin.safeReturnTo(pending.returnTo()),
                List.of(cookie(in, session.id(), s.lifetime())));
    }

    private Out logout(In in) {
        Optional<PortalSession> session = current(in);
        session.ifPresent(x -> store.delete(x.id()));
        String idToken = session.map(PortalSession::idToken).orElse(null);
        Optional<URI> platform = idToken == null ? Optional.empty() : sso.logoutUri(idToken, s.postLogoutRedirect(), null);
        return new Redirect(platform.map(URI::toString).orElse(in.contextPath() + "/"), List.of(cookie(in, "", Duration.ZERO)));
    }

    private Out backChannel(In in) {
        if (backChannel == null) {
            return jsonRefusal(404, "not_found", in, null);
        }
        if (!in.method().equals("POST")) {
            return jsonRefusal(405, "method_not_allowed", in, null);
        }
        BackChannelLogout.Notice n;
        try {
            n = backChannel.validate(in.param("logout_token"));
        } catch (LoginException e) {
            return jsonRefusal(400, "invalid_request", in, e);
        }
        String issuer = sso.issuer().toString();
        if (n.sessionId() != null) {
            store.deleteBySessionId(issuer, n.sessionId());
        } else if (n.subject() != null) {
            store.deleteBySubject(issuer, n.subject());
        }
        return new Page(200, "application/json", "{}");
    }

    private Optional<PortalSession> current(In in) {
        String v = in.cookie(s.cookieName());
        return v != null && v.matches("[A-Za-z0-9_-]{43}") ? store.find(v) : Optional.empty();
    }

    private String cookie(In in, String value, Duration maxAge) {
        return s.cookieName() + "=" + value + "; Path=" + (in.contextPath().isEmpty() ? "/" : in.contextPath())
                + "; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite=Lax" + (in.secure() ? "; Secure" : "");
    }

    /**
     * A refusal a person sees: a Persian page with an error id that stands in exactly one log line, with
     * the reason code, the endpoint (path only: a query may hold a code) and the cause.
     */
    private static Page refuse(int status, String code, In in, String persian, Throwable cause) {
        String id = Refusals.log(status, code, in.method(), in.path(), cause);
        return error(status, persian + " شناسه خطا برای پشتیبانی: " + id);
    }

    /** A refusal a machine sees (the platform's back-channel call): an OAuth-style JSON error with the id. */
    private static Page jsonRefusal(int status, String error, In in, Throwable cause) {
        String id = Refusals.log(status, "backchannel_logout." + error, in.method(), in.path(), cause);
        return new Page(status, "application/json", "{\"error\":\"" + error + "\",\"error_id\":\"" + id + "\"}");
    }

    /**
     * The Persian error page.
     *
     * @param status  HTTP status
     * @param persian the message
     * @return the page
     */
    public static Page error(int status, String persian) {
        return new Page(status, org.panjereh.core.shared.LoginErrorPage.CONTENT_TYPE,
                org.panjereh.core.shared.LoginErrorPage.html(persian));
    }

    private static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
}
