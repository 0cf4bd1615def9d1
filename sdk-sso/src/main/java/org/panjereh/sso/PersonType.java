package org.panjereh.sso;

/** Who logged in (contract section 2.1, claim {@code person_type}). */
public enum PersonType {
    /** An Iranian natural person, known by national code. */
    NATURAL,
    /** A foreign national, known by FIDA code. */
    FOREIGN,
    /** A natural person acting for a legal entity. */
    LEGAL_REPRESENTATIVE;

    /**
     * @param claim {@code natural}, {@code foreign} or {@code legal_representative}
     * @return the type
     * @throws IllegalArgumentException for anything else
     */
    public static PersonType fromClaim(String claim) {
        return switch (claim == null ? "" : claim) {
            case "natural" -> NATURAL;
            case "foreign" -> FOREIGN;
            case "legal_representative" -> LEGAL_REPRESENTATIVE;
            default -> throw new IllegalArgumentException("Unknown person_type");
        };
    }
}
