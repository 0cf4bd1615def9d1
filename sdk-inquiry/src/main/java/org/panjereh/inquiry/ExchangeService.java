package org.panjereh.inquiry;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service of the national information exchange, {@code provider/service} (contract section 7).
 *
 * @param provider e.g. {@code civil-registry}
 * @param service  e.g. {@code person-identity}
 */
public record ExchangeService(String provider, String service) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Person identity at the civil registry (ثبت احوال). */
    public static final ExchangeService PERSON_IDENTITY = new ExchangeService("civil-registry", "person-identity");
    /** Address by postal code at the post company. */
    public static final ExchangeService ADDRESS_BY_POSTCODE = new ExchangeService("post", "address-by-postcode");
    /** Legal entity at the company registry. */
    public static final ExchangeService LEGAL_ENTITY = new ExchangeService("company-registry", "legal-entity");
    /** Whether a person represents a company, and with which powers, at the company registry. */
    public static final ExchangeService REPRESENTATIVES = new ExchangeService("company-registry", "representatives");
    /** Mobile ownership at Shahkar. */
    public static final ExchangeService MOBILE_OWNERSHIP = new ExchangeService("shahkar", "mobile-ownership");

    /** Checks both names: lower-case letters, digits and dashes. */
    public ExchangeService {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(service, "service");
        if (!NAME.matcher(provider).matches() || !NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("provider and service are lower-case names like civil-registry");
        }
    }

    /**
     * Parses {@code provider/service}.
     *
     * @param path e.g. {@code post/address-by-postcode}
     * @return the service
     */
    public static ExchangeService of(String path) {
        int slash = path == null ? -1 : path.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("An exchange service is provider/service");
        }
        return new ExchangeService(path.substring(0, slash), path.substring(slash + 1));
    }

    /** {@code provider/service}. */
    @Override
    public String toString() {
        return provider + "/" + service;
    }
}
