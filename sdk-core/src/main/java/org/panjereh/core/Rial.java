package org.panjereh.core;

import java.util.Locale;
import org.panjereh.core.shared.Digits;

/**
 * An amount of money in Iranian rials (ریال), the unit of every amount on the wire (contract section 10):
 * a whole number held in a {@code long}, never a {@code double}, from 0 to 10<sup>13</sup>.
 *
 * <p>People are shown rials with Persian digits and thousands separators, and tomans (÷ 10) beside them,
 * never instead: {@code Rial.of(500_000).toPersianString()} is «۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)».
 *
 * <pre>{@code
 * Rial fee = Rial.of(card.fee("licence").orElseThrow().amountRial());
 * Rial left = fee.minus(Rial.of(100_000));
 * String shown = fee.toPersianString();
 * }</pre>
 */
public final class Rial implements Comparable<Rial> {

    /** The largest amount the contract allows, 10<sup>13</sup> rials. */
    public static final long MAX = 10_000_000_000_000L;
    /** Nothing. */
    public static final Rial ZERO = new Rial(0);

    private static final char PERSIAN_THOUSANDS = '\u066C';

    private final long amount;

    private Rial(long amount) {
        this.amount = amount;
    }

    /**
     * @param rials a whole number of rials, 0 to {@link #MAX}
     * @return the amount
     * @throws IllegalArgumentException if out of range
     */
    public static Rial of(long rials) {
        if (rials < 0 || rials > MAX) {
            throw new IllegalArgumentException("An amount is 0 to 10^13 rials, not " + rials);
        }
        return rials == 0 ? ZERO : new Rial(rials);
    }

    /**
     * Parses an amount as a person typed it: Persian, Arabic-Indic or ASCII digits, with or without
     * thousands separators (comma, Persian ٬, Arabic ، , spaces).
     *
     * @param typed the text
     * @return the amount
     * @throws IllegalArgumentException if it is not a whole number of rials in range
     */
    public static Rial parse(CharSequence typed) {
        if (typed == null) {
            throw new IllegalArgumentException("An amount is required");
        }
        String s = Digits.toAscii(typed).replaceAll("[\\s,\u066C\u060C_]", "");
        if (s.isEmpty() || s.length() > 14 || !Digits.isAsciiDigits(s)) {
            throw new IllegalArgumentException("An amount is a whole number of rials");
        }
        return of(Long.parseLong(s));
    }

    /** The number of rials. */
    public long rials() {
        return amount;
    }

    /** Whether it is zero. */
    public boolean isZero() {
        return amount == 0;
    }

    /**
     * @param other an amount
     * @return the sum
     * @throws IllegalArgumentException if it exceeds {@link #MAX}
     */
    public Rial plus(Rial other) {
        return of(Math.addExact(amount, other.amount));
    }

    /**
     * @param other an amount not larger than this one
     * @return the difference
     * @throws IllegalArgumentException if it would be negative
     */
    public Rial minus(Rial other) {
        return of(amount - other.amount);
    }

    /** Rials with Persian digits and separators, and tomans beside them: «۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)». */
    public String toPersianString() {
        String toman = group(amount / 10) + (amount % 10 == 0 ? "" : "\u066B" + Digits.toPersian(Long.toString(amount % 10)));
        return group(amount) + " ریال (" + toman + " تومان)";
    }

    /** Rials with Persian digits and separators only: «۵۰۰٬۰۰۰ ریال». */
    public String toPersianRialString() {
        return group(amount) + " ریال";
    }

    private static String group(long v) {
        return Digits.toPersian(String.format(Locale.ROOT, "%,d", v)).replace(',', PERSIAN_THOUSANDS);
    }

    @Override
    public int compareTo(Rial o) {
        return Long.compare(amount, o.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rial r && r.amount == amount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(amount);
    }

    /** For developers: {@code 500000 IRR}. */
    @Override
    public String toString() {
        return amount + " IRR";
    }
}
