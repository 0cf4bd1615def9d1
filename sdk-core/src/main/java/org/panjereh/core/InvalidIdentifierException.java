package org.panjereh.core;

import org.panjereh.core.shared.Digits;

/**
 * An identifier failed validation. Raised before anything is sent; never retryable.
 *
 * <p>The message says what is wrong in English ({@link #getMessage()}) and in Persian
 * ({@link #persianMessage()}), and never repeats the rejected value, which may be personal data.
 */
public class InvalidIdentifierException extends PanjerehException {

    /** Why an identifier was refused. */
    public enum Reason {
        /** Nothing, or only blanks, was given. */
        MISSING,
        /** A character other than a digit (after normalisation) is present. */
        NOT_DIGITS,
        /** The number of digits is wrong. */
        WRONG_LENGTH,
        /** Every digit is the same, which the checksum would otherwise accept. */
        REPEATED_DIGITS,
        /** The check digit(s) do not match. */
        CHECKSUM,
        /** The shape is wrong in another way (prefix, country code, structure). */
        BAD_FORMAT
    }

    private final IdentifierKind kind;
    private final Reason reason;
    private final String persianMessage;

    /**
     * @param kind    which identifier
     * @param reason  why it was refused
     * @param english English detail, without the value
     * @param persian Persian detail, without the value
     */
    public InvalidIdentifierException(IdentifierKind kind, Reason reason, String english, String persian) {
        super("Invalid " + kind.englishName() + ": " + english, null, false);
        this.kind = kind;
        this.reason = reason;
        this.persianMessage = kind.persianName() + " نامعتبر است: " + persian;
    }

    /** Which identifier was refused. */
    public IdentifierKind kind() {
        return kind;
    }

    /** Why it was refused. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return persianMessage;
    }

    static InvalidIdentifierException missing(IdentifierKind kind) {
        return new InvalidIdentifierException(kind, Reason.MISSING, "no value was given", "مقداری وارد نشده است");
    }

    static InvalidIdentifierException notDigits(IdentifierKind kind) {
        return new InvalidIdentifierException(kind, Reason.NOT_DIGITS, "only digits are allowed",
                "فقط رقم مجاز است");
    }

    static InvalidIdentifierException wrongLength(IdentifierKind kind, int expected, int actual) {
        return new InvalidIdentifierException(kind, Reason.WRONG_LENGTH,
                "must be " + expected + " digits, got " + actual,
                "باید " + Digits.toPersian(Integer.toString(expected)) + " رقم باشد، "
                        + Digits.toPersian(Integer.toString(actual)) + " رقم وارد شده است");
    }

    static InvalidIdentifierException repeated(IdentifierKind kind) {
        return new InvalidIdentifierException(kind, Reason.REPEATED_DIGITS, "all digits are the same",
                "همه رقم‌ها یکسان است");
    }

    static InvalidIdentifierException checksum(IdentifierKind kind) {
        return new InvalidIdentifierException(kind, Reason.CHECKSUM, "check digit does not match",
                "رقم کنترل آن درست نیست");
    }
}
