package org.panjereh.payment;

import java.util.Locale;

/**
 * Where a payment stands (contract section 10), plus {@link #MISMATCH}, the ledger's mark for a payment whose
 * verify answer did not match what was asked. Only {@link #SUCCEEDED} <em>after verify</em> is a payment.
 */
public enum PaymentState {
    /** Created; the citizen has not paid yet. */
    CREATED,
    /** Sent to the bank; its answer is not in yet. */
    SUBMITTED,
    /** Succeeded at the bank; a payment once verified. */
    SUCCEEDED,
    /** The bank refused it. */
    FAILED,
    /** The citizen cancelled it. */
    CANCELLED,
    /** Not paid in time. */
    EXPIRED,
    /** Succeeded at the bank but not verified within the window: given back to the payer. */
    REVERSED,
    /** Ledger only: the platform's verify answer named another amount, fee, payer or request; never paid. */
    MISMATCH;

    /** The contract's wire value, lower case. */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether nothing more will happen to it (everything but created, submitted and unverified succeeded). */
    public boolean isFinal(boolean verified) {
        return switch (this) {
            case CREATED, SUBMITTED -> false;
            case SUCCEEDED -> verified;
            default -> true;
        };
    }

    /**
     * @param wire the platform's value
     * @return the state
     * @throws IllegalArgumentException for a value the contract does not name
     */
    public static PaymentState fromWire(String wire) {
        if (wire == null) {
            throw new IllegalArgumentException("No payment state");
        }
        PaymentState s = valueOf(wire.toUpperCase(Locale.ROOT));
        if (s == MISMATCH) {
            throw new IllegalArgumentException("mismatch is not a platform state");
        }
        return s;
    }
}
