package org.panjereh.payment;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The platform's id of one payment (contract section 10), as it comes back on the citizen's return
 * ({@code returnUrl?paymentId=…}). Validated on construction, so a return whose id is malformed is refused
 * before anything is looked up; a well-formed id is still only a claim until the ledger knows it.
 *
 * @param value the id: 1-64 characters of {@code [A-Za-z0-9_-]}
 */
public record PaymentId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Checks the form. */
    public PaymentId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new PaymentException(PaymentException.Reason.MALFORMED_PAYMENT_ID,
                    "A payment id is 1-64 characters of [A-Za-z0-9_-]", null);
        }
    }

    /**
     * @param value as received
     * @return the id
     * @throws PaymentException with {@link PaymentException.Reason#MALFORMED_PAYMENT_ID} if malformed
     */
    public static PaymentId of(String value) {
        if (value == null) {
            throw new PaymentException(PaymentException.Reason.MALFORMED_PAYMENT_ID, "No payment id", null);
        }
        return new PaymentId(value.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
