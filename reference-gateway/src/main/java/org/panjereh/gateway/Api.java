package org.panjereh.gateway;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.LoginException;
import org.panjereh.survey.SurveyException;

/**
 * The single window's operations for mobile apps, in JSON. Callers present the platform's access token
 * (RFC 9068) as {@code Authorization: Bearer}; MicroProfile JWT verifies its signature against the
 * platform's keys, its issuer and expiry; this class adds that it was issued to this agency's client for
 * a person (not a machine), and asks userinfo who that person is when it needs the national code.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "single window")
public class Api {

    @Inject
    JsonWebToken jwt;
    @Inject
    Platform platform;
    @Inject
    Desk desk;
    @Inject
    Requests requests;
    @Inject
    Forms forms;
    @Inject
    Agency agency;
    @Inject
    Fees fees;
    @Inject
    Documents documents;

    /** An issued document as anyone may check it (contract section 11). */
    public record DocumentView(String code, String serviceId, String trackingId, String title, Instant issuedAt, String status,
                               String sha256, Instant revokedAt, String revocationReason) {
    }

    /**
     * @param code a verification code
     * @return what the agency's registry says of that document; no bearer token needed
     */
    @GET
    @Path("documents/{code}")
    @Operation(summary = "Check an issued document by its verification code (contract section 11)")
    public DocumentView document(@PathParam("code") String code) {
        org.panjereh.documents.VerificationCode c;
        try {
            c = org.panjereh.documents.VerificationCode.parse(Forms.checkLength(code));
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(400, "gateway.bad_document_code", "کد تصدیق ۱۶ نویسه است؛ آن را دوباره بررسی کنید.");
        }
        org.panjereh.documents.DocumentRegistry.Entry e = documents.registry().find(c).orElseThrow(() -> new GatewayProblem(404,
                "gateway.unknown_document", "سندی با این کد تصدیق از سوی این دستگاه صادر نشده است."));
        return new DocumentView(e.code().value(), e.serviceId().value(), e.trackingId().value(), e.title(), e.issuedAt(),
                e.status().name().toLowerCase(java.util.Locale.ROOT), e.sha256(), e.revokedAt(), e.revocationReason());
    }

    /** A service of this agency. */
    public record ServiceView(String serviceId, String title, String authLevel, int expectedDurationDays, boolean applicationForm,
                              List<String> requiredInquiries) {
    }

    /** One event of a request's timeline. */
    public record EventView(String type, String step, Instant time, String responsibleUnit) {
    }

    /** One of the caller's requests, with its fees and what is still to pay. */
    public record RequestView(String trackingId, String serviceId, String channel, String status, String step, Instant createdAt,
                              Instant updatedAt, String applicantName, String address, boolean surveyOpen,
                              List<EventView> timeline, List<FeeView> fees, long outstandingRial) {
    }

    /** A fee of the request's card: amount in rials, in Persian with tomans beside it, and whether it is paid. */
    public record FeeView(String code, String title, long amountRial, String amountPersian, boolean paid) {
    }

    /** Pay a fee: the card's fee code. */
    public record PaymentRequest(String feeCode) {
    }

    /** Where to send the citizen to pay (open it in the system browser; the platform returns to the gateway). */
    public record PaymentView(String paymentId, String nextUrl, Instant expiresAt, long amountRial) {
    }

    /** A payment after verify. */
    public record PaymentResult(String paymentId, String state, boolean paid) {
    }

    /** A receipt paid at a bank: the fee, the reference number and the amount on it. */
    public record ReceiptRequest(String feeCode, String rrn, String amountRial) {
    }

    /** An application: the postal code, and the Jalali birth date when the platform does not release it. */
    public record Application(String serviceId, String postalCode, String birthDate) {
    }

    /** Survey answers: question id to value on the form's scale, and an optional comment. */
    public record SurveyAnswer(Map<String, String> answers, String comment) {
    }

    /** @return the agency's services */
    @GET
    @Path("services")
    @Operation(summary = "The agency's services, from its service cards")
    public List<ServiceView> services() {
        List<ServiceView> out = new ArrayList<>();
        for (ServiceCard c : platform.registry().cards(platform.agencyId())) {
            out.add(new ServiceView(c.serviceId().value(), c.title(), c.authLevel().acr(), c.expectedDurationDays(),
                    forms.offered(c.serviceId()), c.requiredInquiries()));
        }
        return out;
    }

    /** @return the caller's requests, newest first */
    @GET
    @Path("requests")
    @Authenticated
    @Operation(summary = "The caller's requests")
    public List<RequestView> mine() {
        String sub = caller();
        return requests.bySubject(sub, 100).stream().map(r -> view(r, false)).toList();
    }

    /**
     * @param id a tracking id
     * @return the caller's request with its timeline
     */
    @GET
    @Path("requests/{id}")
    @Authenticated
    @Operation(summary = "One of the caller's requests, with its timeline")
    public RequestView one(@PathParam("id") String id) {
        return view(own(id), true);
    }

    /**
     * @param idempotencyKey a UUID chosen by the app; a retry with the same key gets the same request
     * @param body           the application
     * @return 201 with the request
     */
    @POST
    @Path("requests")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Apply for a service; identity and address come from the national exchange")
    public Response apply(@HeaderParam("Idempotency-Key") String idempotencyKey, Application body) {
        String sub = caller();
        UUID key;
        try {
            key = UUID.fromString(idempotencyKey == null ? "" : idempotencyKey);
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(400, "gateway.idempotency_key", "سرآیند Idempotency-Key باید یک UUID باشد.");
        }
        if (body == null || body.serviceId() == null || body.serviceId().length() > 20) {
            throw new GatewayProblem(400, "gateway.form", "شناسه خدمت فرستاده نشده است.");
        }
        ServiceId sid;
        try {
            sid = ServiceId.of(body.serviceId());
        } catch (PanjerehException e) {
            throw new GatewayProblem(404, "gateway.unknown_service", "چنین خدمتی در این درگاه نیست.");
        }
        if (!forms.offered(sid)) {
            throw new GatewayProblem(404, "gateway.unknown_service", "چنین خدمتی در این درگاه نیست.");
        }
        ServiceCard card = desk.card(sid);
        String acr = jwt.getClaim("acr");
        Citizen citizen;
        try {
            citizen = platform.login().citizenFromAccessToken(jwt.getRawToken(), sub, acr);
        } catch (LoginException e) {
            throw new GatewayProblem(e.reason() == LoginException.Reason.PLATFORM_UNAVAILABLE ? 503 : 401, "gateway.userinfo",
                    e.persianMessage());
        }
        if (!citizen.satisfies(card.authLevel())) {
            throw new GatewayProblem(403, "gateway.step_up", "این خدمت به ورود با سطح اطمینان بالاتری نیاز دارد ("
                    + card.authLevel().acr() + ").");
        }
        CitizenRequest r = desk.apply(citizen, sid, org.panjereh.core.Channel.MOBILE, Forms.checkLength(body.postalCode()),
                Forms.checkLength(body.birthDate()), key);
        return Response.created(URI.create("/api/v1/requests/" + r.trackingId().value())).entity(view(r, true)).build();
    }

    /**
     * @param id     a delivered request of the caller
     * @param answer the answers
     * @return 201 once the answer is stored for sending to the national evaluation service
     */
    @POST
    @Path("requests/{id}/survey")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer the satisfaction survey of a delivered request")
    public Response survey(@PathParam("id") String id, SurveyAnswer answer) {
        CitizenRequest r = own(id);
        if (r.surveyTicket() == null) {
            throw new GatewayProblem(409, "gateway.survey_not_open", "نظرسنجی پس از تحویل خدمت باز می‌شود.");
        }
        Map<String, String> fields = new HashMap<>();
        if (answer != null && answer.answers() != null) {
            if (answer.answers().size() > 32) {
                throw new GatewayProblem(413, "gateway.field_too_long", "پاسخ‌ها بیش از اندازه است.");
            }
            answer.answers().forEach((q, v) -> fields.put("q." + q, v));
        }
        if (answer != null && answer.comment() != null) {
            fields.put("comment", answer.comment());
        }
        try {
            UUID responseKey = agency.survey().submit(r.surveyTicket(), r.trackingId(), "csat-v1", fields);
            return Response.status(201).entity(Map.of("responseKey", responseKey.toString())).build();
        } catch (SurveyException e) {
            throw new GatewayProblem(e.reason() == SurveyException.Reason.TICKET_USED ? 409 : 422, "gateway.survey_"
                    + e.reason().name().toLowerCase(java.util.Locale.ROOT), e.persianMessage());
        }
    }

    /**
     * @param id   one of the caller's open requests
     * @param body the fee to pay
     * @return 201 with the national payment page to open
     */
    @POST
    @Path("requests/{id}/payments")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start paying a fee; a second call for the same fee returns the same open payment")
    public Response pay(@PathParam("id") String id, PaymentRequest body) {
        CitizenRequest r = openOwn(id);
        ServiceCard card = desk.card(r.serviceId());
        ServiceCard.Fee fee = fee(card, body == null ? null : body.feeCode());
        try {
            org.panjereh.payment.PaymentStart s = fees.payments().create(card, fee, r.trackingId(), r.subject(),
                    fees.returnUrl(), r.channel(), org.panjereh.core.RequestOptions.none());
            return Response.status(201).entity(new PaymentView(s.paymentId().value(), s.nextUrl().toString(), s.expiresAt(),
                    s.amount().rials())).build();
        } catch (org.panjereh.payment.PaymentException e) {
            throw PaymentPages.refused(e, 409);
        }
    }

    /**
     * @param paymentId a payment of the caller
     * @return the payment once verified with the platform (what the return page would do)
     */
    @POST
    @Path("payments/{paymentId}/verify")
    @Authenticated
    @Operation(summary = "Verify a payment of the caller with the platform; the outcome never comes from the app")
    public PaymentResult verify(@PathParam("paymentId") String paymentId) {
        String sub = caller();
        try {
            org.panjereh.payment.Payment p = fees.payments().handleReturn(Forms.checkLength(paymentId), sub);
            return new PaymentResult(p.paymentId().value(), p.state().wireValue(), p.isPaid());
        } catch (org.panjereh.payment.PaymentException e) {
            throw PaymentPages.refused(e, switch (e.reason()) {
                case MALFORMED_PAYMENT_ID -> 400;
                case UNKNOWN_PAYMENT, NOT_YOUR_PAYMENT -> 404;
                default -> 409;
            });
        }
    }

    /**
     * @param id   one of the caller's open requests
     * @param body the receipt
     * @return 201 once the platform confirmed it and it is recorded as paid
     */
    @POST
    @Path("requests/{id}/receipts")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Pay a fee with a receipt paid at a bank; a receipt pays one request once")
    public Response receipt(@PathParam("id") String id, ReceiptRequest body) {
        CitizenRequest r = openOwn(id);
        ServiceCard card = desk.card(r.serviceId());
        ServiceCard.Fee fee = fee(card, body == null ? null : body.feeCode());
        org.panjereh.core.Rial amount;
        try {
            amount = org.panjereh.core.Rial.parse(Forms.checkLength(body.amountRial() == null ? "" : body.amountRial()));
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(422, "gateway.receipt_amount", "مبلغ رسید را به ریال و با رقم وارد کنید.");
        }
        try {
            fees.payments().confirmReceipt(card, fee, r.trackingId(), r.subject(), r.channel(), Forms.checkLength(body.rrn()),
                    amount);
        } catch (org.panjereh.payment.PaymentException e) {
            throw PaymentPages.refused(e, e.reason() == org.panjereh.payment.PaymentException.Reason.RECEIPT_NOT_FOUND ? 404 : 409);
        }
        return Response.status(201).entity(view(r, false)).build();
    }

    private CitizenRequest openOwn(String id) {
        CitizenRequest r = own(id);
        if (r.status().terminal()) {
            throw new GatewayProblem(409, "gateway.finished", "این درخواست پیش‌تر تحویل یا رد شده است.");
        }
        return r;
    }

    private static ServiceCard.Fee fee(ServiceCard card, String code) {
        if (code == null || code.length() > 64) {
            throw new GatewayProblem(400, "gateway.form", "کد هزینه فرستاده نشده است.");
        }
        return card.fee(code).orElseThrow(() -> new GatewayProblem(404, "gateway.unknown_fee", "این هزینه در شناسنامه خدمت نیست."));
    }

    /** The caller's {@code sub}, once the token is known to be a person's token issued to this agency. */
    private String caller() {
        String clientId = jwt.getClaim("client_id");
        String sub = jwt.getSubject();
        // RFC 9068: client_id names the client the token was issued to; a client-credentials token has
        // sub = client_id. Either way it is not a citizen of this agency.
        if (!platform.credentials().clientId().equals(clientId) || sub == null || sub.equals(clientId)) {
            throw new GatewayProblem(403, "gateway.token_not_for_this_agency",
                    "این توکن برای شهروندان این دستگاه صادر نشده است.");
        }
        return sub;
    }

    private CitizenRequest own(String id) {
        String sub = caller();
        return TrackingPage.parse(id).flatMap(requests::find).filter(r -> r.subject().equals(sub))
                .orElseThrow(() -> new GatewayProblem(404, "gateway.unknown_request", "چنین درخواستی در پیشخوان شما نیست."));
    }

    private RequestView view(CitizenRequest r, boolean withTimeline) {
        List<EventView> timeline = withTimeline ? requests.timeline(r.trackingId()).stream()
                .map(e -> new EventView(e.type().wireType(), e.step(), e.at(), e.unit())).toList() : List.of();
        ServiceCard card = desk.card(r.serviceId());
        List<FeeView> feeViews = new ArrayList<>();
        long outstanding = 0;
        for (ServiceCard.Fee f : card.fees()) {
            boolean paid = fees.payments().isPaid(r.trackingId(), f);
            feeViews.add(new FeeView(f.code(), f.title(), f.amountRial(),
                    org.panjereh.core.Rial.of(f.amountRial()).toPersianString(), paid));
            outstanding += paid ? 0 : f.amountRial();
        }
        return new RequestView(r.trackingId().value(), r.serviceId().value(), r.channel().wireValue(),
                r.status().name().toLowerCase(java.util.Locale.ROOT),
                r.step(), r.createdAt(), r.updatedAt(), r.applicantName(), r.address(),
                r.status() == CitizenRequest.Status.DELIVERED && r.surveyTicket() != null, timeline, feeViews, outstanding);
    }
}
