package org.panjereh.payment;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.panjereh.core.Rial;

/**
 * A created payment, recorded in the ledger: send the citizen to {@link #nextUrl()}.
 *
 * @param paymentId the platform's id
 * @param nextUrl   the national payment page
 * @param expiresAt when the platform stops waiting for the citizen to pay
 * @param amount    what the citizen is asked to pay
 */
public record PaymentStart(PaymentId paymentId, URI nextUrl, Instant expiresAt, Rial amount) {
    /** All members are required. */
    public PaymentStart {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(nextUrl, "nextUrl");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(amount, "amount");
    }
}
