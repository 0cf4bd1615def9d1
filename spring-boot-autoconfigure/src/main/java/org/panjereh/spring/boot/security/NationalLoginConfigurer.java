package org.panjereh.spring.boot.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Objects;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.spring.boot.PanjerehProperties;
import org.panjereh.spring.boot.internal.CitizenSessions;
import org.panjereh.spring.boot.internal.NationalLoginEndpoints;
import org.panjereh.spring.boot.internal.Pages;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.NationalLogin;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * National login in a Spring Security filter chain, the way {@code oauth2Login()} is used:
 * <pre>{@code
 * @Bean
 * SecurityFilterChain portal(HttpSecurity http) throws Exception {
 *     return http
 *         .authorizeHttpRequests(a -> a
 *             .requestMatchers("/", "/track/**").permitAll()
 *             .requestMatchers("/permits/**").access(Assurance.atLeast(LevelOfAssurance.LOA3))
 *             .anyRequest().authenticated())
 *         .with(NationalLoginConfigurer.nationalLogin(), Customizer.withDefaults())
 *         .build();
 * }
 * }</pre>
 * It adds the login start ({@code /login}), the callback (the path of {@code panjereh.sso.redirect-uri}) and the
 * back-channel logout ({@code /backchannel-logout}, the only path it exempts from CSRF, since the platform posts a
 * signed logout token there); makes the {@link CitizenAuthentication} the authenticated principal; sends a person
 * who must log in, or log in more strongly ({@link Assurance}), to the national login and back; makes
 * {@code /logout} end the platform's session too; and answers every other refusal with a Persian page carrying an
 * error id that stands in exactly one log line. CSRF protection stays on for everything else. Pages that must work
 * with no session (the callback) are not matched by the application's rules: the filter answers them first.
 *
 * @param <H> the builder
 */
public final class NationalLoginConfigurer<H extends HttpSecurityBuilder<H>>
        extends AbstractHttpConfigurer<NationalLoginConfigurer<H>, H> {

    private String loginPath = "/login";
    private String callbackPath;
    private String backChannelPath = "/backchannel-logout";
    private LevelOfAssurance defaultLevel = LevelOfAssurance.LOA1;
    private URI postLogoutRedirect;
    private NationalLogin login;
    private BackChannelLogout backChannel;

    /** Use {@link #nationalLogin()}. */
    public NationalLoginConfigurer() {
    }

    /**
     * @param <H> the builder
     * @return a configurer taking its beans from the application context
     */
    public static <H extends HttpSecurityBuilder<H>> NationalLoginConfigurer<H> nationalLogin() {
        return new NationalLoginConfigurer<>();
    }

    /**
     * @param path where a login starts (default {@code /login})
     * @return this configurer
     */
    public NationalLoginConfigurer<H> loginPath(String path) {
        this.loginPath = checkedPath(path);
        return this;
    }

    /**
     * @param path the callback's path (default: the path of {@code panjereh.sso.redirect-uri})
     * @return this configurer
     */
    public NationalLoginConfigurer<H> callbackPath(String path) {
        this.callbackPath = checkedPath(path);
        return this;
    }

    /**
     * @param path the back-channel logout path registered at the platform (default {@code /backchannel-logout})
     * @return this configurer
     */
    public NationalLoginConfigurer<H> backChannelPath(String path) {
        this.backChannelPath = checkedPath(path);
        return this;
    }

    /**
     * @param level the level of a login that no {@link Assurance} rule asked a level for (default LOA1)
     * @return this configurer
     */
    public NationalLoginConfigurer<H> defaultLevel(LevelOfAssurance level) {
        this.defaultLevel = Objects.requireNonNull(level, "level");
        return this;
    }

    /**
     * @param uri where the platform sends the browser after logging out there (default
     *            {@code panjereh.sso.post-logout-redirect-uri}, else the portal's root)
     * @return this configurer
     */
    public NationalLoginConfigurer<H> postLogoutRedirect(URI uri) {
        this.postLogoutRedirect = Objects.requireNonNull(uri, "uri");
        return this;
    }

    /**
     * @param login the relying party (default: the application's {@link NationalLogin} bean)
     * @return this configurer
     */
    public NationalLoginConfigurer<H> nationalLogin(NationalLogin login) {
        this.login = Objects.requireNonNull(login, "login");
        return this;
    }

    private static String checkedPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("?")) {
            throw new org.panjereh.core.PanjerehConfigurationException("A path starting with one /, without a query: " + path);
        }
        return path;
    }

    @Override
    public void init(H http) {
        ApplicationContext ctx = http.getSharedObject(ApplicationContext.class);
        if (login == null) {
            login = bean(ctx, NationalLogin.class);
        }
        backChannel = bean(ctx, BackChannelLogout.class);
        if (callbackPath == null) {
            callbackPath = callbackFromProperties(ctx);
        }
        if (postLogoutRedirect == null) {
            postLogoutRedirect = postLogoutFromProperties(ctx);
        }
        RequestMatcher backChannelCall = r -> "POST".equals(r.getMethod())
                && backChannelPath.equals(NationalLoginEndpoints.path(r));
        @SuppressWarnings("unchecked")
        CsrfConfigurer<H> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.ignoringRequestMatchers(backChannelCall);
        }
        @SuppressWarnings("unchecked")
        ExceptionHandlingConfigurer<H> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
        if (exceptions != null) {
            exceptions.defaultAuthenticationEntryPointFor(entryPoint(), AnyRequestMatcher.INSTANCE);
            exceptions.defaultAccessDeniedHandlerFor(accessDenied(), AnyRequestMatcher.INSTANCE);
        }
        @SuppressWarnings("unchecked")
        LogoutConfigurer<H> logout = http.getConfigurer(LogoutConfigurer.class);
        if (logout != null) {
            logout.logoutSuccessHandler(platformLogout());
        }
    }

    @Override
    public void configure(H http) {
        ApplicationContext ctx = http.getSharedObject(ApplicationContext.class);
        CitizenSessions sessions = ctx.getBeanProvider(CitizenSessions.class).getIfAvailable(CitizenSessions::new);
        SecurityContextRepository contexts = http.getSharedObject(SecurityContextRepository.class);
        if (contexts == null) {
            contexts = new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                    new HttpSessionSecurityContextRepository());
        }
        SessionAuthenticationStrategy sessionStrategy = http.getSharedObject(SessionAuthenticationStrategy.class);
        if (sessionStrategy == null) {
            sessionStrategy = new ChangeSessionIdAuthenticationStrategy();
        }
        NationalLoginEndpoints endpoints = new NationalLoginEndpoints(login, backChannel, sessions,
                new NationalLoginEndpoints.Paths(loginPath, callbackPath, backChannelPath, defaultLevel), contexts, sessionStrategy);
        http.addFilterBefore(postProcess(endpoints), LogoutFilter.class);
    }

    /** Not logged in: GET and HEAD go to the national login at the level the rule asked, others get 401. */
    private AuthenticationEntryPoint entryPoint() {
        return (HttpServletRequest req, HttpServletResponse res, AuthenticationException e) -> {
            LevelOfAssurance level = requiredLevel(e.getCause()).or(() -> Assurance.requiredBy(req)).orElse(defaultLevel);
            if (isGet(req)) {
                res.sendRedirect(NationalLoginEndpoints.loginUrl(req, loginPath, level, false));
            } else {
                Pages.refuse(req, res, 401, "login.required", "برای این کار باید از راه پنجره ملی وارد شوید.", null);
            }
        };
    }

    /** Logged in too weakly: a step-up; refused for another reason: 403 with an error id. */
    private AccessDeniedHandler accessDenied() {
        return (HttpServletRequest req, HttpServletResponse res, AccessDeniedException e) -> {
            java.util.Optional<LevelOfAssurance> level = requiredLevel(e);
            if (level.isPresent() && isGet(req)) {
                res.sendRedirect(NationalLoginEndpoints.loginUrl(req, loginPath, level.get(), true));
            } else if (level.isPresent()) {
                Pages.refuse(req, res, 403, "login.level_too_low", "این خدمت به سطح اطمینان بالاتری نیاز دارد.", e);
            } else {
                Pages.refuse(req, res, 403, "access.denied", "اجازهٔ این کار را ندارید.", e);
            }
        };
    }

    private static java.util.Optional<LevelOfAssurance> requiredLevel(Throwable e) {
        if (e instanceof AuthorizationDeniedException d && d.getAuthorizationResult() instanceof Assurance.Decision a) {
            return java.util.Optional.of(a.required());
        }
        return java.util.Optional.empty();
    }

    /** Logged out here: the platform's session ends too, when it offers RP-initiated logout. */
    private LogoutSuccessHandler platformLogout() {
        return (HttpServletRequest req, HttpServletResponse res, Authentication a) -> {
            String idToken = a instanceof CitizenAuthentication c ? c.idToken() : null;
            java.util.Optional<URI> platform = idToken == null ? java.util.Optional.empty()
                    : login.logoutUri(idToken, postLogoutRedirect, null);
            res.sendRedirect(platform.map(URI::toString).orElse(req.getContextPath() + "/"));
        };
    }

    private static boolean isGet(HttpServletRequest req) {
        return "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
    }

    private static <T> T bean(ApplicationContext ctx, Class<T> type) {
        try {
            return ctx.getBean(type);
        } catch (NoSuchBeanDefinitionException e) {
            throw new IllegalStateException("National login needs a " + type.getSimpleName()
                    + " bean: add panjereh-spring-boot-starter and set panjereh.sso.redirect-uri", e);
        }
    }

    private static String callbackFromProperties(ApplicationContext ctx) {
        URI callback = properties(ctx).getSso().getRedirectUri();
        if (callback == null) {
            throw new org.panjereh.core.PanjerehConfigurationException("panjereh.sso.redirect-uri is not set");
        }
        String path = callback.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static URI postLogoutFromProperties(ApplicationContext ctx) {
        PanjerehProperties.Sso sso = properties(ctx).getSso();
        return sso.getPostLogoutRedirectUri() != null ? sso.getPostLogoutRedirectUri() : sso.getRedirectUri().resolve("/");
    }

    /** The starter's bound {@code panjereh.*} keys: the same values the SDK's beans were made from. */
    private static PanjerehProperties properties(ApplicationContext ctx) {
        return bean(ctx, PanjerehProperties.class);
    }
}
