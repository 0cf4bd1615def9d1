package org.panjereh.sandbox.internal;

import java.math.BigInteger;

/**
 * The platform side's own checks of the identifiers agencies send, written from the contract's rules
 * (iranian-identifiers.md, §0) and not taken from the SDK, so that a mistake in the SDK's validators is caught here
 * instead of being agreed with. The wire carries ASCII digits only (the sender normalises), so nothing is mapped.
 */
final class Identifiers {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Identifiers() {
    }

    /** @return whether {@code s} is a national code: 10 digits, not all one, its check digit right */
    static boolean nationalCode(String s) {
        if (!digits(s, 10) || s.chars().distinct().count() == 1) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (s.charAt(i) - '0') * (10 - i);
        }
        int r = sum % 11;
        return s.charAt(9) - '0' == (r < 2 ? r : 11 - r);
    }

    /** @return whether {@code s} is a legal entity's national id (شناسه ملی): 11 digits, its check digit right */
    static boolean legalEntityId(String s) {
        if (!digits(s, 11)) {
            return false;
        }
        int[] weights = {29, 27, 23, 19, 17};
        int d = s.charAt(9) - '0' + 2;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (s.charAt(i) - '0' + d) * weights[i % 5];
        }
        int r = sum % 11;
        return (r == 10 ? 0 : r) == s.charAt(10) - '0';
    }

    /**
     * @return whether {@code s} has the form of a FIDA code (کد فراگیر اتباع): 12 digits, not all one; it has no
     *         public check digit
     */
    static boolean fidaCode(String s) {
        return digits(s, 12) && s.chars().distinct().count() > 1;
    }

    /** @return the mobile number as {@code +989XXXXXXXXX}, or {@code null} if it is not one */
    static String mobile(String s) {
        if (s == null || !s.matches("(\\+98|98|0098|0)?9[0-9]{9}")) {
            return null;
        }
        return "+98" + s.substring(s.length() - 10);
    }

    /** @return whether {@code s} is an Iranian Sheba: IR, 24 digits, mod 97 of the rearranged number is 1 */
    static boolean sheba(String s) {
        if (s == null || s.length() != 26 || !s.startsWith("IR") || !digits(s.substring(2), 24)) {
            return false;
        }
        return new BigInteger(s.substring(4) + "1827" + s.substring(2, 4)).mod(NINETY_SEVEN).intValueExact() == 1;
    }

    /** @return whether {@code s} is a tracking id: 20 digits, the last two ISO 7064 MOD 97-10 over the first 18 */
    static boolean trackingId(String s) {
        return digits(s, 20) && s.substring(18).equals(checkDigits(s.substring(0, 18)));
    }

    /** @return the 20-digit tracking id of 18 digits: the digits and their two check digits */
    static String trackingId18(String first18) {
        if (!digits(first18, 18)) {
            throw new IllegalArgumentException("a tracking id starts with 18 digits");
        }
        return first18 + checkDigits(first18);
    }

    // As in IBAN: 98 − (n · 100 mod 97), two digits.
    private static String checkDigits(String first18) {
        int check = 98 - new BigInteger(first18).multiply(BigInteger.valueOf(100)).mod(NINETY_SEVEN).intValueExact();
        return check < 10 ? "0" + check : String.valueOf(check);
    }

    private static boolean digits(String s, int n) {
        if (s == null || s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
