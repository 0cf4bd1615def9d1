package org.panjereh.core;

import java.util.Optional;

/**
 * An Iranian mobile number, accepted as {@code 09…}, {@code 9…}, {@code +989…}, {@code 989…} or
 * {@code 00989…} and normalised to {@code +989XXXXXXXXX}. The operator is reported as information
 * ({@link #operator()}) and never used to refuse a number: prefixes move between operators.
 * {@link #toString()} masks the middle digits.
 */
public final class MobileNumber {

    private final String e164;

    private MobileNumber(String e164) {
        this.e164 = e164;
    }

    /**
     * Parses and normalises a mobile number.
     *
     * @param raw as typed
     * @return the number
     * @throws InvalidIdentifierException if it is not an Iranian mobile number
     */
    public static MobileNumber of(CharSequence raw) {
        String s = IdentifierSupport.clean(raw, IdentifierKind.MOBILE_NUMBER);
        s = s.replace("(", "").replace(")", "");
        String national;
        if (s.startsWith("+98")) {
            national = s.substring(3);
        } else if (s.startsWith("0098")) {
            national = s.substring(4);
        } else if (s.startsWith("98") && s.length() == 12) {
            national = s.substring(2);
        } else if (s.startsWith("0")) {
            national = s.substring(1);
        } else {
            national = s;
        }
        if (!org.panjereh.core.shared.Digits.isAsciiDigits(national)) {
            throw InvalidIdentifierException.notDigits(IdentifierKind.MOBILE_NUMBER);
        }
        if (national.length() != 10) {
            throw InvalidIdentifierException.wrongLength(IdentifierKind.MOBILE_NUMBER, 11, national.length() + 1);
        }
        if (national.charAt(0) != '9') {
            throw new InvalidIdentifierException(IdentifierKind.MOBILE_NUMBER,
                    InvalidIdentifierException.Reason.BAD_FORMAT, "must start with 09 (or +989)",
                    "باید با ۰۹ (یا ‎+989) شروع شود");
        }
        return new MobileNumber("+98" + national);
    }

    /** The number as {@code +989XXXXXXXXX}. Personal data: do not log. */
    public String value() {
        return e164;
    }

    /** The number as dialled at home, {@code 09XXXXXXXXX}. */
    public String nationalFormat() {
        return "0" + e164.substring(3);
    }

    /** The operator the prefix was last known to belong to, for information only. */
    public Optional<String> operator() {
        int p = Integer.parseInt(e164.substring(3, 6));
        if ((p >= 910 && p <= 919) || (p >= 990 && p <= 996)) {
            return Optional.of("MCI");
        }
        if ((p >= 900 && p <= 905) || p == 930 || p == 933 || (p >= 935 && p <= 939) || p == 941) {
            return Optional.of("Irancell");
        }
        if (p >= 920 && p <= 923) {
            return Optional.of("RighTel");
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MobileNumber other && other.e164.equals(e164);
    }

    @Override
    public int hashCode() {
        return e164.hashCode();
    }

    /** Masked: {@code MobileNumber[+98912****567]}. */
    @Override
    public String toString() {
        return "MobileNumber[" + e164.substring(0, 6) + "****" + e164.substring(10) + "]";
    }
}
