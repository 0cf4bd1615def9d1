package org.panjereh.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * @param description          شرح خدمت, Persian, at most 2000 characters
 * @param eligible             who may apply: natural persons, foreign nationals, companies through a representative
 * @param requiredData         the application form's fields, each filled by the applicant or an exchange inquiry
 * @param deliveryMethod       informational, interactive or transactional
 * @param maturity             سطح بلوغ, 1 (information only) to 5 (smart), or {@code null} on a v1 card
 * @param smartCriteria        when a smart service is delivered without human intervention (maturity 5)
 * @param deliveryLevel        national, provincial, city or village
 * @param audience             G2C, G2B, G2G
 * @param yearlyVolume         requests in the last Iranian year by channel
 * @param directCostRial       what the applicant pays in all, rials
 * @param costPriceRial        what one request costs the agency, rials
 * @param offices              service offices by channel, where there is a counter
 * @param reviewedAt           the last approval
 * @param validUntil           when the card must be reviewed again (at most a year after {@code reviewedAt})
 * @param version              the registry's version of this card, or {@code null}
 * @param status               the registry's status of this card, or {@code null} on a card from a file
 */
public record ServiceCard(ServiceId serviceId, String title, String agencyId, Nature nature, List<String> recipients,
                          String legalBasis, List<Channel> channels, LevelOfAssurance authLevel,
                          List<String> requiredInquiries, List<Fee> fees, List<String> inPersonReasons,
                          int expectedDurationDays, List<String> units, Evaluation evaluation, List<Step> steps,
                          String description, List<Eligibility> eligible, List<DataField> requiredData,
                          DeliveryMethod deliveryMethod, Integer maturity, String smartCriteria, DeliveryLevel deliveryLevel,
                          List<String> audience, Map<Channel, Long> yearlyVolume, Long directCostRial, Long costPriceRial,
                          Map<Channel, Long> offices, Instant reviewedAt, Instant validUntil, Integer version,
                          Status status) {

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
        eligible = eligible == null ? List.of() : List.copyOf(eligible);
        requiredData = requiredData == null ? List.of() : List.copyOf(requiredData);
        audience = audience == null ? List.of() : List.copyOf(audience);
        yearlyVolume = yearlyVolume == null ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(nonEmpty(yearlyVolume)));
        offices = offices == null ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(nonEmpty(offices)));
    }

    private static Map<Channel, Long> nonEmpty(Map<Channel, Long> m) {
        return m.isEmpty() ? new EnumMap<>(Channel.class) : m;
    }

    /** Whether this kind of applicant may apply (a v1 card without {@code eligible} admits natural persons only). */
    public boolean admits(Eligibility who) {
        return eligible.isEmpty() ? who == Eligibility.NATURAL : eligible.contains(who);
    }

    /**
     * Who may apply, for a person to read: «اشخاص حقیقی، اتباع خارجی», in the order of {@link Eligibility}.
     *
     * @return the kinds this card admits, in Persian
     */
    public String eligibleInPersian() {
        java.util.StringJoiner who = new java.util.StringJoiner("، ");
        for (Eligibility e : Eligibility.values()) {
            if (admits(e)) {
                who.add(e.persian());
            }
        }
        return who.toString();
    }

    /** Whether the registry says the card is past its review date. */
    public boolean reviewOverdue() {
        return status == Status.REVIEW_OVERDUE;
    }

    /** The required-data field with this code, if the card has it. */
    public Optional<DataField> field(String code) {
        return requiredData.stream().filter(f -> f.code().equals(code)).findFirst();
    }

    /** Who may apply for a service (§3 {@code eligible}). */
    public enum Eligibility {
        /** A natural person with a national code. */
        NATURAL,
        /** A foreign national with a FIDA code. */
        FOREIGN,
        /** A company, through a representative. */
        LEGAL;

        /** Wire value, lower case. */
        @JsonValue
        public String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @param v wire value @return the value */
        @JsonCreator
        public static Eligibility fromWire(String v) {
            return valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }

        /** For a person: «اشخاص حقیقی», «اتباع خارجی», «اشخاص حقوقی». */
        public String persian() {
            return switch (this) {
                case NATURAL -> "اشخاص حقیقی";
                case FOREIGN -> "اتباع خارجی";
                case LEGAL -> "اشخاص حقوقی";
            };
        }
    }

    /** روش ارائهٔ الکترونیکی. */
    public enum DeliveryMethod {
        /** اطلاع‌رسانی. */
        INFORMATIONAL,
        /** تعاملی. */
        INTERACTIVE,
        /** تراکنشی. */
        TRANSACTIONAL;

        /** Wire value, lower case. */
        @JsonValue
        public String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @param v wire value @return the value */
        @JsonCreator
        public static DeliveryMethod fromWire(String v) {
            return valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** سطح ارائه. */
    public enum DeliveryLevel {
        /** ملی. */
        NATIONAL,
        /** استانی. */
        PROVINCIAL,
        /** شهرستانی. */
        CITY,
        /** روستایی. */
        VILLAGE;

        /** Wire value, lower case. */
        @JsonValue
        public String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @param v wire value @return the value */
        @JsonCreator
        public static DeliveryLevel fromWire(String v) {
            return valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Where a card stands at the registry. */
    public enum Status {
        /** Submitted, not yet approved. */
        PENDING,
        /** Approved and current. */
        APPROVED,
        /** Approved, but past {@code validUntil}. */
        REVIEW_OVERDUE;

        /** Wire value, lower case. */
        @JsonValue
        public String wireValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @param v wire value @return the value */
        @JsonCreator
        public static Status fromWire(String v) {
            return valueOf(v.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The type of a form field (§3 {@code requiredData[].type}). */
    public enum FieldType {
        /** Free text. */
        TEXT("text"),
        /** A number. */
        NUMBER("number"),
        /** A date, typed in the Jalali calendar. */
        DATE("date"),
        /** A ten-digit postal code. */
        POSTAL_CODE("postalCode"),
        /** An uploaded file: allowed only with a justification, since inquiries replace papers. */
        FILE("file");

        private final String wire;

        FieldType(String wire) {
            this.wire = wire;
        }

        /** Wire value. */
        @JsonValue
        public String wireValue() {
            return wire;
        }

        /** @param v wire value @return the type */
        @JsonCreator
        public static FieldType fromWire(String v) {
            for (FieldType t : values()) {
                if (t.wire.equals(v)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("Unknown field type " + v);
        }
    }

    /**
     * A field of the application form (نیازمندی اطلاعاتی), filled by the applicant or by an exchange inquiry.
     *
     * @param code          short Latin code, the form field's name
     * @param title         Persian label
     * @param type          how it is typed and checked
     * @param required      whether the form needs it
     * @param source        {@code applicant} or {@code inquiry:{provider}/{service}}
     * @param justification why a file must be uploaded, for a {@code file} field
     */
    public record DataField(String code, String title, FieldType type, boolean required, String source,
                            String justification) {

        /** Requires a code. */
        public DataField {
            Objects.requireNonNull(code, "code");
        }

        /** Whether the applicant types it. */
        public boolean fromApplicant() {
            return "applicant".equals(source);
        }

        /** The exchange service that fills it, {@code provider/service}, if it comes from an inquiry. */
        public Optional<String> inquiry() {
            return source != null && source.startsWith("inquiry:") ? Optional.of(source.substring(8)) : Optional.empty();
        }
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
     * @param legalBasis the law or resolution that authorises the fee (مجوز دریافت)
     */
    public record Fee(String code, String title, long amountRial, Sheba sheba, String legalBasis) {

        /**
         * A fee as v1 cards had it, without its legal basis.
         *
         * @param code       the fee's code
         * @param title      what it is for
         * @param amountRial amount in rial
         * @param sheba      treasury account
         */
        public Fee(String code, String title, long amountRial, Sheba sheba) {
            this(code, title, amountRial, sheba, null);
        }

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
