package org.panjereh.spring.boot.security;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.panjereh.core.LevelOfAssurance;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Level-of-assurance rules for Spring Security. In {@code authorizeHttpRequests}:
 * <pre>{@code
 * .requestMatchers("/permits/**").access(Assurance.atLeast(LevelOfAssurance.LOA3))
 * }</pre>
 * and in method security ({@code @EnableMethodSecurity}), through the {@code loa} bean the starter declares:
 * <pre>{@code
 * @PreAuthorize("@loa.atLeast('LOA3')")
 * }</pre>
 * A person logged in at a lower level is sent back to the national login for a step-up at the level named,
 * and comes back to the same page; a person not logged in is sent to log in at that level. Only a request that
 * cannot be redirected (not GET or HEAD) gets 403.
 */
public final class Assurance {

    private static final String REQUIRED = Assurance.class.getName() + ".REQUIRED";

    private Assurance() {
    }

    /**
     * @param required the lowest level allowed
     * @param <T>      what is authorized (a request, a method call)
     * @return a rule granting citizens logged in at {@code required} or above
     */
    public static <T> AuthorizationManager<T> atLeast(LevelOfAssurance required) {
        Objects.requireNonNull(required, "required");
        return new AuthorizationManager<>() {
            // authorize() is what Spring Security 6.4+ and 7 call; check() is kept for 6.x callers that still use it.
            @Override
            public AuthorizationResult authorize(Supplier<Authentication> authentication, T object) {
                Decision d = decide(authentication.get(), required);
                if (!d.isGranted() && object instanceof RequestAuthorizationContext rc) {
                    rc.getRequest().setAttribute(REQUIRED, required);
                }
                return d;
            }

            @Override
            @SuppressWarnings("deprecation")
            public AuthorizationDecision check(Supplier<Authentication> authentication, T object) {
                return (Decision) authorize(authentication, object);
            }

            @Override
            public String toString() {
                return "Assurance.atLeast(" + required + ")";
            }
        };
    }

    /**
     * The rule for the current person, for method security expressions.
     *
     * @param required a level: {@code LOA2}, {@code 2} or {@code urn:ir:gov:loa:2}
     * @return the decision, which a step-up can turn around
     */
    public static AuthorizationResult check(String required) {
        LevelOfAssurance level = parse(required);
        Decision d = decide(SecurityContextHolder.getContext().getAuthentication(), level);
        RequestAttributes a = RequestContextHolder.getRequestAttributes();
        if (!d.isGranted() && a != null) {
            a.setAttribute(REQUIRED, level, RequestAttributes.SCOPE_REQUEST);
        }
        return d;
    }

    /**
     * The level a denied request asked for, when an {@link Assurance} rule denied it: Spring Security hands a person
     * who is not logged in to the entry point without the denial, so the rule leaves the level on the request.
     *
     * @param request the request
     * @return the level, or empty
     */
    public static java.util.Optional<LevelOfAssurance> requiredBy(jakarta.servlet.http.HttpServletRequest request) {
        return request.getAttribute(REQUIRED) instanceof LevelOfAssurance l ? java.util.Optional.of(l) : java.util.Optional.empty();
    }

    static LevelOfAssurance parse(String level) {
        String v = Objects.requireNonNull(level, "level").strip();
        if (v.startsWith("urn:")) {
            return LevelOfAssurance.fromAcr(v);
        }
        String name = v.toUpperCase(Locale.ROOT);
        return LevelOfAssurance.valueOf(name.startsWith("LOA") ? name : "LOA" + name);
    }

    private static Decision decide(Authentication a, LevelOfAssurance required) {
        boolean granted = a instanceof CitizenAuthentication c && c.isAuthenticated() && c.citizen().satisfies(required);
        return new Decision(granted, required);
    }

    /**
     * A decision that remembers the level it asked for, so that a denial can become a step-up.
     */
    public static final class Decision extends AuthorizationDecision {
        private final LevelOfAssurance required;

        /**
         * @param granted  whether the person may proceed
         * @param required the level asked for
         */
        public Decision(boolean granted, LevelOfAssurance required) {
            super(granted);
            this.required = Objects.requireNonNull(required, "required");
        }

        /** @return the level asked for */
        public LevelOfAssurance required() {
            return required;
        }

        @Override
        public String toString() {
            return "Assurance.Decision[granted=" + isGranted() + ", required=" + required + "]";
        }
    }

    /** The {@code loa} bean of method security expressions: {@code @PreAuthorize("@loa.atLeast('LOA3')")}. */
    public static final class Expressions {
        /** Creates the bean. */
        public Expressions() {
        }

        /**
         * @param level a level: {@code LOA2}, {@code 2} or {@code urn:ir:gov:loa:2}
         * @return the decision for the current person
         */
        public AuthorizationResult atLeast(String level) {
            return check(level);
        }
    }
}
