package org.panjereh.core;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem document as the platform sends it (contract section 0): the standard members
 * plus the contract's stable {@code code} and {@code requestId}.
 *
 * @param type       problem type URI, {@code about:blank} when absent
 * @param title      short summary
 * @param status     HTTP status the platform reported
 * @param detail     human-readable explanation, may be {@code null}
 * @param code       stable dotted code such as {@code tracking.service_unknown}, may be {@code null}
 * @param requestId  the request id echoed by the platform, may be {@code null}
 * @param extensions any other members, unmodifiable
 */
public record PlatformProblem(URI type, String title, int status, String detail, String code, String requestId,
                              Map<String, Object> extensions) {

    /** Canonical constructor: fills defaults and freezes the extensions. */
    public PlatformProblem {
        type = type == null ? URI.create("about:blank") : type;
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /**
     * A problem made up on the client side for an answer that carried none.
     *
     * @param status    HTTP status
     * @param requestId request id of the call
     * @return a problem with code {@code http.<status>}
     */
    public static PlatformProblem ofStatus(int status, String requestId) {
        return new PlatformProblem(null, "HTTP " + status, status, null, "http." + status, requestId, Map.of());
    }

    /** Whether this problem has the given stable code. */
    public boolean hasCode(String expected) {
        return Objects.equals(code, expected);
    }
}
