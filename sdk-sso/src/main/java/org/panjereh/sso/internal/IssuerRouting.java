package org.panjereh.sso.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.sso.LoginException;

/**
 * Which issuer a login goes to: the primary, or, while the primary's breaker is open after repeated failures, a
 * fallback issuer (مصوبه ۲ ماده ۱: an alternative authentication service only while the primary is unavailable),
 * configured or announced in the primary's {@code fallback_issuers}. A callback is accepted only from the issuer
 * its login went to.
 */
public final class IssuerRouting {

    private final PlatformDiscovery primary;
    private final Map<URI, PlatformDiscovery> fallbacks = new ConcurrentHashMap<>();
    private final List<URI> configured;
    private final Function<URI, PlatformDiscovery> fallbackDiscovery;
    private final CircuitBreaker breaker;

    /**
     * @param primary           the primary issuer's discovery
     * @param configured        fallback issuers from configuration
     * @param fallbackDiscovery how a fallback's discovery is made
     * @param retryAfter        how long logins skip the primary after repeated failures
     */
    public IssuerRouting(PlatformDiscovery primary, List<URI> configured, Function<URI, PlatformDiscovery> fallbackDiscovery,
                         Duration retryAfter) {
        this.primary = primary;
        this.configured = List.copyOf(configured);
        this.fallbackDiscovery = fallbackDiscovery;
        this.breaker = CircuitBreaker.of("panjereh-sso-primary", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4).minimumNumberOfCalls(2).failureRateThreshold(50)
                .waitDurationInOpenState(retryAfter).permittedNumberOfCallsInHalfOpenState(1).build());
    }

    /** @return the primary issuer's discovery */
    public PlatformDiscovery primary() {
        return primary;
    }

    /**
     * Runs a login's start at the primary, or at the fallbacks while the primary is unavailable.
     *
     * @param start the start at one issuer
     * @param <T>   what it makes
     * @return what the first available issuer's start made
     * @throws LoginException the primary's refusal, or {@code PLATFORM_UNAVAILABLE} when no issuer answered
     */
    public <T> T route(Function<PlatformDiscovery, T> start) {
        LoginException last = null;
        if (breaker.tryAcquirePermission()) {
            long t0 = System.nanoTime();
            try {
                T r = start.apply(primary);
                breaker.onSuccess(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                return r;
            } catch (LoginException e) {
                if (e.reason() != LoginException.Reason.PLATFORM_UNAVAILABLE) {
                    breaker.releasePermission();
                    throw e;
                }
                breaker.onError(System.nanoTime() - t0, TimeUnit.NANOSECONDS, e);
                last = e;
            }
        }
        for (URI issuer : fallbackIssuers()) {
            try {
                return start.apply(fallbacks.computeIfAbsent(issuer, fallbackDiscovery));
            } catch (LoginException e) {
                if (e.reason() != LoginException.Reason.PLATFORM_UNAVAILABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last != null ? last : new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE,
                "the primary issuer is unavailable and no fallback issuer is known", null);
    }

    private List<URI> fallbackIssuers() {
        LinkedHashSet<URI> all = new LinkedHashSet<>(configured);
        try {
            all.addAll(primary.metadata().fallbackIssuers());
        } catch (PanjerehException e) {
            // the primary's document is unknown: only the configured fallbacks remain
        }
        all.remove(primary.issuer());
        return List.copyOf(all);
    }

    /**
     * @param issuer the issuer a login went to
     * @return its discovery
     * @throws LoginException {@code ISSUER_MISMATCH} for an issuer no login went to
     */
    public PlatformDiscovery discoveryOf(URI issuer) {
        if (issuer.equals(primary.issuer())) {
            return primary;
        }
        PlatformDiscovery d = fallbacks.get(issuer);
        if (d == null) {
            throw new LoginException(LoginException.Reason.ISSUER_MISMATCH, "the login went to an unknown issuer", null);
        }
        return d;
    }

    /**
     * @param from a discovery
     * @return its metadata
     * @throws LoginException {@code PLATFORM_UNAVAILABLE} when it cannot be read
     */
    public static PlatformMetadata metadata(PlatformDiscovery from) {
        try {
            return from.metadata();
        } catch (PanjerehException e) {
            throw new LoginException(LoginException.Reason.PLATFORM_UNAVAILABLE, "platform discovery failed", e);
        }
    }
}
