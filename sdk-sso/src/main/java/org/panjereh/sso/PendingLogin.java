package org.panjereh.sso;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.panjereh.core.LevelOfAssurance;

/**
 * What a relying party keeps between sending the citizen to the platform and the callback: the
 * secrets that bind the callback to this browser. Keep it server-side (in the session), never in a
 * URL or an unsigned cookie.
 *
 * @param state        the {@code state} sent
 * @param nonce        the {@code nonce} sent
 * @param codeVerifier the PKCE verifier
 * @param issuer       the issuer the login was sent to; an ID token from any other is refused
 * @param requiredAcr  the level asked for
 * @param returnTo     a same-origin relative path to go back to after login
 * @param createdAt    when the login started
 */
public record PendingLogin(String state, String nonce, String codeVerifier, URI issuer, LevelOfAssurance requiredAcr,
                           String returnTo, Instant createdAt) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    /** All members but returnTo are required. */
    public PendingLogin {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(requiredAcr, "requiredAcr");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Hides the secrets. */
    @Override
    public String toString() {
        return "PendingLogin[issuer=" + issuer + ", acr=" + requiredAcr.acr() + ", createdAt=" + createdAt + "]";
    }
}
