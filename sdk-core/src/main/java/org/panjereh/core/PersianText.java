package org.panjereh.core;

import org.panjereh.core.shared.Digits;

/**
 * Persian text normalisation, used wherever names or addresses are compared (for example a name typed
 * by a citizen against the civil registry's answer).
 *
 * <p>{@link #normalize(String)} maps Arabic ي/ى to Persian ی and Arabic ك to ک, Persian and
 * Arabic-Indic digits to ASCII, drops diacritics (U+064B–U+0652), keshide (U+0640) and bidi marks,
 * collapses runs of ZWNJ to one and runs of whitespace to one space, and trims. NFKC alone would not
 * do this: it leaves U+064A as it is.
 */
public final class PersianText {

    private PersianText() {
    }

    /**
     * Normalises Persian text for comparison and storage.
     *
     * @param text any text, may be {@code null}
     * @return the normalised text ({@code null} stays {@code null})
     */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = Digits.toAsciiDigit(text.charAt(i));
            if (c == '\u064A' || c == '\u0649') {
                c = '\u06CC';
            } else if (c == '\u0643') {
                c = '\u06A9';
            }
            if ((c >= '\u064B' && c <= '\u0652') || c == '\u0640' || Digits.isBidiMark(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || c == '\u00A0') {
                pendingSpace = sb.length() > 0;
                continue;
            }
            if (c == '\u200C') {
                // A ZWNJ next to a space or another ZWNJ carries nothing.
                if (pendingSpace || sb.length() == 0 || sb.charAt(sb.length() - 1) == '\u200C') {
                    continue;
                }
            }
            if (pendingSpace) {
                if (sb.charAt(sb.length() - 1) == '\u200C') {
                    sb.setLength(sb.length() - 1);
                }
                sb.append(' ');
                pendingSpace = false;
            }
            sb.append(c);
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == '\u200C') {
            end--;
        }
        sb.setLength(end);
        return sb.toString();
    }

    /**
     * Whether two texts are equal after {@link #normalize(String)}.
     *
     * @param a first text
     * @param b second text
     * @return true when both normalise to the same string
     */
    public static boolean equalsNormalized(String a, String b) {
        String na = normalize(a);
        String nb = normalize(b);
        return na == null ? nb == null : na.equals(nb);
    }

    /**
     * Persian and Arabic-Indic digits to ASCII; nothing else changes. Never let {@code Integer.parseInt}
     * do this for you: it accepts digits of every script.
     *
     * @param text text
     * @return the text with ASCII digits
     */
    public static String toAsciiDigits(String text) {
        return Digits.toAscii(text);
    }

    /**
     * ASCII digits to Persian digits, for display.
     *
     * @param text text
     * @return the text with Persian digits
     */
    public static String toPersianDigits(String text) {
        return Digits.toPersian(text);
    }
}
