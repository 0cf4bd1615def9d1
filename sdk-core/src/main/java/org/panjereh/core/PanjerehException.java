package org.panjereh.core;

/**
 * The one unchecked root of every error Panjereh raises.
 *
 * <p>Two questions every caller asks are answered here: may a retry help ({@link #isRetryable()}),
 * and how many attempts were already made ({@link #numAttempts()}). The subtypes split the causes the
 * way the AWS SDK does: {@link PlatformException} when the platform answered and said no,
 * {@link PlatformUnreachableException} when no answer came at all, and client-side errors such as
 * {@link InvalidIdentifierException} raised before anything was sent.
 *
 * <p>{@link #persianMessage()} gives a message fit to show a citizen; {@link #getMessage()} is for
 * developers and logs and never contains secrets or national codes.
 */
public class PanjerehException extends RuntimeException {

    private final boolean retryable;
    private volatile int numAttempts;

    /**
     * @param message   developer-facing message, free of personal data
     * @param cause     the underlying cause, or {@code null}
     * @param retryable whether the same call may succeed if made again
     */
    public PanjerehException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
        this.numAttempts = 1;
    }

    /** @param message developer-facing message, free of personal data */
    public PanjerehException(String message) {
        this(message, null, false);
    }

    /** Whether repeating the same call (with the same idempotency key) may succeed. */
    public boolean isRetryable() {
        return retryable;
    }

    /** How many attempts were made before this error was raised (1 when no retry happened). */
    public int numAttempts() {
        return numAttempts;
    }

    /**
     * Records the number of attempts; called by the retrying client when it gives up.
     *
     * @param attempts attempts made, at least 1
     * @return this exception
     */
    public PanjerehException withNumAttempts(int attempts) {
        this.numAttempts = Math.max(1, attempts);
        return this;
    }

    /** A message in Persian suitable for a person; subclasses make it specific. */
    public String persianMessage() {
        return retryable
                ? "ارتباط با پنجره ملی خدمات دولت هوشمند برقرار نشد. لطفاً دقایقی بعد دوباره تلاش کنید."
                : "درخواست انجام نشد. لطفاً دوباره تلاش کنید یا با پشتیبانی تماس بگیرید.";
    }
}
