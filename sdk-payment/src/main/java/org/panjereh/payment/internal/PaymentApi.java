package org.panjereh.payment.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.panjereh.core.InvalidPlatformResponseException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformResponse;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.payment.Payment;
import org.panjereh.payment.PaymentId;
import org.panjereh.payment.PaymentState;

/**
 * The HTTP calls of contract section 10 and the reading of their answers, and nothing else: what to do with an answer
 * (the ledger's state machine, events, refusals) is {@code Payments}' job.
 */
public final class PaymentApi {

    private final PlatformClient platform;

    /** @param platform the platform client (scope {@code payment}) */
    public PaymentApi(PlatformClient platform) {
        this.platform = platform;
    }

    /** A verify answer with the platform's request id, for the log line of a mismatch. */
    public record Verified(Payment payment, String requestId, int status) {
    }

    /**
     * {@code POST …/payments}.
     *
     * @param body the create body
     * @param opts its idempotency key
     * @return the answer, its members checked
     */
    public Wire.Created create(Wire.CreateBody body, RequestOptions opts) {
        PlatformResponse r = platform.postJson(URI.create(base() + "/payments"), body, opts);
        Wire.Created created = r.json(Wire.Created.class);
        if (created.paymentId() == null || created.nextUrl() == null || created.expiresAt() == null) {
            throw new InvalidPlatformResponseException("Payment created without paymentId, nextUrl or expiresAt",
                    r.statusCode(), null);
        }
        return created;
    }

    /**
     * {@code POST …/payments/{id}/verify}.
     *
     * @param id the payment
     * @return the platform's answer
     */
    public Verified verify(PaymentId id) {
        PlatformResponse r = platform.postJson(URI.create(base() + "/payments/" + enc(id.value()) + "/verify"), Map.of(),
                RequestOptions.none());
        return new Verified(payment(r.json(Wire.PaymentView.class), r.statusCode()), r.requestId(), r.statusCode());
    }

    /**
     * {@code GET …/payments/{id}}.
     *
     * @param id the payment
     * @return the platform's view
     */
    public Payment status(PaymentId id) {
        PlatformResponse r = platform.get(URI.create(base() + "/payments/" + enc(id.value())), RequestOptions.none());
        return payment(r.json(Wire.PaymentView.class), r.statusCode());
    }

    /**
     * {@code GET …/payments?query}.
     *
     * @param query {@code trackingId=…} or {@code unverified=true}
     * @return the payments listed
     */
    public List<Payment> list(String query) {
        PlatformResponse r = platform.get(URI.create(base() + "/payments?" + query), RequestOptions.none());
        Wire.PaymentList l = r.json(Wire.PaymentList.class);
        List<Payment> out = new ArrayList<>();
        if (l.payments() != null) {
            for (Wire.PaymentView v : l.payments()) {
                out.add(payment(v, r.statusCode()));
            }
        }
        return out;
    }

    /**
     * {@code POST …/payments/{id}/refunds}.
     *
     * @param id   the payment
     * @param body amount and reason
     * @param opts the refund's idempotency key, kept for retries
     * @return the answer
     */
    public Wire.RefundAnswer refund(PaymentId id, Wire.RefundBody body, RequestOptions opts) {
        return platform.postJson(URI.create(base() + "/payments/" + enc(id.value()) + "/refunds"), body, opts)
                .json(Wire.RefundAnswer.class);
    }

    /**
     * {@code POST …/confirmations}: a receipt paid elsewhere.
     *
     * @param body the receipt
     * @param opts its idempotency key
     * @return the answer, confirmed with a time
     */
    public Wire.Confirmed confirm(Wire.ConfirmBody body, RequestOptions opts) {
        PlatformResponse r = platform.postJson(URI.create(base() + "/confirmations"), body, opts);
        Wire.Confirmed c = r.json(Wire.Confirmed.class);
        if (!Boolean.TRUE.equals(c.confirmed()) || c.paidAt() == null) {
            throw new InvalidPlatformResponseException("Confirmation without confirmed=true and paidAt", r.statusCode(), null);
        }
        return c;
    }

    private static Payment payment(Wire.PaymentView v, int status) {
        try {
            return new Payment(PaymentId.of(v.paymentId()), PaymentState.fromWire(v.state()),
                    v.serviceId() == null ? null : ServiceId.of(v.serviceId()),
                    v.trackingId() == null ? null : TrackingId.of(v.trackingId()), v.feeCode(),
                    v.amountRial() == null ? null : Rial.of(v.amountRial()), v.payerSub(), v.rrn(), v.traceNo(),
                    v.maskedPan(), v.paidAt(), v.verifiedAt());
        } catch (RuntimeException e) {
            throw new InvalidPlatformResponseException("Unreadable payment answer: " + e.getMessage(), status, e);
        }
    }

    private String base() {
        return platform.metadata().paymentEndpoint().toString().replaceAll("/+$", "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
