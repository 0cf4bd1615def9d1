package org.panjereh.reports;

import org.panjereh.core.PanjerehException;

/**
 * A monthly report could not be made or was not accepted. {@link #reason()} says which; a report the platform
 * refuses keeps the platform's problem as the cause. Failures to reach the platform stay
 * {@link org.panjereh.core.PlatformUnreachableException}: the month then stays owed and is sent later.
 */
public class ReportException extends PanjerehException {

    /** Why. */
    public enum Reason {
        /** Figures that contradict each other or cannot be counts. */
        INVALID_FIGURES("ارقام گزارش ماهانه با هم سازگار نیستند.", false),
        /** The platform refused the report's content ({@code 422}): fix the source, then send again. */
        REFUSED("پنجرهٔ ملی گزارش ماهانه را نپذیرفت؛ جزئیات در گزارش رویدادهای سامانه است.", false),
        /** The platform kept answering that another version came first, even after reading it. */
        VERSION_CONFLICT("نسخهٔ دیگری از این گزارش هم‌زمان فرستاده شد؛ دوباره بفرستید.", true),
        /** The month has not ended yet, so it cannot be reported. */
        MONTH_NOT_FINISHED("این ماه هنوز تمام نشده است.", false),
        /** The ledger of owed months could not be read or written. */
        LEDGER_FAILURE("ثبت وضعیت گزارش ماهانه در سامانهٔ دستگاه انجام نشد.", true),
        /** The agency's own records could not be read to count the month. */
        SOURCE_FAILED("خواندن سوابق دستگاه برای شمارش ارقام ماه انجام نشد.", true);

        private final String persian;
        private final boolean retryable;

        Reason(String persian, boolean retryable) {
            this.persian = persian;
            this.retryable = retryable;
        }

        /** The Persian message for staff. */
        public String persian() {
            return persian;
        }
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message developer-facing message
     * @param cause   underlying cause, or {@code null}
     */
    public ReportException(Reason reason, String message, Throwable cause) {
        super(message, cause, reason.retryable);
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return reason.persian();
    }
}
