package org.panjereh.sso.internal;

import com.nimbusds.openid.connect.sdk.Nonce;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A resource server's DPoP nonces (RFC 9449 §9): a fresh one every five minutes, the previous one still accepted, so
 * that a client that learnt a nonce just before the change is not refused.
 */
public final class DpopNonces {

    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final boolean required;
    private final Clock clock;
    private String current = new Nonce().getValue();
    private String previous = current;
    private Instant changes;

    /**
     * @param required whether proofs must carry a nonce
     * @param clock    clock
     */
    public DpopNonces(boolean required, Clock clock) {
        this.required = required;
        this.clock = clock;
        this.changes = clock.instant().plus(LIFETIME);
    }

    /** @return whether proofs must carry a nonce */
    public boolean required() {
        return required;
    }

    /** @return the nonce to hand out now */
    public synchronized String current() {
        Instant now = clock.instant();
        if (!now.isBefore(changes)) {
            previous = current;
            current = new Nonce().getValue();
            changes = now.plus(LIFETIME);
        }
        return current;
    }

    /** @return the nonces a proof may carry */
    public synchronized Set<Nonce> valid() {
        String now = current();
        return new java.util.HashSet<>(java.util.List.of(new Nonce(now), new Nonce(previous)));
    }
}
