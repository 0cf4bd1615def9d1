package org.panjereh.core;

import java.util.List;

/**
 * The registry did not take a card (contract section 3): another change came first, or the card is incomplete.
 * {@link #problems()} lists every member the registry named. A conflict is never resolved silently: read the
 * card again, apply the change, and submit with the new version.
 */
public class ServiceCardException extends PanjerehException {

    /** Why. */
    public enum Reason {
        /** {@code 412 registry.version_conflict}: the card changed since it was read. */
        VERSION_CONFLICT("شناسنامهٔ خدمت پس از خواندن آن تغییر کرده است؛ دوباره بخوانید و تغییر را اعمال کنید."),
        /** {@code 422 registry.card_incomplete}: members missing or inconsistent. */
        INCOMPLETE("شناسنامهٔ خدمت کامل یا سازگار نیست."),
        /** {@code 428}: sent without the version read. */
        PRECONDITION_REQUIRED("نسخهٔ خوانده‌شدهٔ شناسنامه همراه تغییر فرستاده نشد.");

        private final String persian;

        Reason(String persian) {
            this.persian = persian;
        }

        /** The Persian message for staff. */
        public String persian() {
            return persian;
        }
    }

    private final Reason reason;
    private final List<ServiceCardValidator.Problem> problems;

    /**
     * @param reason   why
     * @param message  developer-facing message
     * @param problems the members named, possibly none
     * @param cause    the platform's refusal
     */
    public ServiceCardException(Reason reason, String message, List<ServiceCardValidator.Problem> problems, Throwable cause) {
        super(message, cause, false);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    /** Every member the registry named, with its detail. */
    public List<ServiceCardValidator.Problem> problems() {
        return problems;
    }

    @Override
    public String persianMessage() {
        return reason.persian();
    }
}
