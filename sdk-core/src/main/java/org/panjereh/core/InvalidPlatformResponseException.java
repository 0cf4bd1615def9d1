package org.panjereh.core;

/**
 * The platform answered, but the answer could not be understood: malformed JSON, a missing required
 * member, a body over the size limit, or a status the contract does not allow.
 */
public class InvalidPlatformResponseException extends PanjerehException {

    private final int statusCode;

    /**
     * @param message    what was wrong with the answer (never the body itself)
     * @param statusCode HTTP status of the answer
     * @param cause      parse failure, or {@code null}
     */
    public InvalidPlatformResponseException(String message, int statusCode, Throwable cause) {
        super(message, cause, false);
        this.statusCode = statusCode;
    }

    /** HTTP status of the answer that could not be understood. */
    public int statusCode() {
        return statusCode;
    }
}
