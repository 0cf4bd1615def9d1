package org.panjereh.events;

/** The five service event types of contract section 5. */
public enum EventType {
    /** The request was received; always the first event of a tracking id. */
    STARTED("ir.gov.service.started", false, null),
    /** One step of the service card was reached. */
    STEP("ir.gov.service.step", false, null),
    /** The service was delivered; terminal. */
    DELIVERED("ir.gov.service.delivered", true, "approved"),
    /** The request was refused; terminal. */
    REJECTED("ir.gov.service.rejected", true, "rejected"),
    /** The request was withdrawn; terminal. */
    CANCELLED("ir.gov.service.cancelled", true, "cancelled");

    private final String wire;
    private final boolean terminal;
    private final String outcome;

    EventType(String wire, boolean terminal, String outcome) {
        this.wire = wire;
        this.terminal = terminal;
        this.outcome = outcome;
    }

    /** The CloudEvents {@code type}, e.g. {@code ir.gov.service.delivered}. */
    public String wireType() {
        return wire;
    }

    /** Whether nothing may follow this event for the same tracking id. */
    public boolean isTerminal() {
        return terminal;
    }

    /** The {@code data.outcome} a terminal event carries ({@code approved|rejected|cancelled}), or {@code null}. */
    public String outcome() {
        return outcome;
    }

    /**
     * Parses a wire type.
     *
     * @param wire e.g. {@code ir.gov.service.step}
     * @return the type
     * @throws IllegalArgumentException for an unknown type
     */
    public static EventType fromWire(String wire) {
        for (EventType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("Unknown service event type " + wire);
    }
}
