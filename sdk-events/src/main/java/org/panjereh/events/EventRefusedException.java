package org.panjereh.events;

import org.panjereh.core.PanjerehException;

/**
 * An event was refused before it was stored: it would have carried something other than the
 * contract's {@code data} members, or broken the order rules for its tracking id. Never retryable:
 * the same event will be refused again.
 */
public class EventRefusedException extends PanjerehException {

    /** Why an event was refused. */
    public enum Reason {
        /** A value could carry personal data or service content (contract section 5). */
        PRIVACY,
        /** The first event of a tracking id must be {@code started}; nothing may follow a terminal event. */
        ORDER,
        /** A field is malformed (a step code that is not a code, an unknown step of the service card). */
        INVALID
    }

    private final Reason reason;
    private final String persian;

    /**
     * @param reason  why
     * @param english developer-facing message, without the offending value
     * @param persian message for a person
     */
    public EventRefusedException(Reason reason, String english, String persian) {
        super(english, null, false);
        this.reason = reason;
        this.persian = persian;
    }

    /** Why the event was refused. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return persian;
    }
}
