package org.panjereh.gateway;

import jakarta.inject.Inject;
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
import java.util.logging.Logger;
import org.panjereh.core.NationalCode;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.TrackingId;
import org.panjereh.sso.Citizen;

/**
 * The staff console. Staff log in through the national SSO like everyone else; the staff role comes from
 * configuration ({@code gateway.staff}: national codes), never from a local account.
 */
@Path("/staff")
@Produces("text/html; charset=utf-8")
public class StaffConsole {

    private static final Logger LOG = Logger.getLogger(StaffConsole.class.getName());

    @Inject
    Desk desk;
    @Inject
    Requests requests;
    @Inject
    Fees fees;
    @Inject
    Documents documents;
    @Inject
    PermitExchange permits;
    @Inject
    Platform platform;
    private final Set<String> staff = Set.copyOf(GatewaySettings.current().staff());

    /**
     * @param ctx the request
     * @return the open requests with what can be done to each
     */
    @GET
    public String console(@Context ContainerRequestContext ctx) {
        staffMember(ctx);
        StringBuilder b = new StringBuilder("<h1>میز کار کارشناس</h1>").append(cardsDue());
        List<CitizenRequest> open = requests.open(200);
        if (open.isEmpty()) {
            b.append("<p>درخواست بازی نیست.</p>");
        }
        for (CitizenRequest r : open) {
            ServiceCard card = desk.card(r.serviceId());
            String base = "/staff/requests/" + r.trackingId().value() + "/";
            b.append("<section class=\"request\"><h2>").append(Html.esc(card.title())).append(" — <span class=\"tracking\">")
                    .append(r.trackingId().toPersianDisplay()).append("</span></h2><p>").append(Html.esc(r.applicantName()))
                    .append("، ").append(Html.esc(r.address())).append("</p><p>وضعیت: ").append(r.status().persian())
                    .append(r.step() == null ? "" : "، مرحله: " + Html.esc(card.step(r.step()).map(ServiceCard.Step::title).orElse(r.step())))
                    .append("</p>");
            if (!card.fees().isEmpty()) {
                org.panjereh.core.Rial due = fees.outstanding(card, r.trackingId());
                b.append("<p>پرداخت: ").append(due.isZero() ? "<span class=\"ok\">پرداخت و تأیید شده</span>"
                        : Html.esc(due.toPersianString()) + " پرداخت نشده — تحویل پس از تأیید پرداخت").append("</p>");
                for (String line : fees.describe(r.trackingId())) {
                    b.append("<p><small>").append(Html.esc(line)).append("</small></p>");
                }
            }
            Desk.nextStep(card, r).ifPresent(s -> b.append(action(ctx, base + "advance", r, "ارجاع به مرحله «" + s.title() + "»", "")));
            b.append(action(ctx, base + "deliver", r, "تحویل خدمت", "")).append(action(ctx, base + "reject", r, "رد درخواست", "danger"))
                    .append("</section>");
        }
        b.append("<section aria-labelledby=\"revoke\"><h2 id=\"revoke\">ابطال سند صادرشده</h2>")
                .append("<form method=\"post\" action=\"/staff/documents/revoke\">").append(Html.csrfField(Visitor.csrf(ctx)))
                .append("<label for=\"revoke-code\">کد تصدیق سند</label><input type=\"text\" id=\"revoke-code\" name=\"code\" "
                        + "maxlength=\"24\" required dir=\"ltr\" autocomplete=\"off\">")
                .append("<label for=\"revoke-reason\">دلیل ابطال</label><input type=\"text\" id=\"revoke-reason\" name=\"reason\" "
                        + "maxlength=\"200\" required>")
                .append("<button type=\"submit\" class=\"danger\">ابطال سند</button></form></section>");
        b.append("<p><a href=\"/staff/feedback\">نظرهای شهروندان و پاسخ دستگاه</a> · <a href=\"/staff/reports\">گزارش عملکرد "
                + "ماهانه</a> · <a href=\"/staff/complaints\">پرسش‌ها و شکایت‌ها</a></p>");
        b.append(providerTraffic());
        return Html.page("میز کار کارشناس", true, b.toString());
    }

    /** Cards whose yearly review falls within 30 days, or has passed (ضوابط فنی، ماده ۹ تبصره ۱). */
    private String cardsDue() {
        StringBuilder b = new StringBuilder();
        try {
            reviewReminders(platform.registry().cards(platform.agencyId()), java.time.Instant.now())
                    .forEach(r -> b.append(Html.alert(r)));
        } catch (org.panjereh.core.PanjerehException e) {
            // The console works without the registry; the review reminder waits for it.
        }
        return b.toString();
    }

    /**
     * @param cards the agency's cards
     * @param now   the moment the console is read
     * @return a Persian reminder for each card whose {@code validUntil} is within 30 days of {@code now} or past
     */
    static java.util.List<String> reviewReminders(java.util.List<ServiceCard> cards, java.time.Instant now) {
        java.time.Instant soon = now.plus(java.time.Duration.ofDays(30));
        java.util.List<String> out = new java.util.ArrayList<>();
        for (ServiceCard c : cards) {
            if (c.validUntil() != null && c.validUntil().isBefore(soon)) {
                boolean passed = c.reviewOverdue() || !c.validUntil().isAfter(now);
                out.add("شناسنامهٔ «" + c.title() + "» تا " + org.panjereh.core.JalaliDate.of(c.validUntil()).toPersianString()
                        + " باید بازبینی و دوباره تأیید شود" + (passed ? "؛ مهلت آن گذشته است." : "."));
            }
        }
        return out;
    }

    /** Calls of other agencies in the last 30 days, per consumer: counts only, never content. */
    private String providerTraffic() {
        java.time.Instant now = java.time.Instant.now();
        var counts = permits.audit().countsByConsumer(now.minus(java.time.Duration.ofDays(30)), now.plusSeconds(1));
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"exchange\"><h2 id=\"exchange\">استعلام دستگاه‌های دیگر "
                + "از این دستگاه (۳۰ روز گذشته)</h2>");
        if (counts.isEmpty()) {
            return b.append("<p>استعلامی نرسیده است.</p></section>").toString();
        }
        b.append("<table><caption>تعداد استعلام‌ها به تفکیک دستگاه درخواست‌کننده</caption><thead><tr><th scope=\"col\">دستگاه</th>"
                + "<th scope=\"col\">پاسخ داده‌شده</th><th scope=\"col\">یافت نشد</th><th scope=\"col\">ردشده</th></tr></thead><tbody>");
        counts.forEach((agency, c) -> b.append("<tr><th scope=\"row\">")
                .append(agency.equals("?") ? "ناشناس" : Html.esc(org.panjereh.core.PersianText.toPersianDigits(agency)))
                .append("</th><td>").append(org.panjereh.core.PersianText.toPersianDigits(Long.toString(c.answered())))
                .append("</td><td>").append(org.panjereh.core.PersianText.toPersianDigits(Long.toString(c.notFound())))
                .append("</td><td>").append(org.panjereh.core.PersianText.toPersianDigits(Long.toString(c.refused())))
                .append("</td></tr>"));
        return b.append("</tbody></table></section>").toString();
    }

    /**
     * @param ctx     the request
     * @param id      the tracking id
     * @param action  advance, deliver or reject
     * @param csrf    the session's CSRF token
     * @param version the version the staff member saw
     * @return back to the console
     */
    @POST
    @Path("requests/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@Context ContainerRequestContext ctx, @PathParam("id") String id, @PathParam("action") String action,
                        @FormParam("csrf") String csrf, @FormParam("version") String version) {
        staffMember(ctx);
        Visitor.checkCsrf(ctx, csrf);
        TrackingId t = TrackingPage.parse(id).orElseThrow(() -> new GatewayProblem(404, "gateway.unknown_request",
                "درخواستی با این شناسه پیگیری در این دستگاه نیست."));
        int seen;
        try {
            seen = Integer.parseInt(version == null ? "" : version);
        } catch (NumberFormatException e) {
            throw new GatewayProblem(400, "gateway.form", "فرم ناقص فرستاده شد. صفحه را دوباره باز کنید.");
        }
        switch (action) {
            case "advance" -> desk.advance(t, seen);
            case "deliver" -> desk.deliver(t, seen);
            case "reject" -> desk.reject(t, seen);
            default -> throw new GatewayProblem(404, "gateway.unknown_action", "چنین کاری در میز کار نیست.");
        }
        LOG.info(() -> "Staff " + action + " on request " + t.value());
        return Response.seeOther(URI.create("/staff")).build();
    }

    /**
     * @param ctx    the request
     * @param csrf   the session's CSRF token
     * @param code   the document's code
     * @param reason why it is revoked
     * @return back to the staff console
     */
    @POST
    @Path("documents/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@Context ContainerRequestContext ctx, @FormParam("csrf") String csrf, @FormParam("code") String code,
                           @FormParam("reason") String reason) {
        staffMember(ctx);
        Visitor.checkCsrf(ctx, csrf);
        org.panjereh.documents.VerificationCode vc = DocumentPages.parse(Forms.checkLength(code));
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw new GatewayProblem(422, "gateway.revocation_reason", "دلیل ابطال را (حداکثر ۲۰۰ نویسه) بنویسید.");
        }
        if (!documents.registry().revoke(vc, reason.strip(), java.time.Instant.now())) {
            throw DocumentPages.refused(409, "gateway.not_revocable", "سندی معتبر با این کد نیست (پیش‌تر باطل شده یا صادر نشده است).",
                    "revoke of " + vc.value() + " refused");
        }
        LOG.info(() -> "Document " + vc.value() + " revoked by staff");
        return Response.seeOther(URI.create("/verify/" + vc.value())).build();
    }

    private String action(ContainerRequestContext ctx, String path, CitizenRequest r, String label, String cls) {
        return "<form class=\"inline\" method=\"post\" action=\"" + Html.esc(path) + "\">" + Html.csrfField(Visitor.csrf(ctx))
                + "<input type=\"hidden\" name=\"version\" value=\"" + r.version() + "\"><button type=\"submit\""
                + (cls.isEmpty() ? "" : " class=\"" + cls + "\"") + ">" + Html.esc(label) + "</button></form> ";
    }

    Citizen staffMember(ContainerRequestContext ctx) {
        Citizen c = Visitor.required(ctx);
        Set<String> codes = staff;
        if (c.nationalCodeIfAny().map(NationalCode::value).filter(codes::contains).isEmpty()) {
            throw new GatewayProblem(403, "gateway.not_staff", "شما در فهرست کارشناسان این دستگاه نیستید.");
        }
        return c;
    }
}
