package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    /**
     * @param desk   the counter
     * @param offered the services with a form here
     */
    @Inject
    public Forms(Desk desk, @ConfigProperty(name = "gateway.forms") List<String> offered) {
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
        return page(ctx, serviceOf(sid), "", "", UUID.randomUUID().toString(), null);
    }

    /**
     * @param ctx        the request
     * @param sid        the service id
     * @param csrf       the session's CSRF token
     * @param submission the form's one-time key
     * @param postalCode the postal code as typed
     * @param birthDate  the Jalali birth date as typed, when asked
     * @return a redirect to the new request, or the form again with a Persian message
     */
    @POST
    @Path("{sid}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response apply(@Context ContainerRequestContext ctx, @PathParam("sid") String sid, @FormParam("csrf") String csrf,
                          @FormParam("submission") String submission, @FormParam("postalCode") String postalCode,
                          @FormParam("birthDate") String birthDate) {
        Visitor.checkCsrf(ctx, csrf);
        ServiceCard card = serviceOf(sid);
        String postal = limit(postalCode);
        String birth = limit(birthDate);
        UUID key;
        try {
            key = UUID.fromString(submission == null ? "" : submission);
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(400, "gateway.form", "فرم ناقص فرستاده شد. صفحه را دوباره باز کنید.");
        }
        try {
            CitizenRequest r = desk.apply(Visitor.required(ctx), card.serviceId(), org.panjereh.core.Channel.WEB, postal, birth, key);
            return Response.seeOther(URI.create("/my/requests/" + r.trackingId().value())).build();
        } catch (GatewayProblem e) {
            String shown = ErrorPages.shownWithId(e.status(), e.code(), "/apply/" + card.serviceId().value(), e.persian(), null);
            return Response.status(e.status()).entity(page(ctx, card, postal, birth, key.toString(), shown)).build();
        } catch (PanjerehException e) {
            int status = e.isRetryable() ? 503 : 422;
            String shown = ErrorPages.shownWithId(status, "gateway.apply_failed", "/apply/" + card.serviceId().value(),
                    e.persianMessage(), e);
            return Response.status(status).entity(page(ctx, card, postal, birth, key.toString(), shown)).build();
        }
    }

    private String page(ContainerRequestContext ctx, ServiceCard card, String postal, String birth, String key, String error) {
        Citizen c = Visitor.required(ctx);
        StringBuilder b = new StringBuilder("<h1>درخواست ").append(Html.esc(card.title())).append("</h1>");
        if (error != null) {
            b.append(Html.alert(error));
        }
        b.append("<p>مبنای قانونی: ").append(Html.esc(card.legalBasis())).append("؛ زمان رسیدگی: ")
                .append(PersianText.toPersianDigits(Integer.toString(card.expectedDurationDays()))).append(" روز.</p>");
        for (ServiceCard.Fee f : card.fees()) {
            b.append("<p>").append(Html.esc(f.title())).append(": ")
                    .append(PersianText.toPersianDigits(String.format("%,d", f.amountRial()))).append(" ریال</p>");
        }
        b.append("<p>مشخصات هویتی شما از ثبت احوال و نشانی از شرکت ملی پست، از راه مرکز ملی تبادل اطلاعات استعلام می‌شود؛ ")
                .append("بارگذاری مدرک لازم نیست.</p><form method=\"post\" action=\"/apply/").append(card.serviceId().value())
                .append("\">").append(Html.csrfField(Visitor.csrf(ctx)))
                .append("<input type=\"hidden\" name=\"submission\" value=\"").append(Html.esc(key)).append("\">")
                .append("<label for=\"postalCode\">کد پستی ده‌رقمی محل اقامت</label><input type=\"text\" id=\"postalCode\" "
                        + "name=\"postalCode\" inputmode=\"numeric\" maxlength=\"12\" required autocomplete=\"postal-code\" value=\"")
                .append(Html.esc(postal)).append("\">");
        if (c.birthDate() == null) {
            b.append("<label for=\"birthDate\">تاریخ تولد (مانند ۱۳۷۰/۰۲/۲۲)</label><input type=\"text\" id=\"birthDate\" "
                    + "name=\"birthDate\" inputmode=\"numeric\" maxlength=\"10\" required value=\"").append(Html.esc(birth)).append("\">");
        }
        b.append("<button type=\"submit\">ثبت درخواست</button></form>");
        return Html.page("درخواست خدمت", true, b.toString());
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
