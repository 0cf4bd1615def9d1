package org.panjereh.payment;

import java.time.Instant;
import java.util.Objects;
import org.panjereh.core.Rial;
import org.panjereh.core.TrackingId;

/**
 * A payment made at a bank branch or another gateway, confirmed by the platform from its receipt (contract
 * section 10) and claimed for one request: a receipt pays once.
 *
 * @param trackingId the request it was claimed for
 * @param amount     the amount confirmed
 * @param paidAt     when it was paid, as the platform knows it
 */
public record ReceiptConfirmation(TrackingId trackingId, Rial amount, Instant paidAt) {
    /** All members are required. */
    public ReceiptConfirmation {
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(paidAt, "paidAt");
    }
}
