package org.panjereh.events;

import org.panjereh.core.PanjerehException;

/**
 * The outbox could not store or read records: disk full, I/O error, a corrupt journal, a database
 * failure, or too many records waiting ({@link #isBackPressure()}). When {@code append} throws this,
 * nothing of that call was acknowledged as stored.
 */
public class OutboxException extends PanjerehException {

    private final boolean backPressure;

    /**
     * @param message   what failed
     * @param cause     underlying failure
     * @param retryable whether trying again later may work
     */
    public OutboxException(String message, Throwable cause, boolean retryable) {
        this(message, cause, retryable, false);
    }

    private OutboxException(String message, Throwable cause, boolean retryable, boolean backPressure) {
        super(message, cause, retryable);
        this.backPressure = backPressure;
    }

    /**
     * Too many records are waiting for delivery; the caller should slow down.
     *
     * @param pending records waiting
     * @param limit   the bound
     * @return the exception
     */
    public static OutboxException full(long pending, long limit) {
        return new OutboxException("Outbox holds " + pending + " undelivered records (limit " + limit
                + "): the platform is not keeping up; slow down and retry", null, true, true);
    }

    /** Whether this is back-pressure rather than a failure. */
    public boolean isBackPressure() {
        return backPressure;
    }

    @Override
    public String persianMessage() {
        return backPressure ? "سامانه موقتاً پرکار است. لطفاً چند دقیقه بعد دوباره تلاش کنید."
                : "ثبت اطلاعات انجام نشد. لطفاً دوباره تلاش کنید.";
    }
}
