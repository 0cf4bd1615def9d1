package org.panjereh.payment.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.Sheba;
import org.panjereh.core.TrackingId;
import org.panjereh.events.ServiceEvent;
import org.panjereh.payment.LedgerEntry;
import org.panjereh.payment.PaymentException;
import org.panjereh.payment.PaymentId;
import org.panjereh.payment.PaymentLedger;
import org.panjereh.payment.PaymentState;
import org.panjereh.payment.ReceiptConfirmation;

/**
 * Receipts paid elsewhere (contract section 10): confirmed by the platform, then claimed in the ledger for one request,
 * so that one receipt pays one fee once.
 */
public final class PaymentReceipts {

    private final PaymentLedger ledger;
    private final PaymentApi api;
    private final PaymentEventRelay relay;
    private final Clock clock;
    private final String defaultUnit;

    /**
     * @param ledger      the ledger
     * @param api         the platform's payment calls
     * @param relay       the payment events owed
     * @param clock       the ledger's times
     * @param defaultUnit the unit of a card that names none
     */
    public PaymentReceipts(PaymentLedger ledger, PaymentApi api, PaymentEventRelay relay, Clock clock, String defaultUnit) {
        this.ledger = ledger;
        this.api = api;
        this.relay = relay;
        this.clock = clock;
        this.defaultUnit = defaultUnit;
    }

    /**
     * Asks the platform to confirm a receipt, without touching the ledger.
     *
     * @param rrn        the reference number, any digits
     * @param amount     the amount on it
     * @param sheba      the account it was paid into
     * @param trackingId the request
     * @return the confirmation
     */
    public ReceiptConfirmation confirmElsewhere(String rrn, Rial amount, Sheba sheba, TrackingId trackingId) {
        String ref = rrn(rrn);
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(sheba, "sheba");
        Objects.requireNonNull(trackingId, "trackingId");
        RequestOptions opts = RequestOptions.builder().idempotencyKey(UUID.nameUUIDFromBytes(("receipt:" + ref + ":"
                + trackingId.value() + ":" + amount.rials()).getBytes(StandardCharsets.UTF_8))).build();
        try {
            Wire.Confirmed c = api.confirm(new Wire.ConfirmBody(ref, amount.rials(), sheba.value(), trackingId.value()), opts);
            return new ReceiptConfirmation(trackingId, amount, c.paidAt());
        } catch (PlatformException e) {
            if ("payment.already_claimed".equals(e.code())) {
                throw new PaymentException(PaymentException.Reason.RECEIPT_ALREADY_CLAIMED, "The receipt was already "
                        + "claimed for another request", e);
            }
            if ("payment.not_found".equals(e.code()) || e.statusCode() == 404) {
                throw new PaymentException(PaymentException.Reason.RECEIPT_NOT_FOUND, "No payment with this reference "
                        + "reached the account for this amount", e);
            }
            throw e;
        }
    }

    /**
     * Confirms a receipt for a card's fee and records it as paid.
     *
     * @param card             the card
     * @param fee              the fee
     * @param trackingId       the request
     * @param payerSub         the citizen
     * @param channel          where they applied
     * @param rrn              the reference number
     * @param amount           the amount on the receipt
     * @param confirmElsewhere the platform's confirmation, traced as its own operation
     * @return the ledger entry, paid
     */
    public LedgerEntry confirmReceipt(ServiceCard card, ServiceCard.Fee fee, TrackingId trackingId, String payerSub,
                                      Channel channel, String rrn, Rial amount,
                                      Function<String, ReceiptConfirmation> confirmElsewhere) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(fee, "fee");
        if (fee.code() == null || card.fee(fee.code()).isEmpty() || fee.sheba() == null) {
            throw new PaymentException(PaymentException.Reason.UNKNOWN_FEE, "Fee " + fee.code() + " is not on the card of "
                    + card.serviceId() + " with an account", null);
        }
        String ref = rrn(rrn);
        PaymentId id = new PaymentId("receipt-" + ref);
        Optional<LedgerEntry> known = ledger.find(id);
        if (known.isPresent()) {
            if (known.get().trackingId().equals(trackingId)) {
                return known.get();
            }
            throw new PaymentException(PaymentException.Reason.RECEIPT_ALREADY_CLAIMED, "The receipt was already claimed "
                    + "for another request of this agency", null);
        }
        for (LedgerEntry e : ledger.forFee(trackingId, fee.code())) {
            if (e.isPaid()) {
                throw new PaymentException(PaymentException.Reason.ALREADY_PAID, "Fee " + fee.code() + " of " + trackingId
                        + " is already paid", null);
            }
        }
        if (amount == null || amount.rials() < fee.amountRial()) {
            throw new PaymentException(PaymentException.Reason.RECEIPT_NOT_FOUND, "The receipt's amount is less than the fee",
                    null);
        }
        ReceiptConfirmation c = confirmElsewhere.apply(ref);
        Instant now = clock.instant();
        String unit = card.units().isEmpty() ? defaultUnit : card.units().get(0);
        LedgerEntry entry = new LedgerEntry(id, LedgerEntry.Kind.RECEIPT, card.serviceId(), trackingId, fee.code(), amount,
                payerSub, channel, unit, PaymentState.CREATED, false, Rial.ZERO, null, now, null, c.paidAt(), now);
        ledger.record(entry);
        ServiceEvent.PaymentOutcome done = ServiceEvent.PaymentOutcome.COMPLETED;
        ledger.transition(id, PaymentState.CREATED, false, PaymentState.SUCCEEDED, true, c.paidAt(),
                new PaymentLedger.DueEvent(UUID.nameUUIDFromBytes(("payment:" + id + ":" + done).getBytes(StandardCharsets.UTF_8)),
                        id, done));
        relay.publishDue();
        return ledger.find(id).orElseThrow();
    }

    /**
     * @param raw a reference number as typed
     * @return its ASCII digits
     */
    public static String rrn(String raw) {
        if (raw == null) {
            throw new PaymentException(PaymentException.Reason.RECEIPT_NOT_FOUND, "No reference number", null);
        }
        String s = org.panjereh.core.shared.Digits.toAscii(raw.strip());
        if (!s.matches("[0-9]{6,20}")) {
            throw new PaymentException(PaymentException.Reason.RECEIPT_NOT_FOUND, "A reference number is 6-20 digits", null);
        }
        return s;
    }
}
