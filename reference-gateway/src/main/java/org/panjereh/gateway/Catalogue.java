package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.panjereh.core.Channel;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.core.PlatformException;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;

/**
 * The public service catalogue (contract section 3, ضوابط فنی ماده ۹ تبصره ۱): every card of the agency, with every
 * item a citizen needs, on pages anyone can read without logging in, and schema.org {@code GovernmentService}
 * JSON-LD for search engines and the national catalogue.
 */
@Path("/services")
@Produces("text/html; charset=utf-8")
public class Catalogue {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Inject
    Platform platform;
    @Inject
    Forms forms;
    @Inject
    Violations violations;

    /**
     * @param ctx the request
     * @return every service of the agency, with who may apply, fees and duration
     */
    @GET
    public Response list(@Context ContainerRequestContext ctx) {
        StringBuilder b = new StringBuilder("<h1>فهرست خدمات الکترونیکی</h1>");
        List<ServiceCard> cards;
        try {
            cards = platform.registry().cards(platform.agencyId());
        } catch (PanjerehException e) {
            b.append(Html.alert(ErrorPages.shownWithId(503, "gateway.catalogue_unavailable", "/services", e.persianMessage(), e)));
            return Response.status(503).entity(Html.page("فهرست خدمات", Visitor.citizen(ctx).isPresent(), b.toString())).build();
        }
        b.append("<table><caption>خدمات این دستگاه و شرایط دریافت آن‌ها</caption><thead><tr><th scope=\"col\">خدمت</th>"
                + "<th scope=\"col\">چه کسانی</th><th scope=\"col\">هزینه</th><th scope=\"col\">مدت انجام</th>"
                + "<th scope=\"col\">حضور لازم است؟</th></tr></thead><tbody>");
        for (ServiceCard c : cards) {
            b.append("<tr><th scope=\"row\"><a href=\"/services/").append(c.serviceId().value()).append("\">")
                    .append(Html.esc(c.title())).append("</a></th><td>").append(Html.esc(c.eligibleInPersian())).append("</td><td>")
                    .append(Html.esc(totalFees(c))).append("</td><td>").append(Html.esc(days(c.expectedDurationDays())))
                    .append("</td><td>").append(c.inPersonReasons().isEmpty() ? "خیر" : "بله").append("</td></tr>");
        }
        b.append("</tbody></table>");
        return Response.ok(Html.page("فهرست خدمات", Visitor.citizen(ctx).isPresent(), b.toString()))
                .header("Cache-Control", "public, max-age=300").build();
    }

    /**
     * @param ctx the request
     * @param id  the service id, Persian or ASCII digits
     * @return the service's whole public card
     */
    @GET
    @Path("{serviceId}")
    public Response card(@Context ContainerRequestContext ctx, @PathParam("serviceId") String id) {
        boolean signedIn = Visitor.citizen(ctx).isPresent();
        if (!signedIn && violations.has("card-hidden")) {
            return Response.seeOther(java.net.URI.create("/my")).build();
        }
        ServiceCard c;
        try {
            ServiceId serviceId = ServiceId.of(Forms.limit(id));
            c = platform.registry().card(serviceId);
        } catch (InvalidIdentifierException e) {
            return notFound(signedIn);
        } catch (PlatformException e) {
            if (e.statusCode() == 404) {
                return notFound(signedIn);
            }
            return unavailable(signedIn, e);
        } catch (PanjerehException e) {
            return unavailable(signedIn, e);
        }
        if (!c.agencyId().equals(platform.agencyId())) {
            return notFound(signedIn);
        }
        return Response.ok(Html.page(c.title(), signedIn, details(c))).header("Cache-Control", "public, max-age=300").build();
    }

    private String details(ServiceCard c) {
        StringBuilder b = new StringBuilder("<article><h1>").append(Html.esc(c.title())).append("</h1>");
        if (c.description() != null) {
            b.append("<p>").append(Html.esc(c.description())).append("</p>");
        }
        if (c.reviewOverdue()) {
            b.append(Html.alert("شناسنامهٔ این خدمت در حال بازبینی است."));
        }
        b.append("<dl>");
        item(b, "شناسه خدمت", PersianText.toPersianDigits(c.serviceId().value()));
        item(b, "چه کسانی می‌توانند درخواست دهند", c.eligibleInPersian());
        item(b, "مبنای قانونی", c.legalBasis());
        item(b, "مجراهای ارائه", channels(c.channels()));
        item(b, "مدت انجام", days(c.expectedDurationDays()));
        item(b, "سطح اطمینان ورود", "سطح " + PersianText.toPersianDigits(c.authLevel().acr()
                .substring(c.authLevel().acr().lastIndexOf(':') + 1)));
        if (c.maturity() != null) {
            item(b, "سطح بلوغ خدمت", PersianText.toPersianDigits(Integer.toString(c.maturity())) + " از ۵"
                    + (c.smartCriteria() != null ? " — " + c.smartCriteria() : ""));
        }
        if (c.evaluation() != null) {
            item(b, "نظرسنجی", "پس از تحویل خدمت، پرسش‌نامهٔ رضایت به شما نشان داده می‌شود.");
        }
        if (c.validUntil() != null) {
            item(b, "اعتبار شناسنامه تا", JalaliDate.of(c.validUntil()).toPersianString());
        }
        b.append("</dl>");
        b.append("<h2>هزینه‌ها</h2>");
        if (c.fees().isEmpty()) {
            b.append("<p>این خدمت هزینه ندارد.</p>");
        } else {
            b.append("<table><caption>هزینه‌های خدمت و مجوز قانونی دریافت آن‌ها</caption><thead><tr><th scope=\"col\">هزینه</th>"
                    + "<th scope=\"col\">مبلغ</th><th scope=\"col\">مجوز دریافت</th></tr></thead><tbody>");
            for (ServiceCard.Fee f : c.fees()) {
                b.append("<tr><th scope=\"row\">").append(Html.esc(f.title())).append("</th><td>")
                        .append(Html.esc(Rial.of(f.amountRial()).toPersianString())).append("</td><td>")
                        .append(Html.esc(f.legalBasis() == null ? "—" : f.legalBasis())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h2>اطلاعاتی که لازم است</h2>");
        List<ServiceCard.DataField> typed = c.requiredData().stream().filter(ServiceCard.DataField::fromApplicant).toList();
        List<ServiceCard.DataField> fetched = c.requiredData().stream().filter(f -> f.inquiry().isPresent()).toList();
        b.append("<p>آنچه شما وارد می‌کنید:</p><ul>");
        typed.forEach(f -> b.append("<li>").append(Html.esc(f.title())).append(f.required() ? "" : " (در صورت نیاز)")
                .append(f.justification() != null ? " — " + Html.esc(f.justification()) : "").append("</li>"));
        if (typed.isEmpty()) {
            b.append("<li>هیچ</li>");
        }
        b.append("</ul><p>آنچه دستگاه خود از دستگاه‌های دیگر استعلام می‌کند و از شما نمی‌خواهد:</p><ul>");
        fetched.forEach(f -> b.append("<li>").append(Html.esc(f.title())).append("</li>"));
        if (fetched.isEmpty()) {
            b.append("<li>هیچ</li>");
        }
        b.append("</ul><h2>مراجعهٔ حضوری</h2>");
        if (c.inPersonReasons().isEmpty()) {
            b.append("<p>برای این خدمت نیازی به مراجعهٔ حضوری نیست.</p>");
        } else {
            b.append("<ul>");
            c.inPersonReasons().forEach(r -> b.append("<li>").append(Html.esc(r)).append("</li>"));
            b.append("</ul>");
        }
        b.append("<h2>مراحل</h2><ol>");
        c.steps().forEach(s -> b.append("<li>").append(Html.esc(s.title())).append("</li>"));
        b.append("</ol>");
        if (forms.offered(c.serviceId())) {
            b.append("<p><a href=\"/apply/").append(c.serviceId().value()).append("\">درخواست این خدمت (با ورود از پنجره ملی)</a></p>");
        }
        b.append("</article><script type=\"application/ld+json\">").append(jsonLd(c)).append("</script>");
        return b.toString();
    }

    /** schema.org GovernmentService; {@code <} is escaped so the JSON cannot close the script element. */
    private String jsonLd(ServiceCard c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@context", "https://schema.org");
        m.put("@type", "GovernmentService");
        m.put("identifier", c.serviceId().value());
        m.put("name", c.title());
        if (c.description() != null) {
            m.put("description", c.description());
        }
        m.put("serviceType", c.title());
        m.put("provider", Map.of("@type", "GovernmentOrganization", "identifier", c.agencyId()));
        m.put("url", platform.base() + "/services/" + c.serviceId().value());
        m.put("areaServed", Map.of("@type", "Country", "name", "Iran"));
        List<Object> channels = new ArrayList<>();
        for (Channel ch : c.channels()) {
            channels.add(Map.of("@type", "ServiceChannel", "name", channel(ch)));
        }
        m.put("availableChannel", channels);
        m.put("audience", Map.of("@type", "Audience", "audienceType", c.eligibleInPersian()));
        try {
            return JSON.writeValueAsString(m).replace("<", "\\u003c");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A card's JSON-LD cannot be written", e);
        }
    }

    private static void item(StringBuilder b, String term, String value) {
        b.append("<dt>").append(Html.esc(term)).append("</dt><dd>").append(Html.esc(value)).append("</dd>");
    }

    private static String totalFees(ServiceCard c) {
        long sum = c.fees().stream().mapToLong(ServiceCard.Fee::amountRial).sum();
        return sum == 0 ? "رایگان" : Rial.of(sum).toPersianString();
    }

    private static String days(int n) {
        return PersianText.toPersianDigits(Integer.toString(n)) + " روز کاری";
    }

    private static String channels(List<Channel> list) {
        List<String> out = new ArrayList<>();
        list.forEach(ch -> out.add(channel(ch)));
        return String.join("، ", out);
    }

    private static String channel(Channel ch) {
        return switch (ch) {
            case WEB -> "درگاه اینترنتی";
            case MOBILE -> "تلفن همراه";
            case COUNTER -> "باجهٔ حضوری";
            case CALL_CENTER -> "مرکز تماس";
        };
    }

    private Response notFound(boolean signedIn) {
        return Response.status(404).entity(Html.page("خدمت یافت نشد", signedIn,
                Html.alert(ErrorPages.shownWithId(404, "gateway.service_unknown", "/services", "این خدمت در فهرست خدمات این دستگاه نیست.", null))
                        + "<p><a href=\"/services\">فهرست خدمات</a></p>")).build();
    }

    private Response unavailable(boolean signedIn, PanjerehException e) {
        return Response.status(503).entity(Html.page("فهرست خدمات", signedIn,
                Html.alert(ErrorPages.shownWithId(503, "gateway.catalogue_unavailable", "/services", e.persianMessage(), e)))).build();
    }
}
