package org.panjereh.payment.internal;

import java.time.Clock;
import java.util.Optional;
import org.panjereh.events.EventRefusedException;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.payment.LedgerEntry;
import org.panjereh.payment.PaymentLedger;

/**
 * Moves the service events the ledger owes (step {@code payment}, no amount, no bank reference) into the events
 * outbox. The ledger writes each owed event in the transaction that changes the payment, so a crash between the two
 * writes leaves it owed, and the next relay stores it under the same id.
 */
public final class PaymentEventRelay {

    private static final System.Logger LOG = System.getLogger("org.panjereh.payment.Payments");

    private final PaymentLedger ledger;
    private final ServiceEventPublisher events;
    private final Clock clock;

    /**
     * @param ledger the ledger owing the events
     * @param events the publisher, or {@code null} when the portal sends no payment events
     * @param clock  the events' time
     */
    public PaymentEventRelay(PaymentLedger ledger, ServiceEventPublisher events, Clock clock) {
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores what is owed; an event the publisher refuses (a request that already ended) is dropped with a log line.
     *
     * @return how many were stored
     */
    public int publishDue() {
        if (events == null) {
            return 0;
        }
        int n = 0;
        for (PaymentLedger.DueEvent d : ledger.dueEvents(500)) {
            Optional<LedgerEntry> e = ledger.find(d.paymentId());
            if (e.isEmpty()) {
                ledger.eventPublished(d.eventId());
                continue;
            }
            LedgerEntry l = e.get();
            try {
                events.publish(ServiceEvent.payment(l.trackingId(), l.serviceId(), d.outcome(), l.channel(), l.unit())
                        .withId(d.eventId()).at(clock.instant()));
                n++;
            } catch (EventRefusedException ex) {
                LOG.log(System.Logger.Level.WARNING, "Payment event {0} ({1}) of request {2} refused by the order rules and"
                        + " dropped: {3}", d.eventId(), d.outcome().wireValue(), l.trackingId(), ex.getMessage());
            } catch (RuntimeException ex) {
                if (!alreadyStored(ex)) {
                    LOG.log(System.Logger.Level.WARNING, "Payment event {0} not stored yet: {1}", d.eventId(), ex.getMessage());
                    return n;
                }
                // Another node stored this very event (same id) first; nothing is owed any more.
            }
            ledger.eventPublished(d.eventId());
        }
        return n;
    }

    /** Whether an outbox refused an event because a record with its id is already there (a unique-key violation). */
    private static boolean alreadyStored(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
