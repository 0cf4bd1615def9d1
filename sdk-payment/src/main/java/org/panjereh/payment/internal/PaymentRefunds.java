package org.panjereh.payment.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PlatformException;
import org.panjereh.core.PlatformUnreachableException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.payment.PaymentException;
import org.panjereh.payment.PaymentId;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.Refund;

/**
 * Refunds (contract section 10): the amount reserved in the ledger first, never more than what is left across every
 * node, then sent with a key kept for retries; a platform that does not answer leaves the refund pending for the
 * reconciler to send again with the same key.
 */
public final class PaymentRefunds {

    private static final System.Logger LOG = System.getLogger("org.panjereh.payment.Payments");

    private final PaymentLedger ledger;
    private final PaymentApi api;
    private final PaymentEventRelay relay;

    /**
     * @param ledger the ledger
     * @param api    the platform's payment calls
     * @param relay  the payment events owed
     */
    public PaymentRefunds(PaymentLedger ledger, PaymentApi api, PaymentEventRelay relay) {
        this.ledger = ledger;
        this.api = api;
        this.relay = relay;
    }

    /**
     * Reserves and sends a refund.
     *
     * @param id     the payment
     * @param amount how much
     * @param reason why
     * @return the refund, pending if the platform did not answer
     */
    public Refund refund(PaymentId id, Rial amount, String reason) {
        Objects.requireNonNull(id, "id");
        if (amount == null || amount.isZero()) {
            throw new IllegalArgumentException("A refund is at least 1 rial");
        }
        if (reason == null || reason.isBlank() || reason.length() > 255) {
            throw new IllegalArgumentException("A refund's reason is 1-255 characters");
        }
        Refund pending = new Refund(UUID.randomUUID(), id, amount, "pending", null);
        ledger.reserveRefund(pending, reason);
        return send(pending, reason);
    }

    /**
     * Sends (or sends again) a reserved refund and records the answer.
     *
     * @param pending the reserved refund
     * @param reason  why
     * @return the refund as it stands now
     */
    public Refund send(Refund pending, String reason) {
        RequestOptions opts = RequestOptions.builder().idempotencyKey(pending.refundKey()).build();
        Wire.RefundAnswer a;
        try {
            a = api.refund(pending.paymentId(), new Wire.RefundBody(pending.amount().rials(), reason), opts);
        } catch (PlatformException e) {
            if (e.isRetryable()) {
                LOG.log(System.Logger.Level.WARNING, "Refund {0} of payment {1} left pending: {2}", pending.refundKey(),
                        pending.paymentId(), e.getMessage());
                return pending;
            }
            ledger.settleRefund(pending.refundKey(), "failed", null);
            if ("payment.refund_exceeds".equals(e.code())) {
                throw new PaymentException(PaymentException.Reason.REFUND_EXCEEDS, "The platform refused refund "
                        + pending.refundKey() + ": it would exceed the payment", e);
            }
            if ("payment.not_refundable".equals(e.code())) {
                throw new PaymentException(PaymentException.Reason.NOT_REFUNDABLE, "The platform refused refund "
                        + pending.refundKey() + ": the payment is not refundable", e);
            }
            throw e;
        } catch (PlatformUnreachableException | InvalidPlatformResponseException e) {
            LOG.log(System.Logger.Level.WARNING, "Refund {0} of payment {1} left pending: {2}", pending.refundKey(),
                    pending.paymentId(), e.getMessage());
            return pending;
        }
        String state = a.state() == null ? "submitted" : a.state();
        if (!List.of("submitted", "succeeded", "failed").contains(state)) {
            state = "submitted";
        }
        ledger.settleRefund(pending.refundKey(), state, a.refundId());
        relay.publishDue();
        return new Refund(pending.refundKey(), pending.paymentId(), pending.amount(), state, a.refundId());
    }

}
