package org.panjereh.inquiry;

import java.time.LocalDate;
import java.util.Objects;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.PersianText;

/**
 * The company registry's answer for a legal entity (contract section 7).
 *
 * @param legalEntityId      شناسه ملی
 * @param name               registered name, Persian-normalised
 * @param registrationNumber شماره ثبت
 * @param registeredAt       registration date
 * @param status             e.g. {@code active}, {@code dissolved}
 */
public record LegalEntity(LegalEntityId legalEntityId, String name, String registrationNumber, LocalDate registeredAt,
                          String status) {

    /** Requires the fields and normalises the name. */
    public LegalEntity {
        Objects.requireNonNull(legalEntityId, "legalEntityId");
        name = PersianText.normalize(Objects.requireNonNull(name, "name"));
        Objects.requireNonNull(registrationNumber, "registrationNumber");
        Objects.requireNonNull(status, "status");
    }

    /** Whether the entity is active. */
    public boolean isActive() {
        return "active".equals(status);
    }
}
