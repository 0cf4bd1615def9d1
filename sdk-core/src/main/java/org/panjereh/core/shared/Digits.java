package org.panjereh.core.shared;

/**
 * Digit and separator normalisation for identifiers. Maps explicitly rather than through
 * {@link Character#digit}, which would also accept digits of other scripts.
 */
public final class Digits {

    private Digits() {
    }

    /**
     * Maps Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits to ASCII and leaves
     * everything else as it is.
     *
     * @param s text, not null
     * @return the text with ASCII digits
     */
    public static String toAscii(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(toAsciiDigit(s.charAt(i)));
        }
        return sb.toString();
    }

    /** Maps one Persian or Arabic-Indic digit to ASCII; any other char is returned unchanged. */
    public static char toAsciiDigit(char c) {
        if (c >= '\u06F0' && c <= '\u06F9') {
            return (char) ('0' + (c - '\u06F0'));
        }
        if (c >= '\u0660' && c <= '\u0669') {
            return (char) ('0' + (c - '\u0660'));
        }
        return c;
    }

    /**
     * Maps ASCII digits to Persian digits, for text a person reads.
     *
     * @param s text, not null
     * @return the text with Persian digits
     */
    public static String toPersian(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= '0' && c <= '9' ? (char) ('\u06F0' + (c - '0')) : c);
        }
        return sb.toString();
    }

    /** Whether the char is a bidi control mark that may be pasted along with an identifier. */
    public static boolean isBidiMark(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\uFEFF';
    }

    /**
     * Prepares a raw identifier for validation: maps Persian and Arabic-Indic digits to ASCII and drops
     * bidi marks, whitespace (including ZWNJ and no-break space), {@code -} and {@code _}.
     *
     * @param raw the value as typed or pasted, not null
     * @return the cleaned value, possibly empty
     */
    public static String cleanIdentifier(CharSequence raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isBidiMark(c) || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200C'
                    || c == '\u200D' || c == '-' || c == '_') {
                continue;
            }
            sb.append(toAsciiDigit(c));
        }
        return sb.toString();
    }

    /** Whether every char is an ASCII digit (and there is at least one). */
    public static boolean isAsciiDigits(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether every char of a non-empty string is the same. */
    public static boolean allSame(CharSequence s) {
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) != s.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of an ASCII digit string modulo 97, computed digit by digit so that any length works.
     *
     * @param digits ASCII digits
     * @return the remainder
     */
    public static int mod97(CharSequence digits) {
        int r = 0;
        for (int i = 0; i < digits.length(); i++) {
            r = (r * 10 + (digits.charAt(i) - '0')) % 97;
        }
        return r;
    }
}
