package org.panjereh.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.panjereh.core.Rial;
import org.panjereh.core.TrackingId;
import org.panjereh.payment.internal.JdbcPaymentLedger;

/**
 * The agency's durable record of every payment, written before the citizen leaves for the payment page and
 * updated by every verify (contract section 10: the return proves nothing, and a payment not verified within
 * {@code verify_window} is reversed). Shared by every node of a portal: state changes are compare-and-set, so
 * when two nodes verify the same payment exactly one of them records the outcome and its service event.
 *
 * <p>The implementation shipped is {@link #jdbc(DataSource)} on H2 or PostgreSQL; implement this interface to
 * keep the ledger elsewhere, keeping the compare-and-set and all-or-nothing contracts written on each method.
 */
public interface PaymentLedger extends AutoCloseable {

    /**
     * A service event the ledger owes the platform, stored in the same transaction as the change it reports.
     *
     * @param eventId   a stable id, so that a republished event is a duplicate, not a second event
     * @param paymentId the payment
     * @param outcome   how the payment went
     */
    record DueEvent(UUID eventId, PaymentId paymentId, org.panjereh.events.ServiceEvent.PaymentOutcome outcome) {
    }

    /**
     * Stores a new payment.
     *
     * @param entry the payment
     * @return {@code false} when a payment with this id is already stored (the first one stays)
     * @throws PaymentException with {@link PaymentException.Reason#LEDGER_FAILURE} if it cannot be written
     */
    boolean record(LedgerEntry entry);

    /** @param id a payment id @return the entry, if stored */
    Optional<LedgerEntry> find(PaymentId id);

    /** @param trackingId a request @return its payments, oldest first */
    List<LedgerEntry> forRequest(TrackingId trackingId);

    /**
     * @param trackingId a request
     * @param feeCode    one of its card's fees
     * @return the request's payments of that fee, oldest first
     */
    default List<LedgerEntry> forFee(TrackingId trackingId, String feeCode) {
        return forRequest(trackingId).stream().filter(e -> e.feeCode().equals(feeCode)).toList();
    }

    /**
     * Compare-and-set of a payment's state: changes it only if it still is {@code (from, fromVerified)}, and in the
     * same transaction stores the service event owed for the change, if any.
     *
     * @param id           the payment
     * @param from         the state the caller saw
     * @param fromVerified whether the caller saw it verified
     * @param to           the new state
     * @param toVerified   whether it is now verified
     * @param paidAt       when the bank took it, or {@code null} to leave it
     * @param event        the event owed, or {@code null}
     * @return whether this call made the change
     */
    boolean transition(PaymentId id, PaymentState from, boolean fromVerified, PaymentState to, boolean toVerified,
                       Instant paidAt, DueEvent event);

    /**
     * Payments the reconciler must still verify (created, submitted, or succeeded and not verified), oldest first.
     *
     * @param max most to return
     * @return the entries
     */
    List<LedgerEntry> needingVerify(int max);

    /**
     * Reserves a refund before it is sent: all or nothing, under a lock of the payment's row, so that two
     * nodes can never reserve together more than was paid.
     *
     * @param refund the refund, state {@code pending}
     * @param reason why, for the platform
     * @throws PaymentException {@link PaymentException.Reason#REFUND_EXCEEDS} or {@link PaymentException.Reason#NOT_REFUNDABLE}
     */
    void reserveRefund(Refund refund, String reason);

    /**
     * Records the platform's answer to a pending refund. A failed refund gives its amount back to what may be
     * refunded; a succeeded or submitted one stores its {@code refunded} event in the same transaction.
     *
     * @param refundKey the refund's key
     * @param state     {@code submitted}, {@code succeeded} or {@code failed}
     * @param refundId  the platform's id, or {@code null}
     * @return whether this call settled it (false when it was already settled)
     */
    boolean settleRefund(UUID refundKey, String state, String refundId);

    /** @param id a payment @return its refunds, oldest first */
    List<Refund> refunds(PaymentId id);

    /**
     * @param max most to return
     * @return refunds whose answer never came (a crash or a lost answer), oldest first, with their reasons
     */
    List<PendingRefund> pendingRefunds(int max);

    /**
     * A refund to send again with its key.
     *
     * @param refund the refund
     * @param reason its reason
     */
    record PendingRefund(Refund refund, String reason) {
    }

    /** @param max most to return @return events owed to the platform, oldest first */
    List<DueEvent> dueEvents(int max);

    /** @param eventId an event now stored in the events outbox */
    void eventPublished(UUID eventId);

    /** Sum of refunds reserved or made for a payment. */
    default Rial refunded(PaymentId id) {
        return find(id).map(LedgerEntry::refunded).orElse(Rial.ZERO);
    }

    /** Releases what the ledger holds (the data source stays the caller's). */
    @Override
    void close();

    /**
     * The ledger in tables {@code panjereh_payments}, {@code panjereh_payment_refunds} and
     * {@code panjereh_payment_events} (created if missing) of H2 or PostgreSQL.
     *
     * @param dataSource the database, pooled for several nodes
     * @return the ledger
     */
    static PaymentLedger jdbc(DataSource dataSource) {
        return new JdbcPaymentLedger(dataSource, java.time.Clock.systemUTC());
    }

    /**
     * The JDBC ledger with a clock for its timestamps.
     *
     * @param dataSource the database
     * @param clock      the clock
     * @return the ledger
     */
    static PaymentLedger jdbc(DataSource dataSource, java.time.Clock clock) {
        return new JdbcPaymentLedger(dataSource, clock);
    }
}
