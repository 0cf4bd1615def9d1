package org.panjereh.payment;

import java.util.Objects;
import java.util.UUID;
import org.panjereh.core.Rial;

/**
 * A refund as the ledger keeps it.
 *
 * @param refundKey the idempotency key it was (and will be, on a retry) sent with
 * @param paymentId the payment refunded
 * @param amount    how much
 * @param state     {@code pending} until the platform answered, then {@code submitted}, {@code succeeded} or {@code failed}
 * @param refundId  the platform's id, once it answered
 */
public record Refund(UUID refundKey, PaymentId paymentId, Rial amount, String state, String refundId) {
    /** Requires key, payment, amount and state. */
    public Refund {
        Objects.requireNonNull(refundKey, "refundKey");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(state, "state");
    }

    /** Whether the platform has not answered yet (a retry with the same key will settle it). */
    public boolean isPending() {
        return "pending".equals(state);
    }
}
