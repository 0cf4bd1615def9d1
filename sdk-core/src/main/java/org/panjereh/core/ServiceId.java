package org.panjereh.core;

/**
 * شناسه خدمت: the 11-digit id of a service in the national service registry (contract section 0).
 */
public final class ServiceId implements Comparable<ServiceId> {

    private final String value;

    private ServiceId(String value) {
        this.value = value;
    }

    /**
     * Parses a service id.
     *
     * @param raw as typed
     * @return the id
     * @throws InvalidIdentifierException if it is not eleven digits
     */
    public static ServiceId of(CharSequence raw) {
        return new ServiceId(IdentifierSupport.digits(raw, IdentifierKind.SERVICE_ID, 11));
    }

    /** The eleven ASCII digits. */
    public String value() {
        return value;
    }

    @Override
    public int compareTo(ServiceId o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
