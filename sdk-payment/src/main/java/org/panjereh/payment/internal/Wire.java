package org.panjereh.payment.internal;

import java.time.Instant;
import java.util.List;

/** The JSON bodies of contract section 10, as sent and as read (unknown members are ignored when read). */
public final class Wire {

    private Wire() {
    }

    /** Create body. */
    public record CreateBody(String serviceId, String trackingId, String feeCode, long amountRial, String description,
                             String returnUrl, String payerSub) {
    }

    /** Create answer. */
    public record Created(String paymentId, String state, String nextUrl, Instant expiresAt) {
    }

    /** Verify or read answer; members past {@code verifiedAt} are the sandbox's additions, checked when present. */
    public record PaymentView(String paymentId, String state, Long amountRial, String rrn, String traceNo, String maskedPan,
                              Instant paidAt, Instant verifiedAt, String serviceId, String trackingId, String feeCode,
                              String payerSub) {
    }

    /** List answer. */
    public record PaymentList(List<PaymentView> payments) {
    }

    /** Refund body. */
    public record RefundBody(long amountRial, String reason) {
    }

    /** Refund answer. */
    public record RefundAnswer(String refundId, String state) {
    }

    /** Confirmation body. */
    public record ConfirmBody(String rrn, long amountRial, String sheba, String trackingId) {
    }

    /** Confirmation answer. */
    public record Confirmed(Boolean confirmed, Instant paidAt) {
    }
}
