package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.TrackingId;
import org.panjereh.events.EventType;

/**
 * The public tracking page (ضوابط فنی، ماده ۱۳): anyone holding a tracking id sees the service, the status
 * and the timeline, and nothing about the applicant.
 */
@Path("/track")
@Produces("text/html; charset=utf-8")
public class TrackingPage {

    @Inject
    Requests requests;
    @Inject
    Desk desk;

    /**
     * @param ctx the request
     * @param id  the tracking id as typed (spaces, Persian or Arabic digits allowed), or nothing for the form
     * @return the form, and the timeline when the id is known
     */
    @GET
    public Response track(@Context ContainerRequestContext ctx, @QueryParam("id") String id) {
        StringBuilder b = new StringBuilder("<h1>پیگیری درخواست</h1><form method=\"get\" action=\"/track\">"
                + "<label for=\"id\">شناسه پیگیری بیست‌رقمی</label><input type=\"text\" id=\"id\" name=\"id\" inputmode=\"numeric\" "
                + "maxlength=\"40\" required value=\"").append(Html.esc(id == null || id.length() > 40 ? "" : id))
                .append("\"><button type=\"submit\">پیگیری</button></form>");
        int status = 200;
        if (id != null && !id.isBlank()) {
            Optional<TrackingId> t = parse(id);
            Optional<CitizenRequest> r = t.flatMap(requests::find);
            if (t.isEmpty()) {
                status = 400;
                b.append(Html.alert("شناسه پیگیری باید بیست رقم با رقم‌های کنترلی درست باشد."));
            } else if (r.isEmpty()) {
                status = 404;
                b.append(Html.alert("درخواستی با این شناسه پیگیری در این دستگاه ثبت نشده است."));
            } else {
                b.append("<h2>").append(Html.esc(desk.title(r.get()))).append("</h2><p>شناسه پیگیری: <span class=\"tracking\">")
                        .append(r.get().trackingId().toPersianDisplay()).append("</span></p><p>وضعیت: <strong>")
                        .append(r.get().status().persian()).append("</strong></p>")
                        .append(timeline(desk, r.get(), requests.timeline(r.get().trackingId())));
            }
        }
        return Response.status(status).entity(Html.page("پیگیری درخواست", Visitor.citizen(ctx).isPresent(), b.toString()))
                .build();
    }

    /**
     * @param raw a tracking id as a person typed it
     * @return the id, if it is one
     */
    static Optional<TrackingId> parse(String raw) {
        if (raw == null || raw.length() > 40) {
            return Optional.empty();
        }
        String digits = PersianText.toAsciiDigits(raw).replaceAll("[\\s\\u200c-]", "");
        return TrackingId.isValid(digits) ? Optional.of(TrackingId.of(digits)) : Optional.empty();
    }

    /**
     * @param desk     the counter (for step titles)
     * @param r        the request
     * @param timeline its entries
     * @return the timeline as an ordered list, Jalali dates in Persian digits
     */
    static String timeline(Desk desk, CitizenRequest r, List<TimelineEntry> timeline) {
        ServiceCard card = null;
        try {
            card = desk.card(r.serviceId());
        } catch (PanjerehException | GatewayProblem e) {
            // titles fall back to codes
        }
        StringBuilder b = new StringBuilder("<ol class=\"timeline\">");
        for (TimelineEntry e : timeline) {
            b.append("<li><strong>").append(Html.esc(label(card, e))).append("</strong> — ").append(Html.when(e.at())).append("</li>");
        }
        return b.append("</ol>").toString();
    }

    private static String label(ServiceCard card, TimelineEntry e) {
        if (e.type() == EventType.STEP) {
            String step = e.step();
            return "مرحله: " + (card == null ? step : card.step(step).map(ServiceCard.Step::title).orElse(step));
        }
        return switch (e.type()) {
            case STARTED -> "ثبت درخواست";
            case DELIVERED -> "تحویل خدمت";
            case REJECTED -> "رد درخواست";
            default -> "لغو درخواست";
        };
    }
}
