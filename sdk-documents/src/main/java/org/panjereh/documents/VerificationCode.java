package org.panjereh.documents;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import org.panjereh.core.shared.Digits;

/**
 * The 16-character code printed on an issued document (contract section 11): 15 random characters of Crockford's
 * base-32 alphabet (no I, L, O or U, so nothing is misread) and a check character (Luhn mod 32), so that a code
 * read out on the phone or typed from paper with one wrong character is caught before it is looked up.
 * Printed in four groups: {@code 7KQ2-M9XD-3VHP-A1TC}.
 *
 * @param value the 16 characters, upper case, no separators
 */
public record VerificationCode(String value) {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks the form and the check character. */
    public VerificationCode {
        Objects.requireNonNull(value, "value");
        if (value.length() != 16 || value.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            throw new IllegalArgumentException("A verification code is 16 characters of " + ALPHABET);
        }
        if (check(value.substring(0, 15)) != value.charAt(15)) {
            throw new IllegalArgumentException("The verification code's check character is wrong: a character was mistyped");
        }
    }

    /** @return a new random code */
    public static VerificationCode generate() {
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 15; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return new VerificationCode(b.append(check(b)).toString());
    }

    /**
     * Parses a code as a person typed it: any case, with spaces or hyphens, Persian or Arabic digits, and the
     * letters Crockford's alphabet reads the same (O as 0, I and L as 1).
     *
     * @param typed the text
     * @return the code
     * @throws IllegalArgumentException if it is not a valid code
     */
    public static VerificationCode parse(CharSequence typed) {
        if (typed == null) {
            throw new IllegalArgumentException("No verification code");
        }
        String s = Digits.toAscii(typed).toUpperCase(Locale.ROOT).replaceAll("[\\s\\-\u200c\u200f\u200e]", "")
                .replace('O', '0').replace('I', '1').replace('L', '1');
        return new VerificationCode(s);
    }

    /** @return the code in four groups of four, as printed */
    public String display() {
        return value.substring(0, 4) + "-" + value.substring(4, 8) + "-" + value.substring(8, 12) + "-" + value.substring(12);
    }

    /** Luhn mod N over Crockford's alphabet. */
    private static char check(CharSequence body) {
        int factor = 2;
        int sum = 0;
        for (int i = body.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(body.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / 32 + addend % 32;
        }
        return ALPHABET.charAt((32 - sum % 32) % 32);
    }

    @Override
    public String toString() {
        return display();
    }
}
