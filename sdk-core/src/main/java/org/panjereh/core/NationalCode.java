package org.panjereh.core;

/**
 * کد ملی: the 10-digit national code of a natural person, validated on construction.
 *
 * <p>Accepts Persian and Arabic-Indic digits, spaces, dashes and bidi marks; refuses a wrong length,
 * non-digits, ten equal digits (which the bare checksum accepts) and a wrong check digit. City
 * prefixes are deliberately not checked: newer prefixes exist.
 *
 * <p>{@link #toString()} masks all but the last two digits so that a code never reaches a log by
 * accident; call {@link #value()} where the full code is really needed.
 */
public final class NationalCode implements PartyIdentifier {

    private final String value;

    private NationalCode(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a national code.
     *
     * @param raw as typed, in any of the accepted digit forms
     * @return the code
     * @throws InvalidIdentifierException if it is not a valid national code
     */
    public static NationalCode of(CharSequence raw) {
        String s = IdentifierSupport.digits(raw, IdentifierKind.NATIONAL_CODE, 10);
        if (org.panjereh.core.shared.Digits.allSame(s)) {
            throw InvalidIdentifierException.repeated(IdentifierKind.NATIONAL_CODE);
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (s.charAt(i) - '0') * (10 - i);
        }
        int r = sum % 11;
        int check = r < 2 ? r : 11 - r;
        if (s.charAt(9) - '0' != check) {
            throw InvalidIdentifierException.checksum(IdentifierKind.NATIONAL_CODE);
        }
        return new NationalCode(s);
    }

    /** Whether {@code raw} is a valid national code. */
    public static boolean isValid(CharSequence raw) {
        try {
            of(raw);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** {@link IdentifierKind#NATIONAL_CODE}. */
    @Override
    public IdentifierKind kind() {
        return IdentifierKind.NATIONAL_CODE;
    }

    /** The ten ASCII digits, as sent on the wire. Personal data: do not log. */
    @Override
    public String value() {
        return value;
    }

    /** The code with all but the last two digits hidden, e.g. {@code ********99}. */
    public String masked() {
        return IdentifierSupport.mask(value, 2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NationalCode other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked: {@code NationalCode[********99]}. */
    @Override
    public String toString() {
        return "NationalCode[" + masked() + "]";
    }
}
