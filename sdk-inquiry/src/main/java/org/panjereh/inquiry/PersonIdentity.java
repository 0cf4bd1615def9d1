package org.panjereh.inquiry;

import java.time.LocalDate;
import java.util.Objects;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PersianText;

/**
 * The civil registry's answer for a person (contract section 7). Names are Persian-normalised.
 *
 * @param nationalCode the person
 * @param givenName    نام
 * @param familyName   نام خانوادگی
 * @param fatherName   نام پدر
 * @param birthDate    date of birth
 * @param alive        whether the registry knows the person as alive
 */
public record PersonIdentity(NationalCode nationalCode, String givenName, String familyName, String fatherName,
                             LocalDate birthDate, boolean alive) {

    /** Requires the identifiers and normalises the names. */
    public PersonIdentity {
        Objects.requireNonNull(nationalCode, "nationalCode");
        Objects.requireNonNull(birthDate, "birthDate");
        givenName = PersianText.normalize(Objects.requireNonNull(givenName, "givenName"));
        familyName = PersianText.normalize(Objects.requireNonNull(familyName, "familyName"));
        fatherName = PersianText.normalize(fatherName == null ? "" : fatherName);
    }

    /** Masks the national code; names are personal data and are left out. */
    @Override
    public String toString() {
        return "PersonIdentity[" + nationalCode + ", alive=" + alive + "]";
    }
}
