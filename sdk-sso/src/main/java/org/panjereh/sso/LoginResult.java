package org.panjereh.sso;

import java.time.Instant;

/**
 * A completed login.
 *
 * @param citizen     who logged in, from the verified ID token
 * @param idToken     the ID token, for the logout hint; do not log it
 * @param accessToken the access token for userinfo; do not log it
 * @param expiresAt   when the ID token expires
 */
public record LoginResult(Citizen citizen, String idToken, String accessToken, Instant expiresAt) {

    /** No tokens in the string form. */
    @Override
    public String toString() {
        return "LoginResult[" + citizen + ", expiresAt=" + expiresAt + "]";
    }
}
