package org.panjereh.payment;

import org.panjereh.core.PanjerehException;

/**
 * A payment was refused on the agency's side, before or after asking the platform: a forged or foreign
 * return, an answer that does not match what was asked, a refund larger than what is left, a receipt
 * already used. {@link #reason()} says which; {@link #persianMessage()} says it to the citizen or staff.
 * Failures to reach the platform stay {@link org.panjereh.core.PlatformUnreachableException} and its answers
 * {@link org.panjereh.core.PlatformException}, retryable as they say.
 */
public class PaymentException extends PanjerehException {

    /** Why a payment was refused. */
    public enum Reason {
        /** The payment id on a return is malformed. */
        MALFORMED_PAYMENT_ID("شناسهٔ پرداخت نامعتبر است."),
        /** The payment id on a return is not one this agency created: a forged return. */
        UNKNOWN_PAYMENT("این پرداخت در سامانهٔ دستگاه ثبت نشده است."),
        /** The payment belongs to another citizen. */
        NOT_YOUR_PAYMENT("این پرداخت متعلق به شما نیست."),
        /** The platform's answer names another amount, fee, payer or request than was asked. */
        ANSWER_MISMATCH("پاسخ درگاه پرداخت با مبلغ یا مشخصات درخواست‌شده هم‌خوانی ندارد؛ پرداخت پذیرفته نشد و کارشناسان بررسی می‌کنند."),
        /** The fee is already paid. */
        ALREADY_PAID("هزینهٔ این درخواست پیش‌تر پرداخت شده است."),
        /** A payment of this fee is with the bank; its outcome is not known yet. */
        IN_PROGRESS("پرداخت پیشین شما در حال بررسی بانک است؛ لطفاً چند دقیقه بعد وضعیت را ببینید."),
        /** The fee is not on the service card, or the card has no fees. */
        UNKNOWN_FEE("این هزینه در شناسنامهٔ خدمت تعریف نشده است."),
        /** Refunds would exceed what was paid. */
        REFUND_EXCEEDS("مبلغ بازپرداخت از مبلغ پرداخت‌شده بیشتر است."),
        /** Only a verified payment can be refunded. */
        NOT_REFUNDABLE("این پرداخت قابل بازپرداخت نیست."),
        /** The receipt was already claimed for another request. */
        RECEIPT_ALREADY_CLAIMED("این رسید پیش‌تر برای درخواست دیگری به کار رفته است."),
        /** No payment with that bank reference reached the account for that amount. */
        RECEIPT_NOT_FOUND("پرداختی با این شمارهٔ مرجع و مبلغ به حساب خزانه یافت نشد. شماره و مبلغ رسید را بررسی کنید."),
        /** The ledger could not be read or written. */
        LEDGER_FAILURE("ثبت پرداخت در سامانهٔ دستگاه انجام نشد. لطفاً دوباره تلاش کنید.");

        private final String persian;

        Reason(String persian) {
            this.persian = persian;
        }

        /** The Persian message for a person. */
        public String persian() {
            return persian;
        }
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message developer-facing message, free of personal data and bank references
     * @param cause   underlying cause, or {@code null}
     */
    public PaymentException(Reason reason, String message, Throwable cause) {
        super(message, cause, reason == Reason.LEDGER_FAILURE);
        this.reason = reason;
    }

    /** Why the payment was refused. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return reason.persian();
    }
}
