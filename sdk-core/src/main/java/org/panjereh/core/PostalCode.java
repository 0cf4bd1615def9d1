package org.panjereh.core;

import java.util.ArrayList;
import java.util.List;

/**
 * کد پستی: a 10-digit postal code. There is no checksum; a code is refused only when it is not ten
 * digits or all ten are the same. The structural rules in use by the post company (no 0 or 2 in the
 * first five digits, last four not 0000) are reported by {@link #warnings()}, not enforced, because
 * public sources disagree on them.
 *
 * <p>A postal code locates a home, so {@link #toString()} masks it.
 */
public final class PostalCode {

    private final String value;

    private PostalCode(String value) {
        this.value = value;
    }

    /**
     * Parses a postal code.
     *
     * @param raw as typed
     * @return the code
     * @throws InvalidIdentifierException if it is not ten digits or all digits are equal
     */
    public static PostalCode of(CharSequence raw) {
        String s = IdentifierSupport.digits(raw, IdentifierKind.POSTAL_CODE, 10);
        if (org.panjereh.core.shared.Digits.allSame(s)) {
            throw InvalidIdentifierException.repeated(IdentifierKind.POSTAL_CODE);
        }
        return new PostalCode(s);
    }

    /** Structural rules this code breaks, in English; empty when it looks regular. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            char c = value.charAt(i);
            if (c == '0' || c == '2') {
                w.add("digit " + c + " among the first five digits");
                break;
            }
        }
        if (value.endsWith("0000")) {
            w.add("last four digits are 0000");
        }
        return List.copyOf(w);
    }

    /** The ten ASCII digits. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostalCode other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked: {@code PostalCode[******1234]}. */
    @Override
    public String toString() {
        return "PostalCode[" + IdentifierSupport.mask(value, 4) + "]";
    }
}
