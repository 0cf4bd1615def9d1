package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.RequestOptions;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.payment.LedgerEntry;
import org.panjereh.payment.Payment;
import org.panjereh.payment.PaymentException;
import org.panjereh.payment.PaymentId;
import org.panjereh.payment.PaymentStart;
import org.panjereh.payment.PaymentState;
import org.panjereh.sso.Citizen;

/**
 * Paying a request's fee: «پرداخت» sends the citizen to the national payment page, the return is verified
 * (never trusted), and a receipt paid at a bank branch can be entered instead.
 */
@Path("/")
@Produces("text/html; charset=utf-8")
public class PaymentPages {

    private static final Logger LOG = Logger.getLogger(PaymentPages.class.getName());

    @Inject
    Desk desk;
    @Inject
    Requests requests;
    @Inject
    Fees fees;
    @Inject
    Violations violations;

    /**
     * @param ctx  the request
     * @param id   the tracking id
     * @param csrf the session's CSRF token
     * @param fee  the card's fee code
     * @return a redirect to the national payment page
     */
    @POST
    @Path("my/requests/{id}/pay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response pay(@Context ContainerRequestContext ctx, @PathParam("id") String id, @FormParam("csrf") String csrf,
                        @FormParam("fee") String fee) {
        Visitor.checkCsrf(ctx, csrf);
        Citizen c = Visitor.required(ctx);
        CitizenRequest r = own(c, id);
        ServiceCard card = desk.card(r.serviceId());
        ServiceCard.Fee f = fee(card, fee);
        try {
            PaymentStart start = fees.payments().create(card, f, r.trackingId(), c.subject(), fees.returnUrl(), r.channel(),
                    RequestOptions.none());
            return Response.seeOther(start.nextUrl()).build();
        } catch (PaymentException e) {
            throw refused(e, 409);
        }
    }

    /**
     * @param ctx    the request
     * @param id     the tracking id
     * @param csrf   the session's CSRF token
     * @param fee    the card's fee code
     * @param rrn    the receipt's reference number
     * @param amount the amount on the receipt, in rials
     * @return back to the request
     */
    @POST
    @Path("my/requests/{id}/receipt")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response receipt(@Context ContainerRequestContext ctx, @PathParam("id") String id, @FormParam("csrf") String csrf,
                            @FormParam("fee") String fee, @FormParam("rrn") String rrn, @FormParam("amount") String amount) {
        Visitor.checkCsrf(ctx, csrf);
        Citizen c = Visitor.required(ctx);
        CitizenRequest r = own(c, id);
        ServiceCard card = desk.card(r.serviceId());
        ServiceCard.Fee f = fee(card, fee);
        Rial paid;
        try {
            paid = Rial.parse(Forms.checkLength(amount == null ? "" : amount));
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(422, "gateway.receipt_amount", "مبلغ رسید را به ریال و با رقم وارد کنید.");
        }
        try {
            fees.payments().confirmReceipt(card, f, r.trackingId(), c.subject(), r.channel(), Forms.checkLength(rrn), paid);
        } catch (PaymentException e) {
            throw refused(e, e.reason() == PaymentException.Reason.RECEIPT_NOT_FOUND ? 404 : 409);
        }
        return Response.seeOther(URI.create("/my/requests/" + r.trackingId().value())).build();
    }

    /**
     * Where the platform sends the citizen back. The return is only a hint: the payment is verified here, and a
     * return the ledger does not know, or another citizen's, is refused.
     *
     * @param ctx       the request
     * @param paymentId the payment, as the platform appended it
     * @return the request page, or a page saying what happened
     */
    @GET
    @Path("payments/return")
    public Response back(@Context ContainerRequestContext ctx, @QueryParam("paymentId") String paymentId) {
        Optional<Citizen> c = Visitor.citizen(ctx);
        Payment p;
        try {
            if (violations.has("trust-payment-return")) {
                p = trustTheReturn(paymentId);
            } else {
                p = fees.payments().handleReturn(Forms.checkLength(paymentId), c.map(Citizen::subject).orElse(null));
            }
        } catch (PaymentException e) {
            throw refused(e, switch (e.reason()) {
                case MALFORMED_PAYMENT_ID -> 400;
                case UNKNOWN_PAYMENT -> 404;
                case NOT_YOUR_PAYMENT -> 403;
                default -> 409;
            });
        } catch (PanjerehException e) {
            String errorId = UUID.randomUUID().toString();
            LOG.warning("Payment return not verified now [" + errorId + "]: " + e.getMessage());
            throw new GatewayProblem(503, "gateway.payment_verify_unavailable", "تأیید پرداخت اکنون ممکن نشد. اگر مبلغ از "
                    + "حساب شما برداشته شده، از دست نمی‌رود: دستگاه آن را خودکار تأیید می‌کند و در غیر این صورت بانک آن را "
                    + "بازمی‌گرداند.", errorId);
        }
        if (c.isPresent()) {
            return Response.seeOther(URI.create("/my/requests/" + fees.payments().ledger().find(p.paymentId())
                    .map(e -> e.trackingId().value()).orElse(""))).build();
        }
        String said = p.isPaid() ? "پرداخت شما تأیید شد." : "پرداخت انجام نشد (" + Fees.persian(p.state()) + ").";
        return Response.ok(Html.page("نتیجه پرداخت", false, "<h1>نتیجه پرداخت</h1><p>" + Html.esc(said)
                + "</p><p><a href=\"/my\">ورود و دیدن درخواست‌های من</a></p>")).build();
    }

    /** The {@code trust-payment-return} breach: the return itself marks the payment paid, with no verify. */
    private Payment trustTheReturn(String paymentId) {
        PaymentId id = PaymentId.of(paymentId);
        LedgerEntry e = fees.payments().ledger().find(id).orElseThrow(() -> new PaymentException(
                PaymentException.Reason.UNKNOWN_PAYMENT, "unknown", null));
        fees.payments().ledger().transition(id, e.state(), e.verified(), PaymentState.SUCCEEDED, true, null, null);
        return new Payment(id, PaymentState.SUCCEEDED, e.serviceId(), e.trackingId(), e.feeCode(), e.amount(), e.payerSub(),
                null, null, null, null, java.time.Instant.now());
    }

    private CitizenRequest own(Citizen c, String id) {
        CitizenRequest r = desk.visibleTo(c, id);
        if (r.status().terminal()) {
            throw new GatewayProblem(409, "gateway.finished", "این درخواست پیش‌تر تحویل یا رد شده است.");
        }
        return r;
    }

    private static ServiceCard.Fee fee(ServiceCard card, String code) {
        return card.fee(code == null ? "" : code).orElseThrow(() -> new GatewayProblem(404, "gateway.unknown_fee",
                "این هزینه در شناسنامه خدمت نیست."));
    }

    /** A refusal a person sees: its error id stands in exactly one log line with the reason. */
    static GatewayProblem refused(PaymentException e, int status) {
        String errorId = UUID.randomUUID().toString();
        LOG.warning("Payment refused [" + errorId + "] " + e.reason() + ": " + e.getMessage());
        return new GatewayProblem(status, "gateway.payment_" + e.reason().name().toLowerCase(java.util.Locale.ROOT),
                e.persianMessage(), errorId);
    }
}
