package org.panjereh.sso;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.panjereh.core.FidaCode;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.ServiceCard;

/**
 * A person logged in through the national single sign-on, from a verified ID token. Identifiers are
 * validated value types; {@link #toString()} masks them.
 *
 * @param issuer        the issuer that authenticated them
 * @param subject       the pairwise {@code sub} at this agency
 * @param personType    natural, foreign or legal representative
 * @param nationalCode  کد ملی, for natural persons and representatives
 * @param fidaCode      کد فراگیر اتباع, for foreign nationals
 * @param legalEntityId شناسه ملی of the company represented
 * @param givenName     نام
 * @param familyName    نام خانوادگی
 * @param birthDate     date of birth, if released
 * @param mobile        verified mobile number, if released
 * @param acr           the level of assurance of this login
 * @param sessionId     the platform's {@code sid}, for back-channel logout
 * @param authTime      when the person authenticated
 */
public record Citizen(URI issuer, String subject, PersonType personType, NationalCode nationalCode, FidaCode fidaCode,
                      LegalEntityId legalEntityId, String givenName, String familyName, LocalDate birthDate,
                      MobileNumber mobile, LevelOfAssurance acr, String sessionId, Instant authTime) {

    /** Requires issuer, subject, type and level. */
    public Citizen {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(personType, "personType");
        Objects.requireNonNull(acr, "acr");
    }

    /** The national code, if the person has one. */
    public Optional<NationalCode> nationalCodeIfAny() {
        return Optional.ofNullable(nationalCode);
    }

    /**
     * The person logged in, by the number the state knows them by: the national code, or a foreign national's FIDA code.
     *
     * @return the identifier
     * @throws IllegalStateException when the login carried neither (a platform bug; never a valid login)
     */
    public PartyIdentifier person() {
        if (nationalCode != null) {
            return nationalCode;
        }
        if (fidaCode != null) {
            return fidaCode;
        }
        throw new IllegalStateException("The login carries neither a national code nor a FIDA code");
    }

    /**
     * Whom a request made in this session is for: the company a representative acts for, otherwise the person.
     * A representative's claim to act for the company is only the login's word: check it with the company registry
     * before accepting a request.
     */
    public PartyIdentifier applicant() {
        return personType == PersonType.LEGAL_REPRESENTATIVE && legalEntityId != null ? legalEntityId : person();
    }

    /** Which kind of applicant the card's {@code eligible} must admit. */
    public ServiceCard.Eligibility applicantKind() {
        return switch (personType) {
            case NATURAL -> ServiceCard.Eligibility.NATURAL;
            case FOREIGN -> ServiceCard.Eligibility.FOREIGN;
            case LEGAL_REPRESENTATIVE -> ServiceCard.Eligibility.LEGAL;
        };
    }

    /** The verified mobile number, if released. */
    public Optional<MobileNumber> mobileIfAny() {
        return Optional.ofNullable(mobile);
    }

    /** Whether this login's level satisfies {@code required}; when not, ask for a step-up. */
    public boolean satisfies(LevelOfAssurance required) {
        return acr.satisfies(required);
    }

    /** Full name for display. */
    public String displayName() {
        return ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).strip();
    }

    /** Identifiers masked, no names. */
    @Override
    public String toString() {
        return "Citizen[" + personType + ", sub=" + subject + ", " + (nationalCode != null ? nationalCode : fidaCode)
                + ", acr=" + acr.acr() + "]";
    }
}
