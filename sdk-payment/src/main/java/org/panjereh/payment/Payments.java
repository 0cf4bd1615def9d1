package org.panjereh.payment;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.panjereh.core.Channel;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.Sheba;
import org.panjereh.core.TrackingId;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.payment.internal.PaymentApi;
import org.panjereh.payment.internal.PaymentEventRelay;
import org.panjereh.payment.internal.PaymentReceipts;
import org.panjereh.payment.internal.PaymentRefunds;
import org.panjereh.payment.internal.PaymentTelemetry;
import org.panjereh.payment.internal.Wire;

/**
 * Fees through the national payment service (contract section 10), with a durable ledger so that nothing paid is
 * lost and nothing is taken twice. Immutable and thread-safe: build one per application.
 *
 * <ul>
 *   <li>{@link #create} takes the amount and fee code from the service card, records the payment in the
 *       {@link PaymentLedger} before the citizen is sent to pay, and is idempotent: a double click, or a second
 *       node racing the first, makes one payment.</li>
 *   <li>{@link #handleReturn} treats the citizen's return as a hint, never as proof: it checks that the payment is
 *       one this agency created for this citizen, then verifies it with the platform.</li>
 *   <li>{@link #verify} refuses an answer whose amount, fee, payer or request differs from what was asked, and
 *       records the outcome compare-and-set, so two nodes record it once.</li>
 *   <li>{@link #refund} reserves the amount in the ledger first: refunds never exceed the payment, in total.</li>
 *   <li>{@link #confirmReceipt} claims a receipt paid elsewhere for one request.</li>
 *   <li>Each outcome becomes a service event, step {@code payment}, with no amount or bank reference.</li>
 * </ul>
 * A {@link Reconciler} verifies what a crash or a lost return left behind before the {@code verify_window} closes.
 *
 * <p>Why this class is long: it is the module's one entry point, and its public methods' contracts (the javadoc) are
 * most of it. It keeps the ledger's state machine (create, reuse, verify and record); the platform's calls, refunds,
 * receipts and the event relay are in {@code internal} ({@code PaymentApi}, {@code PaymentRefunds},
 * {@code PaymentReceipts}, {@code PaymentEventRelay}).
 *
 * <pre>{@code
 * Payments payments = Payments.builder(platform, PaymentLedger.jdbc(dataSource))
 *     .events(publisher).build();
 * ServiceCard.Fee fee = card.fee("licence").orElseThrow();
 * PaymentStart start = payments.create(card, fee, trackingId, citizen.subject(),
 *     URI.create("https://portal.example/payments/return"), RequestOptions.none());
 * // redirect the citizen to start.nextUrl(); on return:
 * Payment p = payments.handleReturn(request.getParameter("paymentId"), citizen.subject());
 * if (payments.isPaid(trackingId, fee)) { ... deliver ... }
 * }</pre>
 */
public final class Payments {

    private static final System.Logger LOG = System.getLogger(Payments.class.getName());

    private final PlatformClient platform;
    private final PaymentApi api;
    private final PaymentEventRelay relay;
    private final PaymentRefunds refunds;
    private final PaymentReceipts receipts;
    private final PaymentLedger ledger;
    private final ServiceEventPublisher events;
    private final Clock clock;
    private final String defaultUnit;

    private Payments(Builder b) {
        this.platform = b.platform;
        this.ledger = b.ledger;
        this.events = b.events;
        this.clock = b.clock != null ? b.clock : platform.clock();
        this.defaultUnit = b.defaultUnit;
        this.api = new PaymentApi(platform);
        this.relay = new PaymentEventRelay(ledger, events, clock);
        this.refunds = new PaymentRefunds(ledger, api, relay);
        this.receipts = new PaymentReceipts(ledger, api, relay, clock, defaultUnit);
    }

    /**
     * @param platform the platform client (its scopes must include {@code payment})
     * @param ledger   the ledger, shared by every node of the portal
     * @return a builder; add {@link Builder#events} so that each payment's progress becomes a service event
     */
    public static Builder builder(PlatformClient platform, PaymentLedger ledger) {
        return new Builder().platform(platform).ledger(ledger);
    }

    /**
     * @return a builder whose platform and ledger are still to be set
     * @deprecated give the required collaborators to {@link #builder(PlatformClient, PaymentLedger)}
     */
    @Deprecated(since = "0.2.0")
    public static Builder builder() {
        return new Builder();
    }

    /** The ledger this client writes. */
    public PaymentLedger ledger() {
        return ledger;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The platform's verify window ({@code verify_window}), from discovery or configuration. */
    public java.time.Duration verifyWindow() {
        return platform.metadata().verifyWindow();
    }

    /**
     * Creates a payment for a request made on the web.
     *
     * @see #create(ServiceCard, ServiceCard.Fee, TrackingId, String, URI, Channel, RequestOptions)
     * @param card       the service card
     * @param fee        one of its fees
     * @param trackingId the request
     * @param payerSub   the citizen's pairwise subject
     * @param returnUrl  where the platform sends the citizen back (registered with the platform)
     * @param options    per-call options; an idempotency key here replaces the one derived from the ledger
     * @return where to send the citizen
     */
    public PaymentStart create(ServiceCard card, ServiceCard.Fee fee, TrackingId trackingId, String payerSub, URI returnUrl,
                               RequestOptions options) {
        return create(card, fee, trackingId, payerSub, returnUrl, Channel.WEB, options);
    }

    /**
     * Creates a payment of a card's fee for a request, recorded in the ledger before it is returned. A payment of
     * this fee still open for this request is returned again instead of a new one (a double click); one already
     * paid is refused.
     *
     * @param card       the service card
     * @param fee        one of its fees
     * @param trackingId the request
     * @param payerSub   the citizen's pairwise subject
     * @param returnUrl  where the platform sends the citizen back (registered with the platform)
     * @param channel    where the citizen applied (for the payment's service events)
     * @param options    per-call options; an idempotency key here replaces the one derived from the ledger
     * @return where to send the citizen
     * @throws PaymentException {@code UNKNOWN_FEE}, {@code ALREADY_PAID} or {@code IN_PROGRESS}
     */
    public PaymentStart create(ServiceCard card, ServiceCard.Fee fee, TrackingId trackingId, String payerSub, URI returnUrl,
                               Channel channel, RequestOptions options) {
        return PaymentTelemetry.traced("create", () -> createUntraced(card, fee, trackingId, payerSub, returnUrl, channel, options), x -> "started");
    }

    private PaymentStart createUntraced(ServiceCard card, ServiceCard.Fee fee, TrackingId trackingId, String payerSub, URI returnUrl,
                               Channel channel, RequestOptions options) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(returnUrl, "returnUrl");
        Objects.requireNonNull(channel, "channel");
        if (payerSub == null || payerSub.isBlank() || payerSub.length() > 255) {
            throw new IllegalArgumentException("payerSub must be the citizen's sub (1-255 characters)");
        }
        if (fee.code() == null || !card.fee(fee.code()).map(f -> f.amountRial() == fee.amountRial()).orElse(false)) {
            throw new PaymentException(PaymentException.Reason.UNKNOWN_FEE, "Fee " + fee.code() + " is not on the card of "
                    + card.serviceId(), null);
        }
        List<LedgerEntry> earlier = ledger.forFee(trackingId, fee.code());
        for (LedgerEntry e : earlier) {
            Optional<PaymentStart> again = reuse(e, payerSub);
            if (again.isPresent()) {
                return again.get();
            }
        }
        UUID key = options != null && options.idempotencyKey().isPresent() ? options.idempotencyKey().get()
                : UUID.nameUUIDFromBytes(("payment:" + trackingId.value() + ":" + fee.code() + ":" + earlier.size())
                        .getBytes(StandardCharsets.UTF_8));
        RequestOptions opts = RequestOptions.builder().idempotencyKey(key).build();
        String description = (fee.title() == null ? "" : fee.title() + " — ") + card.title();
        if (description.length() > 255) {
            description = description.substring(0, 255);
        }
        Wire.Created created = api.create(new Wire.CreateBody(card.serviceId().value(), trackingId.value(), fee.code(),
                fee.amountRial(), description, returnUrl.toString(), payerSub), opts);
        PaymentId id = PaymentId.of(created.paymentId());
        URI next = URI.create(created.nextUrl());
        Instant now = clock.instant();
        String unit = card.units().isEmpty() ? defaultUnit : card.units().get(0);
        ledger.record(new LedgerEntry(id, LedgerEntry.Kind.GATEWAY, card.serviceId(), trackingId, fee.code(),
                Rial.of(fee.amountRial()), payerSub, channel, unit, PaymentState.CREATED, false, Rial.ZERO, next, now,
                created.expiresAt(), null, now));
        return new PaymentStart(id, next, created.expiresAt(), Rial.of(fee.amountRial()));
    }

    /** An earlier payment of the same fee: paid, in progress, or still payable by the same citizen. */
    private Optional<PaymentStart> reuse(LedgerEntry e, String payerSub) {
        if (e.isPaid()) {
            throw new PaymentException(PaymentException.Reason.ALREADY_PAID, "Fee " + e.feeCode() + " of " + e.trackingId()
                    + " is already paid", null);
        }
        if (!e.needsVerify()) {
            return Optional.empty();
        }
        boolean payable = e.state() == PaymentState.CREATED && e.expiresAt() != null
                && clock.instant().isBefore(e.expiresAt()) && Objects.equals(e.payerSub(), payerSub) && e.nextUrl() != null;
        if (payable) {
            return Optional.of(new PaymentStart(e.paymentId(), e.nextUrl(), e.expiresAt(), e.amount()));
        }
        Payment now = verify(e.paymentId());
        if (now.isPaid()) {
            throw new PaymentException(PaymentException.Reason.ALREADY_PAID, "Fee " + e.feeCode() + " of " + e.trackingId()
                    + " is already paid", null);
        }
        if (!now.state().isFinal(now.verifiedAt() != null)) {
            if (now.state() == PaymentState.CREATED && Objects.equals(e.payerSub(), payerSub) && e.nextUrl() != null) {
                return Optional.of(new PaymentStart(e.paymentId(), e.nextUrl(), e.expiresAt(), e.amount()));
            }
            throw new PaymentException(PaymentException.Reason.IN_PROGRESS, "Payment " + e.paymentId()
                    + " of this fee is " + now.state().wireValue(), null);
        }
        return Optional.empty();
    }

    /**
     * Handles the citizen's return from the payment page: the id must be one this agency created for this citizen,
     * and the outcome is what verify says, never what the return says.
     *
     * @param paymentIdParam the {@code paymentId} query parameter as received
     * @param citizenSub     the logged-in citizen's subject, or {@code null} when the return came without a session
     *                       (then only the ledger's knowledge of the id is checked)
     * @return the verified payment
     * @throws PaymentException {@code MALFORMED_PAYMENT_ID}, {@code UNKNOWN_PAYMENT} (a forged return),
     *                          {@code NOT_YOUR_PAYMENT} or {@code ANSWER_MISMATCH}
     */
    public Payment handleReturn(String paymentIdParam, String citizenSub) {
        PaymentId id = PaymentId.of(paymentIdParam);
        LedgerEntry e = ledger.find(id).orElseThrow(() -> new PaymentException(PaymentException.Reason.UNKNOWN_PAYMENT,
                "Return for payment " + id + ", which this agency never created", null));
        if (citizenSub != null && !citizenSub.equals(e.payerSub())) {
            throw new PaymentException(PaymentException.Reason.NOT_YOUR_PAYMENT, "Return for payment " + id
                    + " by another citizen than its payer", null);
        }
        return verify(id);
    }

    /**
     * Verifies a payment the ledger knows and records the outcome. Idempotent: repeating it never charges twice and
     * never records the outcome twice.
     *
     * @param id the payment
     * @return the platform's answer
     * @throws PaymentException {@code UNKNOWN_PAYMENT} or {@code ANSWER_MISMATCH}
     */
    public Payment verify(PaymentId id) {
        return PaymentTelemetry.traced("verify", () -> verifyUntraced(id), x -> x.state().name());
    }

    private Payment verifyUntraced(PaymentId id) {
        LedgerEntry e = ledger.find(id).orElseThrow(() -> new PaymentException(PaymentException.Reason.UNKNOWN_PAYMENT,
                "Payment " + id + " is not in the ledger", null));
        if (e.kind() == LedgerEntry.Kind.RECEIPT) {
            return fromLedger(e);
        }
        PaymentApi.Verified v = api.verify(id);
        Payment p = v.payment();
        if (!p.paymentId().equals(id)) {
            throw new InvalidPlatformResponseException("Verify of " + id + " answered for " + p.paymentId(), v.status(), null);
        }
        String mismatch = PaymentTelemetry.mismatch(e, p);
        if (mismatch != null) {
            if (ledger.transition(id, e.state(), e.verified(), PaymentState.MISMATCH, false, null, null)) {
                LOG.log(System.Logger.Level.ERROR, "Payment {0} of request {1}: the verify answer''s {2} differs from what was"
                        + " asked; marked mismatch, not paid (platform request {3})", id, e.trackingId(), mismatch, v.requestId());
            }
            throw new PaymentException(PaymentException.Reason.ANSWER_MISMATCH, "Verify answer of " + id + " has another "
                    + mismatch + " than was asked", null);
        }
        record(e, p);
        publishDueEvents();
        return p;
    }

    /** Applies a verify answer to the ledger, compare-and-set from what was read. */
    private void record(LedgerEntry e, Payment p) {
        if (e.state().isFinal(e.verified())) {
            return;
        }
        boolean verified = p.isPaid();
        if (p.state() == e.state() && verified == e.verified()) {
            return;
        }
        ServiceEvent.PaymentOutcome outcome = verified ? ServiceEvent.PaymentOutcome.COMPLETED
                : p.state().isFinal(false) ? ServiceEvent.PaymentOutcome.FAILED : null;
        PaymentLedger.DueEvent due = outcome == null ? null : new PaymentLedger.DueEvent(UUID.nameUUIDFromBytes(
                ("payment:" + e.paymentId() + ":" + outcome).getBytes(StandardCharsets.UTF_8)), e.paymentId(), outcome);
        if (!ledger.transition(e.paymentId(), e.state(), e.verified(), p.state(), verified, p.paidAt(), due)) {
            // Another node recorded a change first; read it back and apply ours only if it still follows.
            ledger.find(e.paymentId()).ifPresent(now -> {
                if (!now.state().isFinal(now.verified()) && (now.state() != e.state() || now.verified() != e.verified())) {
                    record(now, p);
                }
            });
        } else if (p.state() == PaymentState.REVERSED) {
            LOG.log(System.Logger.Level.WARNING, "Payment {0} of request {1} was reversed: it was not verified within the"
                    + " platform''s window", e.paymentId(), e.trackingId());
        }
    }

    /**
     * Reads a payment at the platform without changing the ledger.
     *
     * @param id the payment
     * @return the platform's view
     */
    public Payment status(PaymentId id) {
        return api.status(id);
    }

    /**
     * The platform's payments of a request.
     *
     * @param trackingId the request
     * @return its payments, oldest first
     */
    public List<Payment> listFor(TrackingId trackingId) {
        return api.list("trackingId=" + trackingId.value());
    }

    /**
     * The agency's payments that succeeded at the bank and are not verified yet, newest first, at most 100: the
     * safety net when the ledger lost one.
     *
     * @return the payments
     */
    public List<Payment> unverified() {
        return api.list("unverified=true");
    }

    /**
     * Refunds part or all of a verified payment. The amount is reserved in the ledger first (never more than what
     * is left, across every node), then sent with a key kept for retries; when the platform cannot be reached the
     * refund stays pending in the ledger and the {@link Reconciler} sends it again with the same key.
     *
     * @param id     the payment
     * @param amount how much, at least 1 rial
     * @param reason why, for the platform (at most 255 characters)
     * @return the refund, {@link Refund#isPending() pending} if the platform did not answer
     * @throws PaymentException {@code REFUND_EXCEEDS}, {@code NOT_REFUNDABLE} or {@code UNKNOWN_PAYMENT}
     */
    public Refund refund(PaymentId id, Rial amount, String reason) {
        return PaymentTelemetry.traced("refund", () -> refunds.refund(id, amount, reason), x -> "refund_" + x.state());
    }

    /**
     * Refunds whatever is left of every verified payment of a request, for example when it is rejected after
     * payment. Calling it again refunds nothing more.
     *
     * @param trackingId the request
     * @param reason     why
     * @return the refunds made now
     */
    public List<Refund> refundAll(TrackingId trackingId, String reason) {
        List<Refund> out = new ArrayList<>();
        for (LedgerEntry e : ledger.forRequest(trackingId)) {
            Rial left = e.refundable();
            if (left.isZero()) {
                continue;
            }
            try {
                out.add(refund(e.paymentId(), left, reason));
            } catch (PaymentException ex) {
                if (ex.reason() != PaymentException.Reason.REFUND_EXCEEDS && ex.reason() != PaymentException.Reason.NOT_REFUNDABLE) {
                    throw ex;
                }
                // Another call refunded it in the meantime.
            }
        }
        return out;
    }

    /** Sends (or sends again) a reserved refund and records the answer (the reconciler's retry). */
    Refund sendRefund(Refund pending, String reason) {
        return refunds.send(pending, reason);
    }

    /**
     * Asks the platform to confirm a payment made elsewhere (contract section 10), without touching the ledger.
     *
     * @param rrn        the receipt's bank reference number (Persian or ASCII digits)
     * @param amount     the amount on the receipt
     * @param sheba      the treasury account it was paid into
     * @param trackingId the request it pays for
     * @return the confirmation
     * @throws PaymentException {@code RECEIPT_ALREADY_CLAIMED} or {@code RECEIPT_NOT_FOUND}
     */
    public ReceiptConfirmation confirmElsewhere(String rrn, Rial amount, Sheba sheba, TrackingId trackingId) {
        return PaymentTelemetry.traced("confirm_elsewhere", () -> receipts.confirmElsewhere(rrn, amount, sheba, trackingId),
                x -> "confirmed");
    }

    /**
     * Confirms a receipt paid elsewhere for a card's fee and records it in the ledger as paid: the amount on the
     * receipt must cover the fee, and it must have been paid into the fee's account.
     *
     * @param card       the service card
     * @param fee        the fee it pays
     * @param trackingId the request
     * @param payerSub   the citizen's subject
     * @param channel    where the citizen applied
     * @param rrn        the receipt's reference number
     * @param amount     the amount on the receipt
     * @return the ledger entry, paid
     * @throws PaymentException {@code ALREADY_PAID}, {@code UNKNOWN_FEE}, {@code RECEIPT_ALREADY_CLAIMED} or
     *                          {@code RECEIPT_NOT_FOUND}
     */
    public LedgerEntry confirmReceipt(ServiceCard card, ServiceCard.Fee fee, TrackingId trackingId, String payerSub,
                                      Channel channel, String rrn, Rial amount) {
        return PaymentTelemetry.traced("confirm_receipt", () -> receipts.confirmReceipt(card, fee, trackingId, payerSub, channel, rrn,
                amount, ref -> confirmElsewhere(ref, amount, fee.sheba(), trackingId)),
                x -> x.state().name());
    }

    /**
     * Whether a fee of a request is paid: verified through the platform, or confirmed from a receipt.
     *
     * @param trackingId the request
     * @param fee        the fee
     * @return whether it is paid
     */
    public boolean isPaid(TrackingId trackingId, ServiceCard.Fee fee) {
        return ledger.forFee(trackingId, fee.code()).stream().anyMatch(LedgerEntry::isPaid);
    }

    /**
     * What is still to pay on a request: the card's fees not yet paid, summed.
     *
     * @param card       the service card
     * @param trackingId the request
     * @return the amount due, zero when everything is paid (or the card has no fees)
     */
    public Rial outstanding(ServiceCard card, TrackingId trackingId) {
        Rial due = Rial.ZERO;
        for (ServiceCard.Fee f : card.fees()) {
            if (!isPaid(trackingId, f)) {
                due = due.plus(Rial.of(f.amountRial()));
            }
        }
        return due;
    }

    /**
     * The ledger's payments of a request, oldest first.
     *
     * @param trackingId the request
     * @return its entries
     */
    public List<LedgerEntry> ledgerFor(TrackingId trackingId) {
        return ledger.forRequest(trackingId);
    }

    /**
     * Stores the service events the ledger owes in the events outbox; events the publisher refuses (a request that
     * already ended, say) are dropped with a log line, since they would be refused again.
     *
     * @return how many were stored
     */
    public int publishDueEvents() {
        return relay.publishDue();
    }

    /** Adopts a payment the platform lists and the ledger lost (restored from an older backup), then verifies it. */
    boolean adopt(Payment p) {
        if (ledger.find(p.paymentId()).isPresent()) {
            return false;
        }
        if (p.serviceId() == null || p.trackingId() == null || p.feeCode() == null || p.amount() == null) {
            // Verify secures the citizen's money even when it cannot be tied to a request here.
            api.verify(p.paymentId());
            LOG.log(System.Logger.Level.WARNING, "Payment {0} was unknown to the ledger and its answer names no request;"
                    + " verified, not recorded", p.paymentId());
            return false;
        }
        Instant now = clock.instant();
        boolean added = ledger.record(new LedgerEntry(p.paymentId(), LedgerEntry.Kind.GATEWAY, p.serviceId(), p.trackingId(),
                p.feeCode(), p.amount(), p.payerSub(), Channel.WEB, defaultUnit, PaymentState.CREATED, false, Rial.ZERO, null,
                now, null, p.paidAt(), now));
        if (added) {
            LOG.log(System.Logger.Level.WARNING, "Payment {0} of request {1} was unknown to the ledger (restored from an"
                    + " older backup?); adopted from the platform''s unverified list", p.paymentId(), p.trackingId());
        }
        return added;
    }

    private static Payment fromLedger(LedgerEntry e) {
        return new Payment(e.paymentId(), e.state(), e.serviceId(), e.trackingId(), e.feeCode(), e.amount(), e.payerSub(),
                null, null, null, e.paidAt(), e.isPaid() ? e.updatedAt() : null);
    }

    /** Builder of {@link Payments}. */
    public static final class Builder {
        private PlatformClient platform;
        private PaymentLedger ledger;
        private ServiceEventPublisher events;
        private Clock clock;
        private String defaultUnit = "payments";

        private Builder() {
        }

        /**
         * @param p the platform client
         * @return this builder
         * @deprecated pass it to {@link Payments#builder(PlatformClient, PaymentLedger)}
         */
        @Deprecated(since = "0.2.0")
        public Builder platform(PlatformClient p) {
            this.platform = p;
            return this;
        }

        /**
         * @param l the ledger
         * @return this builder
         * @deprecated pass it to {@link Payments#builder(PlatformClient, PaymentLedger)}
         */
        @Deprecated(since = "0.2.0")
        public Builder ledger(PaymentLedger l) {
            this.ledger = l;
            return this;
        }

        /** @param e the service-event publisher for payment events (without it no payment event is sent) */
        public Builder events(ServiceEventPublisher e) {
            this.events = e;
            return this;
        }

        /** @param c clock (default the platform client's) */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** @param unit unit code for events of payments whose card names no unit (default {@code payments}) */
        public Builder defaultUnit(String unit) {
            this.defaultUnit = Objects.requireNonNull(unit);
            return this;
        }

        /**
         * @return the client
         * @throws PanjerehConfigurationException if the platform client or the ledger is missing
         */
        public Payments build() {
            if (platform == null) {
                throw new PanjerehConfigurationException("Payments needs a PlatformClient");
            }
            if (ledger == null) {
                throw new PanjerehConfigurationException("Payments needs a PaymentLedger (PaymentLedger.jdbc(dataSource))");
            }
            return new Payments(this);
        }
    }
}
