package org.panjereh.payment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * A payment as the platform answered for it (verify or read, contract section 10).
 *
 * @param paymentId  the platform's id
 * @param state      where it stands
 * @param serviceId  the service it pays for
 * @param trackingId the request it pays for
 * @param feeCode    the card's fee code
 * @param amount     the amount
 * @param payerSub   the citizen's pairwise subject
 * @param rrn        the bank's retrieval reference number, once paid (do not put it in events or logs)
 * @param traceNo    the bank's trace number, once paid
 * @param maskedPan  the card number masked by the platform, once paid
 * @param paidAt     when the bank took it, or {@code null}
 * @param verifiedAt when it was verified, or {@code null}
 */
public record Payment(PaymentId paymentId, PaymentState state, ServiceId serviceId, TrackingId trackingId, String feeCode,
                      Rial amount, String payerSub, String rrn, String traceNo, String maskedPan, Instant paidAt,
                      Instant verifiedAt) {

    /** Requires the id and state. */
    public Payment {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(state, "state");
    }

    /** Whether this is a payment: succeeded and verified. */
    public boolean isPaid() {
        return state == PaymentState.SUCCEEDED && verifiedAt != null;
    }

    /** When it was verified. */
    public Optional<Instant> verified() {
        return Optional.ofNullable(verifiedAt);
    }

    /** Bank references stay out of logs. */
    @Override
    public String toString() {
        return "Payment[" + paymentId + " " + state.wireValue() + (verifiedAt != null ? " verified" : "") + " " + amount + "]";
    }
}
