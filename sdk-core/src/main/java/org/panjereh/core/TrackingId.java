package org.panjereh.core;

import org.panjereh.core.shared.Digits;

/**
 * شناسه پیگیری: the 20-digit id the platform issues for one citizen request (contract sections 0 and 4).
 * The last two digits are ISO 7064 MOD 97-10 check digits over the first 18, so one mistyped digit
 * or a swap of two adjacent digits is always caught.
 */
public final class TrackingId implements Comparable<TrackingId> {

    private final String value;

    private TrackingId(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a tracking id.
     *
     * @param raw as typed or read over the phone, in any accepted digit form
     * @return the id
     * @throws InvalidIdentifierException if it is not 20 digits with matching check digits
     */
    public static TrackingId of(CharSequence raw) {
        String s = IdentifierSupport.digits(raw, IdentifierKind.TRACKING_ID, 20);
        if (Digits.mod97(s) != 1) {
            throw InvalidIdentifierException.checksum(IdentifierKind.TRACKING_ID);
        }
        return new TrackingId(s);
    }

    /**
     * Completes an 18-digit body with its check digits; what an issuer does.
     *
     * @param body18 eighteen ASCII digits
     * @return the tracking id
     * @throws InvalidIdentifierException if {@code body18} is not eighteen digits
     */
    public static TrackingId withCheckDigits(CharSequence body18) {
        String body = IdentifierSupport.digits(body18, IdentifierKind.TRACKING_ID, 18);
        int check = 98 - Digits.mod97(body + "00");
        return new TrackingId(body + (check < 10 ? "0" : "") + check);
    }

    /** Whether {@code raw} is a valid tracking id. */
    public static boolean isValid(CharSequence raw) {
        try {
            of(raw);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** The twenty ASCII digits. */
    public String value() {
        return value;
    }

    /** The id in Persian digits, grouped by four from the left for reading aloud. */
    public String toPersianDisplay() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(value, i, Math.min(value.length(), i + 4));
        }
        return Digits.toPersian(sb);
    }

    @Override
    public int compareTo(TrackingId o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackingId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
