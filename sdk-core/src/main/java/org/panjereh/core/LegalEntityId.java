package org.panjereh.core;

/**
 * شناسه ملی اشخاص حقوقی: the 11-digit national id of a legal entity, validated on construction.
 * Not personal data, so {@link #toString()} prints it whole.
 */
public final class LegalEntityId implements PartyIdentifier {

    private static final int[] WEIGHTS = {29, 27, 23, 19, 17};

    private final String value;

    private LegalEntityId(String value) {
        this.value = value;
    }

    /**
     * Parses and validates a legal-entity id.
     *
     * @param raw as typed
     * @return the id
     * @throws InvalidIdentifierException if it is not valid
     */
    public static LegalEntityId of(CharSequence raw) {
        String s = IdentifierSupport.digits(raw, IdentifierKind.LEGAL_ENTITY_ID, 11);
        if (org.panjereh.core.shared.Digits.allSame(s)) {
            throw InvalidIdentifierException.repeated(IdentifierKind.LEGAL_ENTITY_ID);
        }
        int d = (s.charAt(9) - '0') + 2;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += ((s.charAt(i) - '0') + d) * WEIGHTS[i % 5];
        }
        int r = sum % 11;
        if (r == 10) {
            r = 0;
        }
        if (s.charAt(10) - '0' != r) {
            throw InvalidIdentifierException.checksum(IdentifierKind.LEGAL_ENTITY_ID);
        }
        return new LegalEntityId(s);
    }

    /** Whether {@code raw} is a valid legal-entity id. */
    public static boolean isValid(CharSequence raw) {
        try {
            of(raw);
            return true;
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    /** {@link IdentifierKind#LEGAL_ENTITY_ID}. */
    @Override
    public IdentifierKind kind() {
        return IdentifierKind.LEGAL_ENTITY_ID;
    }

    /** The eleven ASCII digits. */
    @Override
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegalEntityId other && other.value.equals(value);
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
