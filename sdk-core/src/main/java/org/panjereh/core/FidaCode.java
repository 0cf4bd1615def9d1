package org.panjereh.core;

/**
 * کد فراگیر اتباع: the 12-digit comprehensive code of a foreign national, issued by the tax
 * administration. No checksum is public, so only the form is checked. Not the same identifier as the
 * interior ministry's 12-digit refugee code. {@link #toString()} masks it.
 */
public final class FidaCode implements PartyIdentifier {

    private final String value;

    private FidaCode(String value) {
        this.value = value;
    }

    /**
     * Parses a FIDA code.
     *
     * @param raw as typed
     * @return the code
     * @throws InvalidIdentifierException if it is not twelve digits, or all digits are the same
     */
    public static FidaCode of(CharSequence raw) {
        String s = IdentifierSupport.digits(raw, IdentifierKind.FIDA_CODE, 12);
        if (org.panjereh.core.shared.Digits.allSame(s)) {
            throw InvalidIdentifierException.repeated(IdentifierKind.FIDA_CODE);
        }
        return new FidaCode(s);
    }

    /** {@link IdentifierKind#FIDA_CODE}. */
    @Override
    public IdentifierKind kind() {
        return IdentifierKind.FIDA_CODE;
    }

    /** The twelve ASCII digits. Personal data: do not log. */
    @Override
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FidaCode other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked: {@code FidaCode[**********12]}. */
    @Override
    public String toString() {
        return "FidaCode[" + IdentifierSupport.mask(value, 2) + "]";
    }
}
