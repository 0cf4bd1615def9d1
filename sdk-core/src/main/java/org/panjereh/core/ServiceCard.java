package org.panjereh.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * شناسنامه خدمت: a service's entry in the national registry (contract section 3).
 *
 * @param serviceId            the 11-digit service id
 * @param title                Persian title
 * @param agencyId             the agency that offers it
 * @param nature               sovereign, supportive or enterprise
 * @param recipients           G2C, G2B, G2G
 * @param legalBasis           the law or regulation behind it
 * @param channels             where it is offered
 * @param authLevel            the level of assurance a login needs
 * @param requiredInquiries    exchange services it calls, {@code provider/service}
 * @param fees                 fees, in rial
 * @param inPersonReasons      why a visit is needed, if it is
 * @param expectedDurationDays promised duration
 * @param units                responsible organisational units
 * @param evaluation           which survey form, and when
 * @param steps                the steps a request goes through
 */
public record ServiceCard(ServiceId serviceId, String title, String agencyId, Nature nature, List<String> recipients,
                          String legalBasis, List<Channel> channels, LevelOfAssurance authLevel,
                          List<String> requiredInquiries, List<Fee> fees, List<String> inPersonReasons,
                          int expectedDurationDays, List<String> units, Evaluation evaluation, List<Step> steps) {

    /** Checks required members and freezes the lists. */
    public ServiceCard {
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(agencyId, "agencyId");
        authLevel = authLevel == null ? LevelOfAssurance.LOA1 : authLevel;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        channels = channels == null ? List.of() : List.copyOf(channels);
        requiredInquiries = requiredInquiries == null ? List.of() : List.copyOf(requiredInquiries);
        fees = fees == null ? List.of() : List.copyOf(fees);
        inPersonReasons = inPersonReasons == null ? List.of() : List.copyOf(inPersonReasons);
        units = units == null ? List.of() : List.copyOf(units);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** The step with this code, if the card has it. */
    public Optional<Step> step(String code) {
        return steps.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    /** ماهیت خدمت. */
    public enum Nature {
        /** حاکمیتی. */
        SOVEREIGN,
        /** حمایتی. */
        SUPPORTIVE,
        /** تصدی‌گری. */
        ENTERPRISE;

        /** Wire value, lower case. */
        @JsonValue
        public String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * @param v wire value
         * @return the nature
         */
        @JsonCreator
        public static Nature fromWire(String v) {
            return valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * A fee (contract sections 3 and 10): what a payment for this service must carry.
     *
     * @param code       the fee's code on the card, sent as {@code feeCode} when paying
     * @param title      what it is for
     * @param amountRial amount in rial, 1 to 10<sup>13</sup>
     * @param sheba      treasury account it is paid into
     */
    public record Fee(String code, String title, long amountRial, Sheba sheba) {
        /** Checks the amount. */
        public Fee {
            if (amountRial < 1 || amountRial > 10_000_000_000_000L) {
                throw new IllegalArgumentException("a fee's amountRial is 1 to 10^13, not " + amountRial);
            }
        }
    }

    /** The fee with this code, if the card has it. */
    public Optional<Fee> fee(String code) {
        return fees.stream().filter(f -> f.code() != null && f.code().equals(code)).findFirst();
    }

    /**
     * A step of the service.
     *
     * @param code  step code, used in service events
     * @param title Persian title
     */
    public record Step(String code, String title) {
        /** Requires a code. */
        public Step {
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * Which survey form, and when it is shown.
     *
     * @param formId  e.g. {@code csat-v1}
     * @param trigger e.g. {@code on-delivery}
     */
    public record Evaluation(String formId, String trigger) {
    }
}
