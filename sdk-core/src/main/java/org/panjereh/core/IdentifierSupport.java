package org.panjereh.core;

import org.panjereh.core.shared.Digits;

/** Shared first steps of every identifier's validation. */
final class IdentifierSupport {

    private IdentifierSupport() {
    }

    /** Cleans the raw value and checks that it is exactly {@code length} ASCII digits. */
    static String digits(CharSequence raw, IdentifierKind kind, int length) {
        String s = clean(raw, kind);
        if (!Digits.isAsciiDigits(s)) {
            throw InvalidIdentifierException.notDigits(kind);
        }
        if (s.length() != length) {
            throw InvalidIdentifierException.wrongLength(kind, length, s.length());
        }
        return s;
    }

    /** Cleans the raw value and refuses an empty result. */
    static String clean(CharSequence raw, IdentifierKind kind) {
        if (raw == null) {
            throw InvalidIdentifierException.missing(kind);
        }
        String s = Digits.cleanIdentifier(raw);
        if (s.isEmpty()) {
            throw InvalidIdentifierException.missing(kind);
        }
        return s;
    }

    /** Keeps the last {@code visible} characters and stars the rest. */
    static String mask(String value, int visible) {
        int hidden = Math.max(0, value.length() - visible);
        return "*".repeat(hidden) + value.substring(hidden);
    }
}
