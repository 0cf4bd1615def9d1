package org.panjereh.sso.internal;

import com.nimbusds.oauth2.sdk.dpop.verifiers.DPoPProofUse;
import com.nimbusds.oauth2.sdk.util.singleuse.AlreadyUsedException;
import com.nimbusds.oauth2.sdk.util.singleuse.SingleUseChecker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DPoP proofs seen within their acceptance window (RFC 9449 §11.1), keyed by issuer and {@code jti}: a proof seen
 * before is a replay. Entries leave at the end of the window, lazily, so no timer thread is needed.
 */
public final class DpopReplays implements SingleUseChecker<DPoPProofUse> {

    private static final int PURGE_EVERY = 1024;

    private final Clock clock;
    private final Duration window;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private int sincePurge;

    /**
     * @param clock  clock
     * @param window how long a proof can be accepted (its age and the clock skew)
     */
    public DpopReplays(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    @Override
    public void markAsUsed(DPoPProofUse proof) throws AlreadyUsedException {
        Instant now = clock.instant();
        synchronized (this) {
            if (++sincePurge >= PURGE_EVERY) {
                sincePurge = 0;
                seen.values().removeIf(until -> until.isBefore(now));
            }
        }
        String key = proof.getIssuer().getValue() + " " + proof.getJWTID().getValue();
        Instant until = seen.putIfAbsent(key, now.plus(window));
        if (until != null && !until.isBefore(now)) {
            throw new AlreadyUsedException("The DPoP proof was used before");
        }
        if (until != null) {
            seen.put(key, now.plus(window));
        }
    }
}
