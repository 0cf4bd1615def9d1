package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.core.ServiceCard;
import org.panjereh.sso.Citizen;

/** The citizen's pages: the catalogue, their desk and each of their requests. */
@Path("/")
@Produces("text/html; charset=utf-8")
public class Pages {

    @Inject
    Platform platform;
    @Inject
    Requests requests;
    @Inject
    Desk desk;
    @Inject
    Forms forms;
    @Inject
    Violations violations;
    @Inject
    Fees fees;
    @Inject
    Documents documents;
    @Inject
    Agency agency;

    /**
     * @param ctx the request
     * @return the service catalogue, from the agency's service cards
     */
    @GET
    public String catalogue(@Context ContainerRequestContext ctx) {
        StringBuilder b = new StringBuilder("<h1>پنجره واحد دستگاه</h1><p>خدمات الکترونیکی این دستگاه:</p><ul class=\"cards\">");
        try {
            for (ServiceCard c : platform.registry().cards(platform.agencyId())) {
                b.append("<li><a href=\"/services/").append(c.serviceId().value()).append("\"><strong>").append(Html.esc(c.title()))
                        .append("</strong></a> <small>(شناسه خدمت ")
                        .append(Html.esc(PersianText.toPersianDigits(c.serviceId().value()))).append("، سطح اطمینان ")
                        .append(PersianText.toPersianDigits(c.authLevel().acr().substring(c.authLevel().acr().lastIndexOf(':') + 1))).append(")</small>");
                if (forms.offered(c.serviceId())) {
                    b.append(" — <a href=\"/apply/").append(c.serviceId().value()).append("\">درخواست خدمت</a>");
                }
                b.append("</li>");
            }
        } catch (PanjerehException e) {
            b.append("<li>").append(Html.alert(ErrorPages.shownWithId(503, "gateway.catalogue_unavailable", "/",
                    e.persianMessage(), e))).append("</li>");
        }
        b.append("</ul><p><a href=\"/my\">ورود با پنجره ملی و پیشخوان من</a> · <a href=\"/track\">پیگیری درخواست با شناسه پیگیری</a></p>");
        if (violations.has("signup")) {
            b.append("<p><a href=\"/register\">ثبت‌نام در درگاه</a></p>");
        }
        return Html.page("خدمات", Visitor.citizen(ctx).isPresent(), b.toString());
    }

    /** The person's identifier as a page may show it: its kind and the last two digits only (Persian digits). */
    static String maskedIdentifier(org.panjereh.core.PartyIdentifier p) {
        String v = p.value();
        String label = p instanceof org.panjereh.core.FidaCode ? "کد فراگیر اتباع" : "کد ملی";
        // Left to right inside the Persian line, as the number is written: the hidden digits first, the last two at its end.
        return label + " <bdi dir=\"ltr\">" + org.panjereh.core.PersianText.toPersianDigits("*".repeat(v.length() - 2)
                + v.substring(v.length() - 2)) + "</bdi>";
    }

    /**
     * @param ctx the request, carrying the citizen the login guard found
     * @return the citizen's desk: profile link and their requests
     */
    @GET
    @Path("my")
    public String my(@Context ContainerRequestContext ctx) {
        Citizen c = Visitor.required(ctx);
        String account = platform.login().accountUrl().map(URI::toString).orElse(platform.login().issuer().toString());
        StringBuilder b = new StringBuilder("<h1>پیشخوان من</h1><p>").append(Html.esc(c.displayName()));
        if (c.nationalCode() != null || c.fidaCode() != null) { // a login releasing neither shows the name alone
            b.append(" — ").append(maskedIdentifier(c.person()));
        }
        b.append("</p>");
        if (!violations.has("no-account-link")) {
            b.append("<p><a href=\"").append(Html.esc(account)).append("\">انتقال به پنجره ملی</a>")
                    .append(" (ویرایش نمایه در پنجره ملی؛ این درگاه ثبت‌نام جداگانه ندارد)</p>");
        }
        b.append("<p><a href=\"/my/complaints\">پرسش، انتقاد، پیشنهاد و شکایت</a></p><h2>درخواست‌های من</h2>");
        Desk.Visible visible = desk.visibleTo(c, 100);
        List<CitizenRequest> mine = visible.requests();
        if (visible.companyUnavailable()) {
            b.append("<p role=\"status\">درخواست‌های شرکت اکنون نشان داده نمی‌شود: سازمان ثبت در دسترس نیست. دقایقی بعد دوباره "
                    + "ببینید.</p>");
        }
        if (mine.isEmpty()) {
            b.append("<p>هنوز درخواستی ثبت نکرده‌اید. <a href=\"/\">فهرست خدمات</a></p>");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">خدمت</th><th scope=\"col\">شناسه پیگیری</th><th scope=\"col\">وضعیت</th>"
                    + "<th scope=\"col\">تاریخ ثبت</th></tr></thead><tbody>");
            for (CitizenRequest r : mine) {
                b.append("<tr><td>").append(Html.esc(desk.title(r))).append("</td><td><a class=\"tracking\" href=\"/my/requests/")
                        .append(r.trackingId().value()).append("\">").append(r.trackingId().toPersianDisplay())
                        .append("</a></td><td>").append(r.status().persian());
                if (r.status() == CitizenRequest.Status.DELIVERED && r.surveyTicket() != null && !violations.has("no-survey")) {
                    b.append(" — <a href=\"").append(surveyLink(r)).append("\">نظرسنجی</a>");
                }
                b.append("</td><td>").append(Html.when(r.createdAt())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return Html.page("پیشخوان من", true, b.toString());
    }

    /**
     * @param ctx the request
     * @param id  the tracking id
     * @return one of the citizen's requests: timeline, the delivered document and the survey
     */
    @GET
    @Path("my/requests/{id}")
    public jakarta.ws.rs.core.Response request(@Context ContainerRequestContext ctx, @PathParam("id") String id) {
        Citizen c = Visitor.required(ctx);
        CitizenRequest r = desk.visibleTo(c, id);
        StringBuilder b = new StringBuilder("<h1>").append(Html.esc(desk.title(r))).append("</h1><p>شناسه پیگیری: <span class=\"tracking\">")
                .append(r.trackingId().toPersianDisplay()).append("</span> (در پنجره ملی، پیامک و مرکز تماس هم پیگیری می‌شود)</p>")
                .append("<p>وضعیت: <strong>").append(r.status().persian()).append("</strong></p>")
                .append("<p>متقاضی (از ثبت احوال): ").append(Html.esc(r.applicantName())).append("</p>")
                .append("<p>نشانی (از شرکت ملی پست): ").append(Html.esc(r.address())).append("</p>");
        if (r.status() == CitizenRequest.Status.DELIVERED) {
            b.append("<section aria-labelledby=\"doc\"><h2 id=\"doc\">سند تحویلی</h2><p class=\"ok\">").append(Html.esc(desk.title(r)))
                    .append(" برای ").append(Html.esc(r.applicantName())).append(" صادر شد. این سند به کارپوشه شما در پنجره ملی هم فرستاده شد.</p>");
            documents.registry().latestFor(r.trackingId()).ifPresent(d -> b.append("<p><a href=\"/my/requests/")
                    .append(r.trackingId().value()).append("/document\">دریافت سند امضاشده (PDF)</a> — کد تصدیق <code>")
                    .append(Html.esc(d.code().display())).append("</code> — <a href=\"/verify/").append(d.code().value())
                    .append("\">صفحه تصدیق سند</a>").append(d.status() == org.panjereh.documents.DocumentRegistry.Status.REVOKED
                            ? " <strong>(باطل‌شده)</strong>" : "").append("</p>"));
            b.append("</section>");
            var answered = agency.surveyArchive().forRequest(r.trackingId());
            if (answered.isPresent() && answered.get().replied()) {
                b.append("<section aria-labelledby=\"reply\"><h2 id=\"reply\">پاسخ دستگاه به نظر شما</h2><p>")
                        .append(Html.esc(StaffFeedback.ACTIONS.getOrDefault(answered.get().replyAction(), ""))).append(": ")
                        .append(Html.esc(answered.get().replyText())).append("</p></section>");
            } else if (answered.isPresent()) {
                b.append("<p>نظر شما ثبت شد؛ پاسخ دستگاه در همین صفحه و کارپوشه شما نشان داده می‌شود.</p>");
            } else if (r.surveyTicket() != null && !violations.has("no-survey")) {
                b.append("<p><a href=\"").append(surveyLink(r)).append("\">نظر شما درباره این خدمت (نظرسنجی)</a></p>");
            }
        }
        ServiceCard card = desk.card(r.serviceId());
        if (!card.fees().isEmpty()) {
            b.append(payment(ctx, card, r));
        }
        b.append("<h2>روند رسیدگی</h2>").append(TrackingPage.timeline(desk, r, requests.timeline(r.trackingId())));
        // The pay form's answer redirects to the national payment page: browsers hold that redirect to form-action.
        String csp = SecurityHeaders.CSP.replace("form-action 'self'", "form-action 'self' " + paymentOrigin());
        return jakarta.ws.rs.core.Response.ok(Html.page("درخواست من", true, b.toString()))
                .header("Content-Security-Policy", csp).build();
    }

    /** The fee, what was paid, and the ways to pay: online, or a receipt paid at a bank. */
    private String payment(ContainerRequestContext ctx, ServiceCard card, CitizenRequest r) {
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"fee\"><h2 id=\"fee\">هزینه خدمت</h2>");
        for (String line : fees.describe(r.trackingId())) {
            b.append("<p>").append(Html.esc(line)).append("</p>");
        }
        for (ServiceCard.Fee f : card.fees()) {
            org.panjereh.core.Rial amount = org.panjereh.core.Rial.of(f.amountRial());
            boolean paid = fees.payments().isPaid(r.trackingId(), f);
            b.append("<p>").append(Html.esc(f.title())).append(": <strong>").append(Html.esc(amount.toPersianString()))
                    .append("</strong> — ").append(paid ? "<span class=\"ok\">پرداخت و تأیید شده</span>" : "پرداخت نشده")
                    .append("</p>");
            if (paid || r.status().terminal()) {
                continue;
            }
            String base = "/my/requests/" + r.trackingId().value();
            String feeField = "<input type=\"hidden\" name=\"fee\" value=\"" + Html.esc(f.code()) + "\">";
            b.append("<form method=\"post\" action=\"").append(base).append("/pay\">").append(Html.csrfField(Visitor.csrf(ctx)))
                    .append(feeField).append("<button type=\"submit\">پرداخت الکترونیکی ")
                    .append(Html.esc(amount.toPersianRialString())).append("</button></form>")
                    .append("<details><summary>پیش‌تر در بانک پرداخت کرده‌ام</summary><form method=\"post\" action=\"")
                    .append(base).append("/receipt\">").append(Html.csrfField(Visitor.csrf(ctx))).append(feeField)
                    .append("<label for=\"rrn-").append(Html.esc(f.code())).append("\">شماره مرجع رسید (۱۲ رقم)</label>")
                    .append("<input type=\"text\" id=\"rrn-").append(Html.esc(f.code()))
                    .append("\" name=\"rrn\" inputmode=\"numeric\" maxlength=\"20\" required>")
                    .append("<label for=\"amount-").append(Html.esc(f.code())).append("\">مبلغ رسید (ریال)</label>")
                    .append("<input type=\"text\" id=\"amount-").append(Html.esc(f.code()))
                    .append("\" name=\"amount\" inputmode=\"numeric\" maxlength=\"20\" required>")
                    .append("<button type=\"submit\">ثبت رسید</button></form></details>");
        }
        return b.append("</section>").toString();
    }

    private String paymentOrigin() {
        try {
            URI u = platform.client().metadata().paymentEndpoint();
            return u.getScheme() + "://" + u.getRawAuthority();
        } catch (PanjerehException e) {
            return "";
        }
    }

    /** @return the local registration form, only when the {@code signup} violation is on */
    @GET
    @Path("register")
    public String register() {
        if (!violations.has("signup")) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return DemoViolations.signupPage();
    }

    private static String surveyLink(CitizenRequest r) {
        return "/survey?ticket=" + URLEncoder.encode(r.surveyTicket(), StandardCharsets.US_ASCII);
    }
}
