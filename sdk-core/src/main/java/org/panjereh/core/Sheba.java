package org.panjereh.core;

import java.util.Locale;

/**
 * شماره شبا: an Iranian IBAN, {@code IR} followed by 24 digits, checked with ISO 13616 MOD 97.
 * {@link #toString()} masks the account digits.
 */
public final class Sheba {

    private final String value;

    private Sheba(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a Sheba number; spaces and Persian digits are accepted, {@code IR} in any case.
     *
     * @param raw as typed
     * @return the number
     * @throws InvalidIdentifierException if it is not valid
     */
    public static Sheba of(CharSequence raw) {
        String s = IdentifierSupport.clean(raw, IdentifierKind.SHEBA).toUpperCase(Locale.ROOT);
        if (!s.startsWith("IR")) {
            throw new InvalidIdentifierException(IdentifierKind.SHEBA, InvalidIdentifierException.Reason.BAD_FORMAT,
                    "must start with IR", "باید با IR شروع شود");
        }
        String digits = s.substring(2);
        if (!org.panjereh.core.shared.Digits.isAsciiDigits(digits)) {
            throw InvalidIdentifierException.notDigits(IdentifierKind.SHEBA);
        }
        if (digits.length() != 24) {
            throw InvalidIdentifierException.wrongLength(IdentifierKind.SHEBA, 24, digits.length());
        }
        // Move "IR" + check digits to the end, letters as numbers (I=18, R=27): ISO 13616.
        String rearranged = digits.substring(2) + "1827" + digits.substring(0, 2);
        if (org.panjereh.core.shared.Digits.mod97(rearranged) != 1) {
            throw InvalidIdentifierException.checksum(IdentifierKind.SHEBA);
        }
        return new Sheba(s);
    }

    /** {@code IR} and 24 digits, without spaces. Personal data: do not log. */
    public String value() {
        return value;
    }

    /** The three-digit bank code (e.g. 017 Melli, 054 Parsian). */
    public String bankCode() {
        return value.substring(4, 7);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sheba other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked: {@code Sheba[IR82054…9002]}. */
    @Override
    public String toString() {
        return "Sheba[" + value.substring(0, 7) + "…" + value.substring(value.length() - 4) + "]";
    }
}
