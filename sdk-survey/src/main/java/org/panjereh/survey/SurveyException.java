package org.panjereh.survey;

import org.panjereh.core.PanjerehException;

/** A survey answer was not taken. The Persian message is for the citizen; nothing was stored. */
public class SurveyException extends PanjerehException {

    /** Why. */
    public enum Reason {
        /** The ticket is missing, malformed or not signed by this agency. */
        TICKET_INVALID("پیوند نظرسنجی معتبر نیست."),
        /** The ticket's time is over. */
        TICKET_EXPIRED("مهلت پاسخ به این نظرسنجی تمام شده است."),
        /** The ticket was already used: one answer per request. */
        TICKET_USED("به این نظرسنجی پیش‌تر پاسخ داده‌اید. سپاس از شما."),
        /** The ticket is for another request. */
        TICKET_MISMATCH("این نظرسنجی مربوط به درخواست دیگری است."),
        /** The request has not been delivered: the survey comes right after delivery, not before. */
        NOT_DELIVERED("این درخواست هنوز تحویل نشده است."),
        /** An answer is missing, out of range or not a question of the form. */
        INVALID_ANSWER("لطفاً پاسخ‌ها را بررسی کنید."),
        /** The comment is longer than the form allows. */
        COMMENT_TOO_LONG("متن توضیحات بیش از اندازهٔ مجاز است."),
        /** The form could not be had from the platform. */
        FORM_UNAVAILABLE("فرم نظرسنجی در دسترس نیست. لطفاً کمی بعد دوباره تلاش کنید."),
        /** A reply waits until the platform has taken the response. */
        NOT_YET_DELIVERED("پاسخ شهروند هنوز به پنجرهٔ ملی نرسیده است؛ کمی بعد دوباره پاسخ دهید."),
        /** The comment was answered before. */
        ALREADY_REPLIED("به این نظر پیش‌تر پاسخ داده شده است.");

        private final String persian;

        Reason(String persian) {
            this.persian = persian;
        }
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message developer-facing detail, without personal data
     */
    public SurveyException(Reason reason, String message) {
        super("Survey answer refused (" + reason + "): " + message, null,
                reason == Reason.FORM_UNAVAILABLE || reason == Reason.NOT_YET_DELIVERED);
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return reason.persian;
    }
}
