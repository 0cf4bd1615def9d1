package org.panjereh.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.Channel;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.core.TrackingId;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.PaymentPageDriver;

/** The payment journey and its bad paths against the sandbox's platform side of contract section 10. */
class PaymentsTest {

    PaymentFixture f;
    DataSource ds;
    PaymentLedger ledger;
    ServiceEventPublisher events;
    Payments payments;

    @BeforeEach
    void start() {
        f = new PaymentFixture();
        ds = PaymentFixture.h2();
        ledger = PaymentLedger.jdbc(ds, f.clock);
        events = f.publisher(ds);
        payments = f.payments(ledger, events);
    }

    @AfterEach
    void stop() {
        events.close();
        f.close();
    }

    PaymentStart create(TrackingId t) {
        return payments.create(f.card, f.fee, t, PaymentFixture.MARYAM, PaymentFixture.RETURN, RequestOptions.none());
    }

    static String idOn(URI back) {
        String q = back.getQuery();
        return q.substring(q.indexOf("paymentId=") + "paymentId=".length());
    }

    List<String> paymentOutcomes(TrackingId t) throws Exception {
        assertTrue(events.awaitDelivered(Duration.ofSeconds(10)));
        return java.util.stream.StreamSupport.stream(f.record("event").spliterator(), false)
                .filter(e -> e.get("subject").asText().equals(t.value()) && "payment".equals(e.path("data").path("step").asText()))
                .map(e -> e.get("data").get("outcome").asText()).toList();
    }

    @Test
    void paidVerifiedAndDeliverableWithOneEventWithoutAmounts() throws Exception {
        TrackingId t = f.apply(events);
        assertEquals(Rial.of(500_000), payments.outstanding(f.card, t));
        PaymentStart start = create(t);
        assertEquals(Rial.of(500_000), start.amount());
        assertTrue(ledger.find(start.paymentId()).isPresent(), "in the ledger before the citizen leaves");
        URI back = PaymentPageDriver.submit(start.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        assertFalse(payments.isPaid(t, f.fee), "the return alone proves nothing");
        Payment p = payments.handleReturn(idOn(back), PaymentFixture.MARYAM);
        assertTrue(p.isPaid());
        assertTrue(payments.isPaid(t, f.fee));
        assertEquals(Rial.ZERO, payments.outstanding(f.card, t));
        assertEquals(List.of("completed"), paymentOutcomes(t));
        for (JsonNode e : f.record("event")) {
            String json = e.toString();
            assertFalse(json.contains("500000") || json.contains(p.rrn()) || json.contains("6037"), json);
        }
    }

    @Test
    void aDoubleClickMakesOnePayment() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart a = create(t);
        PaymentStart b = create(t);
        assertEquals(a.paymentId(), b.paymentId());
        Payments otherNode = f.payments(ledger, events);
        assertEquals(a.paymentId(), otherNode.create(f.card, f.fee, t, PaymentFixture.MARYAM, PaymentFixture.RETURN,
                RequestOptions.none()).paymentId());
        assertEquals(1, f.recorded("payment", "action", "create"));
        // Two nodes that both miss the ledger send the same derived key: still one payment at the platform.
        Payments bare = f.payments(PaymentLedger.jdbc(PaymentFixture.h2(), f.clock), events);
        assertEquals(a.paymentId(), bare.create(f.card, f.fee, t, PaymentFixture.MARYAM, PaymentFixture.RETURN,
                RequestOptions.none()).paymentId());
        assertEquals(1, f.recorded("payment", "action", "create"));
    }

    @Test
    void aPaidFeeIsNotChargedAgain() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        payments.handleReturn(idOn(PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY,
                PaymentPageDriver.GOOD_CARD).orElseThrow()), PaymentFixture.MARYAM);
        PaymentException e = assertThrows(PaymentException.class, () -> create(t));
        assertEquals(PaymentException.Reason.ALREADY_PAID, e.reason());
        assertTrue(e.persianMessage().contains("پرداخت شده"));
    }

    @Test
    void forgedMalformedAndForeignReturnsAreRefused() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD);
        assertEquals(PaymentException.Reason.UNKNOWN_PAYMENT, assertThrows(PaymentException.class,
                () -> payments.handleReturn("7d1f3c1e-0000-4000-8000-000000000000", PaymentFixture.MARYAM)).reason());
        assertEquals(PaymentException.Reason.MALFORMED_PAYMENT_ID, assertThrows(PaymentException.class,
                () -> payments.handleReturn("../../admin", PaymentFixture.MARYAM)).reason());
        assertEquals(PaymentException.Reason.MALFORMED_PAYMENT_ID, assertThrows(PaymentException.class,
                () -> payments.handleReturn(null, PaymentFixture.MARYAM)).reason());
        PaymentException foreign = assertThrows(PaymentException.class,
                () -> payments.handleReturn(s.paymentId().value(), "citizen-ali"));
        assertEquals(PaymentException.Reason.NOT_YOUR_PAYMENT, foreign.reason());
        assertEquals("این پرداخت متعلق به شما نیست.", foreign.persianMessage());
        assertFalse(payments.isPaid(t, f.fee));
    }

    @Test
    void cancelledAndRefusedPaymentsAreNeverPaid() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        Payment cancelled = payments.handleReturn(idOn(PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.CANCEL,
                PaymentPageDriver.GOOD_CARD).orElseThrow()), PaymentFixture.MARYAM);
        assertEquals(PaymentState.CANCELLED, cancelled.state());
        PaymentStart again = create(t);
        assertFalse(again.paymentId().equals(s.paymentId()), "a cancelled payment gives way to a new one");
        Payment failed = payments.handleReturn(idOn(PaymentPageDriver.submit(again.nextUrl(), PaymentPageDriver.Action.PAY,
                PaymentPageDriver.REFUSED_CARD).orElseThrow()), PaymentFixture.MARYAM);
        assertEquals(PaymentState.FAILED, failed.state());
        assertFalse(payments.isPaid(t, f.fee));
        assertEquals(List.of("failed", "failed"), paymentOutcomes(t));
    }

    @Test
    void aRepeatedReturnVerifiesOnceAndRecordsOnce() throws Exception {
        f.admin("PUT", "/admin/payment-faults", "{\"repeatReturn\":true}");
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        URI back = PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        assertTrue(payments.handleReturn(idOn(back), PaymentFixture.MARYAM).isPaid());
        assertTrue(payments.handleReturn(idOn(back), PaymentFixture.MARYAM).isPaid());
        assertEquals(1, f.recorded("payment", "action", "verify"));
        assertEquals(List.of("completed"), paymentOutcomes(t));
    }

    @Test
    void anAnswerWithAnotherAmountIsRefusedAndNeverPaid() throws Exception {
        f.admin("PUT", "/admin/payment-faults", "{\"verifyAmountDeltaRial\":-490000}");
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        URI back = PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        PaymentException e = assertThrows(PaymentException.class, () -> payments.handleReturn(idOn(back), PaymentFixture.MARYAM));
        assertEquals(PaymentException.Reason.ANSWER_MISMATCH, e.reason());
        assertEquals(PaymentState.MISMATCH, ledger.find(s.paymentId()).orElseThrow().state());
        assertFalse(payments.isPaid(t, f.fee));
        assertFalse(ledger.find(s.paymentId()).orElseThrow().needsVerify(), "a dispute is for people, not the reconciler");
    }

    @Test
    void platformDownDuringVerifyIsRetryableAndLosesNothing() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        URI back = PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        f.admin("PUT", "/admin/faults/payments.verify", "{\"down\":true}");
        PanjerehException down = assertThrows(PanjerehException.class, () -> payments.handleReturn(idOn(back), PaymentFixture.MARYAM));
        assertTrue(down.isRetryable());
        assertTrue(down.persianMessage().contains("دقایقی بعد"));
        assertTrue(ledger.find(s.paymentId()).orElseThrow().needsVerify());
        f.admin("DELETE", "/admin/faults", null);
        Reconciler.Report r = Reconciler.builder(payments).build().runOnce();
        assertEquals(1, r.paid());
        assertTrue(payments.isPaid(t, f.fee));
    }

    @Test
    void aLostVerifyAnswerIsRecoveredByTheReconciler() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        URI back = PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        f.admin("PUT", "/admin/faults/payments.verify", "{\"dropResponseRate\":1.0}");
        assertThrows(PanjerehException.class, () -> payments.handleReturn(idOn(back), PaymentFixture.MARYAM));
        f.admin("DELETE", "/admin/faults", null);
        assertFalse(payments.isPaid(t, f.fee));
        assertEquals(1, Reconciler.builder(payments).build().runOnce().paid());
        assertTrue(payments.isPaid(t, f.fee));
        assertEquals(List.of("completed"), paymentOutcomes(t));
    }

    @Test
    void aPaymentStuckInSubmittedIsVerifiedWhenTheBankAnswers() throws Exception {
        f.admin("PUT", "/admin/payment-faults", "{\"submittedSeconds\":5}");
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        URI back = PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY, PaymentPageDriver.GOOD_CARD).orElseThrow();
        assertEquals(PaymentState.SUBMITTED, payments.handleReturn(idOn(back), PaymentFixture.MARYAM).state());
        PaymentException busy = assertThrows(PaymentException.class, () -> create(t));
        assertEquals(PaymentException.Reason.IN_PROGRESS, busy.reason());
        f.clock.advance(Duration.ofSeconds(6));
        Reconciler.Report r = Reconciler.builder(payments).build().runOnce();
        assertEquals(1, r.paid());
        assertTrue(payments.isPaid(t, f.fee));
    }

    @Test
    void browserNeverCameBackVerifiedByTheReconcilerInsideTheWindow() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        assertTrue(PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD).isEmpty());
        // A restarted node: a new client over the same ledger.
        Payments restarted = f.payments(PaymentLedger.jdbc(ds, f.clock), events);
        f.clock.advance(Duration.ofSeconds(15));
        Reconciler.Report r = Reconciler.builder(restarted).build().runOnce();
        assertEquals(1, r.paid());
        assertTrue(restarted.isPaid(t, f.fee));
    }

    @Test
    void aRestartAfterTheWindowFindsItReversedAndNotPaid() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD);
        f.clock.advance(PaymentFixture.WINDOW.plusSeconds(1));
        Payments restarted = f.payments(PaymentLedger.jdbc(ds, f.clock), events);
        Reconciler.Report r = Reconciler.builder(restarted).build().runOnce();
        assertEquals(1, r.unpaid());
        assertEquals(PaymentState.REVERSED, ledger.find(s.paymentId()).orElseThrow().state());
        assertFalse(restarted.isPaid(t, f.fee));
        assertEquals(List.of("failed"), paymentOutcomes(t));
        assertFalse(create(t).paymentId().equals(s.paymentId()), "the citizen may pay again");
    }

    @Test
    void theUnverifiedListRescuesAPaymentTheLedgerLost() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY_NO_RETURN, PaymentPageDriver.GOOD_CARD);
        // Restored from a backup older than the payment: an empty ledger.
        DataSource restored = PaymentFixture.h2();
        Payments fromBackup = f.payments(PaymentLedger.jdbc(restored, f.clock), null);
        Reconciler.Report r = Reconciler.builder(fromBackup).build().runOnce();
        assertEquals(1, r.adopted());
        assertEquals(1, r.paid());
        assertTrue(fromBackup.isPaid(t, f.fee));
    }

    @Test
    void refundsNeverExceedAndARejectionRefundsOnce() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        payments.handleReturn(idOn(PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY,
                PaymentPageDriver.GOOD_CARD).orElseThrow()), PaymentFixture.MARYAM);
        Refund part = payments.refund(s.paymentId(), Rial.of(100_000), "اصلاح هزینه");
        assertEquals("succeeded", part.state());
        PaymentException tooMuch = assertThrows(PaymentException.class,
                () -> payments.refund(s.paymentId(), Rial.of(400_001), "بیش از مانده"));
        assertEquals(PaymentException.Reason.REFUND_EXCEEDS, tooMuch.reason());
        assertEquals(1, payments.refundAll(t, "رد درخواست").size());
        assertEquals(List.of(), payments.refundAll(t, "رد درخواست"), "refunded once");
        assertEquals(Rial.of(500_000), ledger.find(s.paymentId()).orElseThrow().refunded());
        assertEquals(2, f.recorded("payment", "action", "refund"));
        assertEquals(List.of("completed", "refunded", "refunded"), paymentOutcomes(t));
    }

    @Test
    void aRefundThePlatformNeverAnsweredIsSentAgainWithItsKey() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        payments.handleReturn(idOn(PaymentPageDriver.submit(s.nextUrl(), PaymentPageDriver.Action.PAY,
                PaymentPageDriver.GOOD_CARD).orElseThrow()), PaymentFixture.MARYAM);
        f.admin("PUT", "/admin/faults/payments.refund", "{\"dropResponseRate\":1.0}");
        Refund r = payments.refund(s.paymentId(), Rial.of(500_000), "رد درخواست");
        assertTrue(r.isPending());
        f.admin("DELETE", "/admin/faults", null);
        assertThrows(PaymentException.class, () -> payments.refund(s.paymentId(), Rial.of(1), "x"),
                "the pending refund holds its amount");
        assertEquals(1, Reconciler.builder(payments).build().runOnce().refunds());
        assertEquals("succeeded", ledger.refunds(s.paymentId()).get(0).state());
        assertEquals(1, f.recorded("payment", "action", "refund"), "the same key: one refund at the platform");
    }

    @Test
    void aReceiptPaysOneRequestOnce() throws Exception {
        TrackingId t = f.apply(events);
        TrackingId other = f.apply(events);
        LedgerEntry e = payments.confirmReceipt(f.card, f.fee, t, PaymentFixture.MARYAM, Channel.WEB, "۱۲۳۴۵۶۷۸۹۰۱۲",
                Rial.of(500_000));
        assertTrue(e.isPaid());
        assertTrue(payments.isPaid(t, f.fee));
        assertEquals(PaymentException.Reason.RECEIPT_ALREADY_CLAIMED, assertThrows(PaymentException.class,
                () -> payments.confirmReceipt(f.card, f.fee, other, PaymentFixture.MARYAM, Channel.WEB, "123456789012",
                        Rial.of(500_000))).reason());
        Payments otherNode = f.payments(PaymentLedger.jdbc(PaymentFixture.h2(), f.clock), null);
        assertEquals(PaymentException.Reason.RECEIPT_ALREADY_CLAIMED, assertThrows(PaymentException.class,
                () -> otherNode.confirmReceipt(f.card, f.fee, other, PaymentFixture.MARYAM, Channel.WEB, "123456789012",
                        Rial.of(500_000))).reason(), "the platform refuses it too");
        assertEquals(PaymentException.Reason.RECEIPT_NOT_FOUND, assertThrows(PaymentException.class,
                () -> payments.confirmReceipt(f.card, f.fee, other, PaymentFixture.MARYAM, Channel.WEB, "999999999999",
                        Rial.of(500_000))).reason());
        assertEquals(PaymentException.Reason.RECEIPT_NOT_FOUND, assertThrows(PaymentException.class,
                () -> payments.confirmReceipt(f.card, f.fee, other, PaymentFixture.MARYAM, Channel.WEB, "423456789012",
                        Rial.of(100_000))).reason(), "a receipt for less than the fee");
        assertEquals(PaymentException.Reason.ALREADY_PAID, assertThrows(PaymentException.class, () -> create(t)).reason());
        assertEquals(List.of("completed"), paymentOutcomes(t));
    }

    @Test
    void aFeeNotOnTheCardIsRefusedBeforeAnythingIsSent() {
        TrackingId t = f.apply(events);
        PaymentException e = assertThrows(PaymentException.class, () -> payments.create(f.card,
                new org.panjereh.core.ServiceCard.Fee("licence", "x", 1, f.fee.sheba()), t, PaymentFixture.MARYAM,
                PaymentFixture.RETURN, RequestOptions.none()));
        assertEquals(PaymentException.Reason.UNKNOWN_FEE, e.reason());
    }

    @Test
    void statusAndListReadThePlatform() throws Exception {
        TrackingId t = f.apply(events);
        PaymentStart s = create(t);
        assertEquals(PaymentState.CREATED, payments.status(s.paymentId()).state());
        List<Payment> list = payments.listFor(t);
        assertEquals(1, list.size());
        assertEquals(Optional.of(s.paymentId()), list.stream().map(Payment::paymentId).findFirst());
        assertEquals(Rial.of(500_000), list.get(0).amount());
    }
}
