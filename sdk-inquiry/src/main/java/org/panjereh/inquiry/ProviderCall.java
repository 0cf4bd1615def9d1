package org.panjereh.inquiry;

import java.util.Map;

/**
 * A call another agency made through the exchange, authenticated, authorised and validated, as the handler of a
 * {@link ProvidedService} sees it. Field values are normalised: identifiers as their SDK types (e.g.
 * {@link org.panjereh.core.NationalCode}), dates as {@link java.time.LocalDate}, numbers as {@link java.math.BigDecimal}.
 *
 * @param service    the service's name
 * @param consumer   the consumer's agency id
 * @param purpose    the service id the consumer asks on behalf of
 * @param trackingId the consumer's request, or {@code null}
 * @param userRef    the consumer's opaque reference to the person, for audits
 * @param fields     the request's fields
 */
public record ProviderCall(String service, String consumer, String purpose, String trackingId, String userRef,
                           Map<String, Object> fields) {

    /** Freezes the fields. */
    public ProviderCall {
        fields = Map.copyOf(fields);
    }

    /**
     * @param name a request field
     * @param <T>  its normalised type
     * @return its value, or {@code null} when the request left it out
     */
    @SuppressWarnings("unchecked")
    public <T> T field(String name) {
        return (T) fields.get(name);
    }

    /** Does not show field values: they may be personal data. */
    @Override
    public String toString() {
        return "ProviderCall[" + service + " from " + consumer + " for " + purpose + ", fields " + fields.keySet() + "]";
    }
}
