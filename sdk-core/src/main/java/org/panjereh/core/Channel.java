package org.panjereh.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a citizen was served (contract sections 4 and 5). */
public enum Channel {
    /** The agency's web portal. */
    WEB("web"),
    /** In person, at a counter. */
    COUNTER("counter"),
    /** A mobile app. */
    MOBILE("mobile"),
    /** A call centre. */
    CALL_CENTER("call-center");

    private final String wire;

    Channel(String wire) {
        this.wire = wire;
    }

    /** The value on the wire, e.g. {@code call-center}. */
    @JsonValue
    public String wireValue() {
        return wire;
    }

    /** Whether staff take part in this channel (the survey then asks about their helpfulness). */
    public boolean involvesStaff() {
        return this == COUNTER || this == CALL_CENTER;
    }

    /**
     * Parses a wire value.
     *
     * @param value e.g. {@code web}
     * @return the channel
     * @throws IllegalArgumentException for an unknown value
     */
    @JsonCreator
    public static Channel fromWire(String value) {
        for (Channel c : values()) {
            if (c.wire.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown channel: " + value);
    }
}
