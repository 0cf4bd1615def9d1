package org.panjereh.sso;

import java.time.Instant;
import java.util.Objects;

/**
 * An agency portal's session: before login it holds the {@link PendingLogin}, after login the
 * {@link Citizen}. Its id is the session cookie's value, 32 random bytes, replaced at login.
 *
 * @param id        the session id
 * @param pending   the login in progress, or {@code null}
 * @param citizen   who is logged in, or {@code null}
 * @param idToken   the ID token, for the logout hint, or {@code null}
 * @param csrfToken the token forms of this session must carry
 * @param createdAt when it was created
 * @param expiresAt when it ends
 */
public record PortalSession(String id, PendingLogin pending, Citizen citizen, String idToken, String csrfToken,
                            Instant createdAt, Instant expiresAt) {

    /** Id, CSRF token and times are required. */
    public PortalSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether someone is logged in. */
    public boolean isAuthenticated() {
        return citizen != null;
    }

    /** No ids or tokens in the string form. */
    @Override
    public String toString() {
        return "PortalSession[" + (citizen == null ? "anonymous" : citizen) + ", expiresAt=" + expiresAt + "]";
    }
}
