package org.panjereh.inquiry;

import org.panjereh.core.PanjerehException;

/**
 * An inquiry did not give a usable answer. It names the exchange service and says, with
 * {@link #isRetryable()}, whether trying again may help.
 */
public class ExchangeException extends PanjerehException {

    /** What went wrong. */
    public enum Reason {
        /** The provider has no such record ({@code 404 exchange.not_found}). */
        NOT_FOUND(false, "اطلاعاتی با این مشخصات در سامانه مرجع یافت نشد."),
        /** The provider is down ({@code 502 exchange.provider_unavailable}) or the exchange answered 5xx/429. */
        PROVIDER_UNAVAILABLE(true, "سامانه مرجع در دسترس نیست. لطفاً دقایقی بعد دوباره تلاش کنید."),
        /** The provider or the exchange took too long ({@code 504}, or our own timeout). */
        PROVIDER_TIMEOUT(true, "پاسخ سامانه مرجع دیر رسید. لطفاً دوباره تلاش کنید."),
        /** No answer came from the exchange at all. */
        UNREACHABLE(true, "ارتباط با مرکز ملی تبادل اطلاعات برقرار نشد."),
        /** Too many inquiries at once, or over the rate limit: refused here before sending. */
        BUSY(true, "سامانه پرکار است. لطفاً کمی بعد دوباره تلاش کنید."),
        /** The circuit toward this provider is open after repeated failures. */
        CIRCUIT_OPEN(true, "سامانه مرجع موقتاً در دسترس نیست."),
        /** The answer's signature is missing or does not verify: it is not used. */
        UNVERIFIED_ANSWER(false, "پاسخ دریافتی معتبر نبود و استفاده نشد."),
        /** The answer verified but is not what the contract promises. */
        INVALID_ANSWER(false, "پاسخ سامانه مرجع قابل استفاده نبود."),
        /** The exchange refused the request (4xx): purpose not allowed, malformed input. */
        REFUSED(false, "درخواست استعلام پذیرفته نشد.");

        private final boolean retryable;
        private final String persian;

        Reason(boolean retryable, String persian) {
            this.retryable = retryable;
            this.persian = persian;
        }
    }

    private final ExchangeService service;
    private final Reason reason;
    private final String code;

    /**
     * @param service the exchange service
     * @param reason  what went wrong
     * @param code    the platform's stable code, if any
     * @param detail  explanation, free of personal data
     * @param cause   underlying failure
     */
    public ExchangeException(ExchangeService service, Reason reason, String code, String detail, Throwable cause) {
        super("Inquiry " + service + " failed: " + reason + (code == null ? "" : " (" + code + ")")
                + (detail == null ? "" : ": " + detail), cause, reason.retryable);
        this.service = service;
        this.reason = reason;
        this.code = code;
    }

    /** The exchange service. */
    public ExchangeService service() {
        return service;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /** The platform's stable code, e.g. {@code exchange.not_found}, or {@code null}. */
    public String code() {
        return code;
    }

    @Override
    public String persianMessage() {
        return reason.persian;
    }
}
