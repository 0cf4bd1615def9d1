package org.panjereh.sso;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.sso.internal.PortalGate;

/**
 * What the portal adapters share: which paths need a login and at what level, the login, callback,
 * logout and back-channel paths, and session settings. {@link NationalLoginFilter.Builder} (Jakarta
 * Servlet) and {@link NationalLoginRequestFilter.Builder} (Jakarta REST) extend it, so that each adapter
 * needs only its own API on the classpath.
 *
 * @param <B> the concrete builder
 */
public abstract class PortalGateBuilder<B extends PortalGateBuilder<B>> {
    private final NationalLogin sso;
    private final SessionStore store;
    private final BackChannelLogout backChannel;
    private final List<String> protectedPrefixes = new ArrayList<>();
    private java.util.function.BiFunction<String, Citizen, LevelOfAssurance> levelFor = (p, c) -> LevelOfAssurance.LOA1;
    private String loginPath = "/login";
    private String callbackPath = "/callback";
    private String logoutPath = "/logout";
    private String backChannelPath = "/backchannel-logout";
    private URI postLogoutRedirect;
    private Duration lifetime = Duration.ofHours(8);
    private final String cookieName = "PANJEREH_SESSION";
    private Clock clock = Clock.systemUTC();

    PortalGateBuilder(NationalLogin sso, SessionStore store, BackChannelLogout backChannel) {
        this.sso = Objects.requireNonNull(sso);
        this.store = Objects.requireNonNull(store);
        this.backChannel = backChannel;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param prefixes path prefixes that need a login
     * @return this builder
     */
    public B protect(String... prefixes) {
        protectedPrefixes.addAll(List.of(prefixes));
        return self();
    }

    /**
     * @param f the level each path needs (for example from its service card); default LOA1
     * @return this builder
     */
    public B requiredLevel(Function<String, LevelOfAssurance> f) {
        Objects.requireNonNull(f);
        this.levelFor = (path, citizen) -> f.apply(path);
        return self();
    }

    /**
     * The level a path needs, knowing who asks: a portal may ask no step-up of a person the path's service will refuse
     * anyway (a foreign national whose login reaches level 1, at a service for companies), so that the service's own
     * refusal, in Persian, is what the person sees rather than a login they cannot complete.
     *
     * @param f the level each path needs for the person logged in ({@code null} before anyone is)
     * @return this builder
     */
    public B requiredLevel(java.util.function.BiFunction<String, Citizen, LevelOfAssurance> f) {
        this.levelFor = Objects.requireNonNull(f);
        return self();
    }

    /**
     * @param login       starts a login (default /login)
     * @param callback    the registered redirect path (default /callback)
     * @param logout      ends the session (default /logout)
     * @param backChannel the registered back-channel logout path (default /backchannel-logout)
     * @return this builder
     */
    public B paths(String login, String callback, String logout, String backChannel) {
        this.loginPath = login;
        this.callbackPath = callback;
        this.logoutPath = logout;
        this.backChannelPath = backChannel;
        return self();
    }

    /**
     * @param uri where the platform sends the browser after logout
     * @return this builder
     */
    public B postLogoutRedirect(URI uri) {
        this.postLogoutRedirect = uri;
        return self();
    }

    /**
     * @param d session lifetime (default 8 hours)
     * @return this builder
     */
    public B sessionLifetime(Duration d) {
        this.lifetime = Objects.requireNonNull(d);
        return self();
    }

    /**
     * @param c clock
     * @return this builder
     */
    public B clock(Clock c) {
        this.clock = Objects.requireNonNull(c);
        return self();
    }

    PortalGate gate() {
        return new PortalGate(sso, store, backChannel, new PortalGate.Settings(List.copyOf(protectedPrefixes), levelFor,
                loginPath, callbackPath, logoutPath, backChannelPath, postLogoutRedirect, lifetime, cookieName, clock));
    }
}
