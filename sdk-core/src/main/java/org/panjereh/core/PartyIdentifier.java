package org.panjereh.core;

/**
 * Who a request, a message or a payment is for, by the one number the state knows them by: a natural
 * person's national code, a foreign national's FIDA code, or a company's legal-entity national id
 * (contract sections 2.1 and 8). The three kinds never collide: code that keys anything on an identifier
 * keys it on {@link #kind()} and {@link #value()} together.
 *
 * <pre>{@code
 * PartyIdentifier who = PartyIdentifier.parse(IdentifierKind.FIDA_CODE, "۱۲۳۴۵۶۷۸۹۰۱۲");
 * String member = who.wireMember(); // "fidaCode"
 * }</pre>
 *
 * Every implementation masks itself in {@code toString()}; {@link #value()} is personal data.
 */
public sealed interface PartyIdentifier permits NationalCode, FidaCode, LegalEntityId {

    /** Which of the three numbers this is. */
    IdentifierKind kind();

    /** The ASCII digits. Personal data: never log. */
    String value();

    /**
     * The member name this identifier has on the wire (contract section 8's {@code recipient}):
     * {@code nationalCode}, {@code fidaCode} or {@code legalEntityId}.
     *
     * @return the member name
     */
    default String wireMember() {
        return switch (kind()) {
            case NATIONAL_CODE -> "nationalCode";
            case FIDA_CODE -> "fidaCode";
            case LEGAL_ENTITY_ID -> "legalEntityId";
            default -> throw new IllegalStateException("not a party identifier: " + kind());
        };
    }

    /**
     * Parses an identifier of a known kind, normalising Persian and Arabic digits.
     *
     * @param kind {@link IdentifierKind#NATIONAL_CODE}, {@link IdentifierKind#FIDA_CODE} or
     *             {@link IdentifierKind#LEGAL_ENTITY_ID}
     * @param raw  as typed
     * @return the identifier
     * @throws InvalidIdentifierException if it is not a valid identifier of that kind
     * @throws IllegalArgumentException   if {@code kind} does not name a party
     */
    static PartyIdentifier parse(IdentifierKind kind, CharSequence raw) {
        return switch (kind) {
            case NATIONAL_CODE -> NationalCode.of(raw);
            case FIDA_CODE -> FidaCode.of(raw);
            case LEGAL_ENTITY_ID -> LegalEntityId.of(raw);
            default -> throw new IllegalArgumentException(kind + " does not identify a person or a company");
        };
    }
}
