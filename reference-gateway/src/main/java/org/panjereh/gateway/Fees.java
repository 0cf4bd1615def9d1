package org.panjereh.gateway;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.TrackingId;
import org.panjereh.payment.LedgerEntry;
import org.panjereh.payment.PaymentException;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.PaymentState;
import org.panjereh.payment.Payments;
import org.panjereh.payment.Reconciler;

/**
 * The agency's fees (contract section 10): payments through the national payment service recorded in the
 * gateway's database before the citizen leaves, a reconciler that verifies what a lost return or a crash left
 * before the platform's window closes (at start, then every min(30 s, window / 4)), receipts paid elsewhere, and
 * refunds when a paid request is rejected.
 */
@jakarta.enterprise.context.ApplicationScoped
public class Fees {

    private static final Logger LOG = Logger.getLogger(Fees.class.getName());

    /** Where the platform sends the citizen back: registered with the platform like the login callback. */
    static final String RETURN_PATH = "/payments/return";

    private final Payments payments;
    private final Reconciler reconciler;
    private final URI returnUrl;

    /**
     * @param platform the platform
     * @param agency   the events publisher
     * @param store    the database holding the ledger
     */
    @Inject
    public Fees(Platform platform, Agency agency, Store store) {
        payments = Payments.builder(platform.client(), PaymentLedger.jdbc(store.dataSource()))
                .events(agency.events()).build();
        Reconciler.Builder rb = Reconciler.builder(payments);
        GatewaySettings.current().reconcileInterval().ifPresent(rb::interval);
        reconciler = rb.build();
        returnUrl = URI.create(platform.base() + RETURN_PATH);
    }

    /** Starts settling payments whose citizen never came back; called by {@link GatewayStart}. */
    /** @return how many payments wait to be verified with the platform as the reconciler starts */
    int startReconciler() {
        int waiting = payments.ledger().needingVerify(100_000).size();
        reconciler.start();
        return waiting;
    }

    void stop(@Observes(notifyObserver = jakarta.enterprise.event.Reception.IF_EXISTS) ShutdownEvent e) {
        reconciler.close();
    }

    /** @return the payments client */
    public Payments payments() {
        return payments;
    }

    /** @return the reconciler, for tests and operators */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** @return where the platform sends the citizen back */
    public URI returnUrl() {
        return returnUrl;
    }

    /**
     * What is still to pay on a request; zero for a card without fees.
     *
     * @param card the card
     * @param t    the request
     * @return the amount due
     */
    public Rial outstanding(ServiceCard card, TrackingId t) {
        if (card.fees().isEmpty()) {
            return Rial.ZERO;
        }
        return payments.outstanding(card, t);
    }

    /**
     * Refuses to go on while a fee of the request is not paid and verified.
     *
     * @param card the card
     * @param t    the request
     */
    void requirePaid(ServiceCard card, TrackingId t) {
        Rial due = outstanding(card, t);
        if (!due.isZero()) {
            // A payment whose return never came may be paid already: ask the platform now rather than wait for the
            // reconciler's next run.
            for (LedgerEntry e : payments.ledgerFor(t)) {
                if (e.needsVerify()) {
                    try {
                        payments.verify(e.paymentId());
                    } catch (PanjerehException x) {
                        LOG.log(Level.WARNING, "Verify of payment {0} before delivery failed: {1}",
                                new Object[] {e.paymentId(), x.getMessage()});
                    }
                }
            }
            due = outstanding(card, t);
        }
        if (!due.isZero()) {
            throw new GatewayProblem(409, "gateway.unpaid", "هزینهٔ این درخواست (" + due.toPersianString()
                    + ") هنوز پرداخت و تأیید نشده است؛ تحویل ممکن نیست.");
        }
    }

    /**
     * Refunds every verified payment of a request before it is rejected; the rejection waits while a refund is
     * still unanswered, so the refund's event precedes the rejection's.
     *
     * @param t the request
     */
    void refundBeforeRejecting(TrackingId t) {
        try {
            payments.refundAll(t, "رد درخواست");
        } catch (PaymentException e) {
            throw new GatewayProblem(409, "gateway.refund_" + e.reason().name().toLowerCase(java.util.Locale.ROOT),
                    e.persianMessage());
        }
        for (LedgerEntry e : payments.ledgerFor(t)) {
            if (payments.ledger().refunds(e.paymentId()).stream().anyMatch(org.panjereh.payment.Refund::isPending)) {
                throw new GatewayProblem(503, "gateway.refund_pending", "بازپرداخت هزینهٔ این درخواست هنوز از سوی درگاه "
                        + "پرداخت تأیید نشده است؛ چند دقیقه بعد دوباره رد کنید. مبلغ از دست نمی‌رود.");
            }
        }
        // A refund another node settled a moment ago owes its event; store it before the rejection's, which ends the request.
        payments.publishDueEvents();
    }

    /**
     * The payments of a request as a person reads them.
     *
     * @param t the request
     * @return one Persian line per payment
     */
    List<String> describe(TrackingId t) {
        try {
            return payments.ledgerFor(t).stream().map(Fees::describe).toList();
        } catch (PanjerehException e) {
            LOG.log(Level.WARNING, "Cannot read the payment ledger: {0}", e.getMessage());
            return List.of("وضعیت پرداخت اکنون خوانده نمی‌شود.");
        }
    }

    static String describe(LedgerEntry e) {
        String what = e.kind() == LedgerEntry.Kind.RECEIPT ? "رسید پرداخت بانکی" : "پرداخت الکترونیکی";
        String state = e.isPaid() ? "پرداخت و تأیید شد" : persian(e.state());
        String refunded = e.refunded().isZero() ? "" : "؛ بازپرداخت: " + e.refunded().toPersianString();
        return what + " " + e.amount().toPersianString() + ": " + state + refunded;
    }

    /**
     * @param s a payment state
     * @return its Persian name
     */
    static String persian(PaymentState s) {
        return switch (s) {
            case CREATED -> "در انتظار پرداخت";
            case SUBMITTED, SUCCEEDED -> "در انتظار تأیید بانک";
            case FAILED -> "ناموفق";
            case CANCELLED -> "لغو شد";
            case EXPIRED -> "مهلت پرداخت گذشت";
            case REVERSED -> "تأیید نشد و مبلغ به حساب پرداخت‌کننده بازگشت";
            case MISMATCH -> "مغایرت در پاسخ درگاه؛ در دست بررسی";
        };
    }
}
