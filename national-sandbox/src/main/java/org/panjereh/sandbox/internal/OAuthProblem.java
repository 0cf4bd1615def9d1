package org.panjereh.sandbox.internal;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.util.Map;

/** An OAuth error answer ({@code {"error": …}}, RFC 6749 section 5.2), for the token and PAR endpoints. */
final class OAuthProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final transient ErrorObject error;
    final transient Map<String, String> headers;

    OAuthProblem(int status, ErrorObject error) {
        this(status, error, Map.of());
    }

    OAuthProblem(int status, ErrorObject error, Map<String, String> headers) {
        super(error.getCode() + ": " + error.getDescription(), null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }
}
