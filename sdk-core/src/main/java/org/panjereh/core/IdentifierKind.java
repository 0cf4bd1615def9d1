package org.panjereh.core;

/** The kinds of identifier Panjereh validates, with their English and Persian names. */
public enum IdentifierKind {
    /** کد ملی: 10 digits with a check digit. */
    NATIONAL_CODE("national code", "کد ملی"),
    /** شناسه ملی اشخاص حقوقی: 11 digits with a check digit. */
    LEGAL_ENTITY_ID("legal-entity national id", "شناسه ملی"),
    /** کد پستی: 10 digits. */
    POSTAL_CODE("postal code", "کد پستی"),
    /** شماره تلفن همراه. */
    MOBILE_NUMBER("mobile number", "شماره تلفن همراه"),
    /** شماره شبا: IR and 24 digits, ISO 13616. */
    SHEBA("Sheba (IBAN)", "شماره شبا"),
    /** شناسه خدمت: 11 digits. */
    SERVICE_ID("service id", "شناسه خدمت"),
    /** شناسه پیگیری: 20 digits, the last two ISO 7064 MOD 97-10 check digits. */
    TRACKING_ID("tracking id", "شناسه پیگیری"),
    /** کد فراگیر اتباع: 12 digits. */
    FIDA_CODE("FIDA code", "کد فراگیر اتباع");

    private final String english;
    private final String persian;

    IdentifierKind(String english, String persian) {
        this.english = english;
        this.persian = persian;
    }

    /** English name, lower case. */
    public String englishName() {
        return english;
    }

    /** Persian name. */
    public String persianName() {
        return persian;
    }
}
