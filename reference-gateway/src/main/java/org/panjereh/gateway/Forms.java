package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.sso.Citizen;

/**
 * The application form of the sample services ({@code gateway.forms}). The citizen types only a postal
 * code (and a birth date when the SSO did not release one): who they are and where they live come from
 * the national exchange, never from uploads.
 */
@Singleton
@Path("/apply")
@Produces("text/html; charset=utf-8")
public class Forms {

    private static final int MAX_FIELD = 64;

    private final Desk desk;
    private final Set<ServiceId> offered;
    @Inject
    MonthlyFigures figures;

    /**
     * @param desk the counter; the services with a form here come from the gateway's settings
     */
    @Inject
    public Forms(Desk desk) {
        List<String> offered = GatewaySettings.current().forms();
        this.desk = desk;
        this.offered = offered.stream().map(ServiceId::of).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param serviceId a service
     * @return whether this gateway has an application form for it
     */
    public boolean offered(ServiceId serviceId) {
        return offered.contains(serviceId);
    }

    /**
     * @param ctx the request
     * @param sid the service id
     * @return the form
     */
    @GET
    @Path("{sid}")
    public String form(@Context ContainerRequestContext ctx, @PathParam("sid") String sid) {
        ServiceCard card = serviceOf(sid);
        figures.formOpened(card.serviceId());
        return page(ctx, card, java.util.Map.of(), UUID.randomUUID().toString(), null);
    }

    /**
     * @param ctx        the request
     * @param sid        the service id
     * @param form       the form as posted: the session's CSRF token, the form's one-time key and the fields as typed
     * @return a redirect to the new request, or the form again with a Persian message
     */
    @POST
    @Path("{sid}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response apply(@Context ContainerRequestContext ctx, @PathParam("sid") String sid,
                          jakarta.ws.rs.core.MultivaluedMap<String, String> form) {
        Visitor.checkCsrf(ctx, form.getFirst("csrf"));
        String submission = form.getFirst("submission");
        ServiceCard card = serviceOf(sid);
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (ServiceCard.DataField f : applicantFields(card)) {
            values.put(f.code(), limit(form.getFirst(f.code())));
        }
        String postal = values.getOrDefault(fieldOf(card, ServiceCard.FieldType.POSTAL_CODE, "postalCode"), "");
        String birth = values.getOrDefault("birthDate", "");
        UUID key;
        try {
            key = UUID.fromString(submission == null ? "" : submission);
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(400, "gateway.form", "فرم ناقص فرستاده شد. صفحه را دوباره باز کنید.");
        }
        try {
            checkFields(Visitor.required(ctx), card, values);
            CitizenRequest r = desk.apply(Visitor.required(ctx), card.serviceId(), org.panjereh.core.Channel.WEB, postal, birth, key);
            return Response.seeOther(URI.create("/my/requests/" + r.trackingId().value())).build();
        } catch (GatewayProblem e) {
            String shown = ErrorPages.shownWithId(e.status(), e.code(), "/apply/" + card.serviceId().value(), e.persian(), null);
            return Response.status(e.status()).entity(page(ctx, card, values, key.toString(), shown)).build();
        } catch (PanjerehException e) {
            int status = e.isRetryable() ? 503 : 422;
            String shown = ErrorPages.shownWithId(status, "gateway.apply_failed", "/apply/" + card.serviceId().value(),
                    e.persianMessage(), e);
            return Response.status(status).entity(page(ctx, card, values, key.toString(), shown)).build();
        }
    }

    /**
     * The form, generated from the card's {@code requiredData}: each field the applicant fills becomes an input of its
     * type; fields the exchange fills are named, to be shown read-only on the request once the inquiries answered.
     */
    private String page(ContainerRequestContext ctx, ServiceCard card, java.util.Map<String, String> values, String key,
                        String error) {
        Citizen c = Visitor.required(ctx);
        StringBuilder b = new StringBuilder("<h1>درخواست ").append(Html.esc(card.title())).append("</h1>");
        if (error != null) {
            b.append(Html.alert(error));
        }
        b.append("<p>مبنای قانونی: ").append(Html.esc(card.legalBasis())).append("؛ زمان رسیدگی: ")
                .append(PersianText.toPersianDigits(Integer.toString(card.expectedDurationDays()))).append(" روز.</p>");
        for (ServiceCard.Fee f : card.fees()) {
            b.append("<p>").append(Html.esc(f.title())).append(": ")
                    .append(Html.esc(org.panjereh.core.Rial.of(f.amountRial()).toPersianString())).append("</p>");
        }
        java.util.List<String> fetched = card.requiredData().stream().filter(f -> f.inquiry().isPresent())
                .map(ServiceCard.DataField::title).toList();
        if (!fetched.isEmpty()) {
            b.append("<p>این اطلاعات از دستگاه‌های دیگر، از راه مرکز ملی تبادل اطلاعات، استعلام و پس از ثبت در صفحهٔ درخواست "
                    + "نشان داده می‌شود؛ بارگذاری مدرک لازم نیست: ").append(Html.esc(String.join("، ", fetched))).append(".</p>");
        }
        b.append("<form method=\"post\" action=\"/apply/").append(card.serviceId().value()).append("\">")
                .append(Html.csrfField(Visitor.csrf(ctx)))
                .append("<input type=\"hidden\" name=\"submission\" value=\"").append(Html.esc(key)).append("\">");
        for (ServiceCard.DataField f : applicantFields(card)) {
            if (f.code().equals("birthDate") && c.birthDate() != null || f.code().equals("birthDate") && c.nationalCode() == null) {
                continue; // released by the national SSO, or not asked of someone without a national code
            }
            b.append(input(f, values.getOrDefault(f.code(), "")));
        }
        b.append("<button type=\"submit\">ثبت درخواست</button></form>");
        return Html.page("درخواست خدمت", true, b.toString());
    }

    private static String input(ServiceCard.DataField f, String value) {
        String id = Html.esc(f.code());
        String required = f.required() || f.code().equals("birthDate") ? " required" : "";
        return switch (f.type()) {
            case POSTAL_CODE -> "<label for=\"" + id + "\">" + Html.esc(f.title()) + "</label><input type=\"text\" id=\"" + id
                    + "\" name=\"" + id + "\" inputmode=\"numeric\" maxlength=\"12\"" + required
                    + " autocomplete=\"postal-code\" value=\"" + Html.esc(value) + "\">";
            case DATE -> "<label for=\"" + id + "\">" + Html.esc(f.title()) + " (مانند ۱۳۷۰/۰۲/۲۲)</label><input type=\"text\" id=\""
                    + id + "\" name=\"" + id + "\" inputmode=\"numeric\" maxlength=\"10\"" + required + " value=\""
                    + Html.esc(value) + "\">";
            case NUMBER -> "<label for=\"" + id + "\">" + Html.esc(f.title()) + "</label><input type=\"text\" id=\"" + id
                    + "\" name=\"" + id + "\" inputmode=\"numeric\" maxlength=\"20\"" + required + " value=\"" + Html.esc(value) + "\">";
            case FILE -> "<p>" + Html.esc(f.title()) + ": در مرحلهٔ حضوری ارائه می‌شود"
                    + (f.justification() == null ? "" : " (" + Html.esc(f.justification()) + ")") + ".</p>";
            default -> "<label for=\"" + id + "\">" + Html.esc(f.title()) + "</label><input type=\"text\" id=\"" + id + "\" name=\""
                    + id + "\" maxlength=\"64\"" + required + " value=\"" + Html.esc(value) + "\">";
        };
    }

    /** The fields the applicant fills; a card of v1 without {@code requiredData} asks for a postal code and a birth date. */
    static java.util.List<ServiceCard.DataField> applicantFields(ServiceCard card) {
        if (card.requiredData().isEmpty()) {
            return java.util.List.of(new ServiceCard.DataField("postalCode", "کد پستی ده‌رقمی محل اقامت",
                    ServiceCard.FieldType.POSTAL_CODE, true, "applicant", null), new ServiceCard.DataField("birthDate", "تاریخ تولد",
                    ServiceCard.FieldType.DATE, false, "applicant", null));
        }
        return card.requiredData().stream().filter(ServiceCard.DataField::fromApplicant).toList();
    }

    private static String fieldOf(ServiceCard card, ServiceCard.FieldType type, String fallback) {
        return applicantFields(card).stream().filter(f -> f.type() == type).map(ServiceCard.DataField::code).findFirst()
                .orElse(fallback);
    }

    /**
     * Every field the applicant fills, checked by its type before anything is asked of the platform: the first problem
     * is refused with its Persian message naming the field (a person reads it beside the form).
     */
    private static void checkFields(Citizen c, ServiceCard card, java.util.Map<String, String> values) {
        for (ServiceCard.DataField f : applicantFields(card)) {
            if (f.code().equals("birthDate") && (c.birthDate() != null || c.nationalCode() == null)) {
                continue; // not asked: released by the national SSO, or the applicant has no national code
            }
            java.util.Optional<GatewayProblem> p = problem(f, values.getOrDefault(f.code(), ""));
            if (p.isPresent()) {
                throw p.get();
            }
        }
    }

    /**
     * @param f     a field the applicant fills
     * @param typed what was typed (Persian, Arabic or ASCII digits alike)
     * @return the refusal of that value, or empty when it is acceptable for the field's type
     */
    static java.util.Optional<GatewayProblem> problem(ServiceCard.DataField f, String typed) {
        String v = typed == null ? "" : typed.strip();
        String name = "«" + f.title() + "»";
        if (f.type() == ServiceCard.FieldType.FILE) {
            return java.util.Optional.empty(); // papers come at the counter, with the card's justification
        }
        if (v.isEmpty()) {
            boolean required = f.required() || f.code().equals("birthDate");
            return required ? java.util.Optional.of(new GatewayProblem(422, "gateway.field_required", name + " را وارد کنید."))
                    : java.util.Optional.empty();
        }
        String ascii = PersianText.toAsciiDigits(v);
        switch (f.type()) {
            case NUMBER -> {
                if (!ascii.matches("[0-9]{1,20}")) {
                    return invalid(name + " باید عدد باشد (با رقم‌های فارسی یا لاتین).");
                }
            }
            case POSTAL_CODE -> {
                try {
                    org.panjereh.core.PostalCode.of(v);
                } catch (InvalidIdentifierException e) {
                    return invalid(name + " باید کد پستی ده‌رقمی درست باشد: " + e.persianMessage());
                }
            }
            case DATE -> {
                try {
                    org.panjereh.core.JalaliDate.parse(v);
                } catch (IllegalArgumentException e) {
                    return invalid(name + " را به شکل تاریخ شمسی، مانند ۱۳۷۰/۰۲/۲۲، وارد کنید.");
                }
            }
            default -> {
                if (v.codePoints().anyMatch(cp -> Character.isISOControl(cp) || cp == '<' || cp == '>')) {
                    return invalid(name + " نویسهٔ نامجاز دارد.");
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<GatewayProblem> invalid(String persian) {
        return java.util.Optional.of(new GatewayProblem(422, "gateway.field_invalid", persian));
    }

    private ServiceCard serviceOf(String sid) {
        ServiceId id;
        try {
            id = ServiceId.of(sid);
        } catch (InvalidIdentifierException e) {
            throw new GatewayProblem(404, "gateway.unknown_service", "چنین خدمتی در این درگاه نیست.");
        }
        if (!offered(id)) {
            throw new GatewayProblem(404, "gateway.unknown_service", "چنین خدمتی در این درگاه نیست.");
        }
        return desk.card(id);
    }

    static String limit(String v) {
        return v == null ? "" : checkLength(v);
    }

    /**
     * The one input limit of the gateway's forms and API: a field is a postal code, a date or an id.
     *
     * @param v a field, or {@code null}
     * @return it, unchanged
     * @throws GatewayProblem {@code 413 gateway.field_too_long} beyond 64 characters
     */
    static String checkLength(String v) {
        if (v != null && v.length() > MAX_FIELD) {
            throw new GatewayProblem(413, "gateway.field_too_long", "مقدار واردشده بیش از اندازه بلند است.");
        }
        return v;
    }
}
