package org.panjereh.sso;

import java.util.Objects;

/**
 * Which claims carry what (contract section 2.1 names by default). A platform that names them
 * differently is reached by configuration: {@link #live()} maps the national code from
 * {@code nationalCode}, as the live national SSO's public clients show (contract section 9).
 *
 * @param nationalCode  the national code claim
 * @param fidaCode      the FIDA code claim
 * @param personType    the person type claim
 * @param legalEntityId the represented company's id claim
 * @param givenName     the given name claim
 * @param familyName    the family name claim
 * @param birthdate     the birth date claim
 * @param phoneNumber   the mobile number claim
 */
public record ClaimNames(String nationalCode, String fidaCode, String personType, String legalEntityId, String givenName,
                         String familyName, String birthdate, String phoneNumber) {

    /** Every name is required. */
    public ClaimNames {
        Objects.requireNonNull(nationalCode);
        Objects.requireNonNull(fidaCode);
        Objects.requireNonNull(personType);
        Objects.requireNonNull(legalEntityId);
        Objects.requireNonNull(givenName);
        Objects.requireNonNull(familyName);
        Objects.requireNonNull(birthdate);
        Objects.requireNonNull(phoneNumber);
    }

    /** The contract's names. */
    public static ClaimNames contract() {
        return new ClaimNames("national_code", "fida_code", "person_type", "legal_entity_id", "given_name", "family_name",
                "birthdate", "phone_number");
    }

    /** The live national SSO's names as far as they are known ({@code nationalCode}); the rest as the contract. */
    public static ClaimNames live() {
        return contract().withNationalCode("nationalCode");
    }

    /**
     * @param name the national code claim's name
     * @return a copy
     */
    public ClaimNames withNationalCode(String name) {
        return new ClaimNames(name, fidaCode, personType, legalEntityId, givenName, familyName, birthdate, phoneNumber);
    }
}
