package org.panjereh.documents;

import org.panjereh.core.PanjerehException;

/**
 * A permit could not be issued. {@link #reason()} says why; {@link #isRetryable()} says whether issuing it again may
 * succeed (a time-stamp authority that did not answer), and {@link #persianMessage()} says it to the staff member
 * who pressed «تحویل خدمت». Invalid facts (too long a line, too many lines) stay {@link IllegalArgumentException}:
 * they are the caller's mistake, raised before anything is drawn.
 */
public class DocumentException extends PanjerehException {

    /** Why a permit was not issued. */
    public enum Reason {
        /** The time-stamp authority did not answer, or answered that it cannot now (5xx, 429): try again. */
        TIME_STAMP_UNAVAILABLE(true, "سامانه مهر زمانی پاسخ نداد و سند صادر نشد. لطفاً دقایقی بعد دوباره تلاش کنید."),
        /** The time-stamp authority answered something that is not a time stamp over this signature. */
        TIME_STAMP_INVALID(false, "پاسخ سامانه مهر زمانی معتبر نبود و سند صادر نشد. موضوع را به پشتیبانی اطلاع دهید."),
        /** The signature could not be made (the key, the certificate, the PDF). */
        SIGNING_FAILED(false, "امضای سند انجام نشد. موضوع را به پشتیبانی اطلاع دهید."),
        /** The page could not be laid out. */
        LAYOUT_FAILED(false, "صفحه سند ساخته نشد. موضوع را به پشتیبانی اطلاع دهید.");

        private final boolean retryable;
        private final String persian;

        Reason(boolean retryable, String persian) {
            this.retryable = retryable;
            this.persian = persian;
        }

        /** @return whether issuing again may succeed */
        public boolean retryable() {
            return retryable;
        }

        /** @return the Persian message for a person */
        public String persian() {
            return persian;
        }
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message developer-facing message, free of personal data
     * @param cause   underlying cause, or {@code null}
     */
    public DocumentException(Reason reason, String message, Throwable cause) {
        super(message, cause, reason.retryable());
        this.reason = reason;
    }

    /** @return why the permit was not issued */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return reason.persian();
    }
}
