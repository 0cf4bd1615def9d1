package org.panjereh.sso;

import java.net.URI;

/**
 * A started login: send the browser to {@link #redirectTo()} and keep {@link #pending()} in the
 * session until the callback.
 *
 * @param redirectTo where to send the citizen (the platform's authorization endpoint)
 * @param pending    what the callback is checked against
 */
public record LoginRequest(URI redirectTo, PendingLogin pending) {
}
