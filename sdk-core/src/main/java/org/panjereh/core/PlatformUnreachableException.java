package org.panjereh.core;

/**
 * No answer came from the platform: the connection failed, was dropped, or timed out.
 *
 * <p>Always retryable. Whether the platform acted on the request is unknown, which is why every POST
 * Panjereh sends carries an {@code Idempotency-Key}: a retry with the same key cannot act twice.
 */
public class PlatformUnreachableException extends PanjerehException {

    /**
     * @param message what was being attempted, free of personal data
     * @param cause   the I/O failure
     */
    public PlatformUnreachableException(String message, Throwable cause) {
        super(message, cause, true);
    }
}
