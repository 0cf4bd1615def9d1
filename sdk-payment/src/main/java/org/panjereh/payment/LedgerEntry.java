package org.panjereh.payment;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.panjereh.core.Channel;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;

/**
 * One payment as the agency's ledger keeps it: written before the citizen is sent to pay, updated by every
 * verify, so that a crash, a restart or another node finds every payment it must still verify.
 *
 * @param paymentId  the platform's id ({@code receipt-<rrn>} for a receipt confirmed as paid elsewhere)
 * @param kind       a payment through the national payment service, or a receipt paid elsewhere
 * @param serviceId  the service
 * @param trackingId the request
 * @param feeCode    the card's fee code
 * @param amount     what was asked
 * @param payerSub   the citizen's pairwise subject
 * @param channel    where the citizen applied, for the payment's service events
 * @param unit       the responsible unit, for the payment's service events
 * @param state      the last state seen
 * @param verified   whether the platform verified it (only a verified {@link PaymentState#SUCCEEDED} is paid)
 * @param refunded   refunds reserved or made so far
 * @param nextUrl    the payment page, while it may still be paid
 * @param createdAt  when it was created
 * @param expiresAt  when the platform stops waiting for the citizen
 * @param paidAt     when it was paid, or {@code null}
 * @param updatedAt  last change
 */
public record LedgerEntry(PaymentId paymentId, Kind kind, ServiceId serviceId, TrackingId trackingId, String feeCode,
                          Rial amount, String payerSub, Channel channel, String unit, PaymentState state, boolean verified,
                          Rial refunded, URI nextUrl, Instant createdAt, Instant expiresAt, Instant paidAt,
                          Instant updatedAt) {

    /** What kind of payment. */
    public enum Kind {
        /** Paid through the national payment service. */
        GATEWAY,
        /** Paid at a bank or another gateway and confirmed by its receipt. */
        RECEIPT
    }

    /** Requires the identifying members. */
    public LedgerEntry {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(amount, "amount");
        refunded = refunded == null ? Rial.ZERO : refunded;
    }

    /** Whether the fee is paid: a verified success, or a confirmed receipt. */
    public boolean isPaid() {
        return state == PaymentState.SUCCEEDED && verified;
    }

    /** Whether the reconciler must still ask the platform about it. */
    public boolean needsVerify() {
        return kind == Kind.GATEWAY && !state.isFinal(verified);
    }

    /** What may still be refunded. */
    public Rial refundable() {
        return isPaid() && kind == Kind.GATEWAY ? amount.minus(refunded) : Rial.ZERO;
    }
}
