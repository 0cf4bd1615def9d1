package org.panjereh.payment.internal;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.panjereh.core.shared.Telemetry;
import org.panjereh.payment.PaymentException;

/** One span and one count per payment operation (counter {@code panjereh.payments} by operation and outcome). */
public final class PaymentTelemetry {

    private static final String METER = "panjereh.payments";

    private PaymentTelemetry() {
    }

    /**
     * Runs one payment operation inside a span and counts its outcome: the resulting state, or the refusal's reason.
     *
     * @param op      the operation, e.g. {@code verify}
     * @param body    the operation
     * @param outcome names the outcome of a result
     * @param <T>     the result
     * @return the result
     */
    public static <T> T traced(String op, Supplier<T> body, Function<T, String> outcome) {
        try (Telemetry.Span span = Telemetry.span("panjereh.payment." + op)) {
            try {
                T result = body.get();
                String o = outcome.apply(result).toLowerCase(Locale.ROOT);
                span.attribute("panjereh.payment.outcome", o);
                Telemetry.count(METER, "operation", op, "outcome", o);
                return result;
            } catch (PaymentException e) {
                span.fail(e.reason().name());
                Telemetry.count(METER, "operation", op, "outcome", e.reason().name().toLowerCase(Locale.ROOT));
                throw e;
            } catch (RuntimeException e) {
                span.fail(e);
                Telemetry.count(METER, "operation", op, "outcome", "error");
                throw e;
            }
        }
    }

    /**
     * What differs between the payment asked for and the platform's verify answer.
     *
     * @param asked  the ledger's entry
     * @param answer the platform's answer
     * @return {@code amount}, {@code fee}, {@code payer} or {@code request}, or {@code null} when they agree
     */
    public static String mismatch(org.panjereh.payment.LedgerEntry asked, org.panjereh.payment.Payment answer) {
        if (answer.amount() != null && !answer.amount().equals(asked.amount())) {
            return "amount";
        }
        if (answer.feeCode() != null && !answer.feeCode().equals(asked.feeCode())) {
            return "fee";
        }
        if (answer.payerSub() != null && asked.payerSub() != null && !answer.payerSub().equals(asked.payerSub())) {
            return "payer";
        }
        if (answer.trackingId() != null && !answer.trackingId().equals(asked.trackingId())) {
            return "request";
        }
        if (answer.isPaid() && answer.amount() == null) {
            return "amount";
        }
        return null;
    }
}
