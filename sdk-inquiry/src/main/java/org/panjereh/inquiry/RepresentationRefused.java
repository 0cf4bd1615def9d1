package org.panjereh.inquiry;

import org.panjereh.core.PanjerehException;

/**
 * The company registry does not let this person act for this company on this service today. Never retryable: asking
 * again gives the same answer until the registry changes. {@link #persianMessage()} is for the person; it names no
 * identifier.
 */
public final class RepresentationRefused extends PanjerehException {
    private static final long serialVersionUID = 1L;

    /** Why the representative is refused. */
    public enum Reason {
        /** The registry does not know this person as a representative of this company. */
        UNCONFIRMED("representation_unconfirmed"),
        /** The registry knows the representation, but it is not in force today (withdrawn, not begun or ended). */
        ENDED("representation_ended"),
        /** The powers are in force but do not include this service. */
        OUT_OF_SCOPE("representation_scope");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** @return a stable code without a prefix, e.g. {@code representation_ended} */
        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String persian;

    RepresentationRefused(Reason reason, String persian) {
        super("Representation refused: " + reason, null, false);
        this.reason = reason;
        this.persian = persian;
    }

    /** @return why */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return persian;
    }
}
