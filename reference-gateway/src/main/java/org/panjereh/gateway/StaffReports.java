package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.panjereh.core.Channel;
import org.panjereh.core.JalaliMonth;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.reports.MonthlyReport;
import org.panjereh.reports.MonthlyReports;
import org.panjereh.reports.ReportLedger;

/**
 * The staff dashboard of monthly performance (contract section 13): per service the month's figures and the four
 * usual KPIs (digital take-up, completion rate, user satisfaction, cost per transaction), a chart drawn on the server
 * as SVG beside an accessible table of the same numbers, a CSV download, what was sent to the platform and when, and
 * "send again".
 */
@Path("/staff/reports")
public class StaffReports {

    @Inject
    StaffConsole console;
    @Inject
    MonthlyFigures figures;
    @Inject
    Desk desk;
    @Inject
    Complaints complaints;

    /**
     * @param ctx   the request
     * @param month {@code yyyy-mm}, Jalali; the last finished month by default
     * @return the dashboard
     */
    @GET
    @Produces("text/html; charset=utf-8")
    public Response page(@Context ContainerRequestContext ctx, @QueryParam("month") String month) {
        console.staffMember(ctx);
        JalaliMonth m = month(month);
        StringBuilder b = figuresOf(m);
        b.append(sent(ctx));
        return Response.ok(Html.page("گزارش ماهانه", true, b.toString())).build();
    }

    /**
     * The dashboard's figures for a month, without the staff check and the record of what was sent: what the page
     * costs to make (benchmarks/scripts/dashboard-load.sh measures it).
     */
    StringBuilder figuresOf(JalaliMonth m) {
        MonthlyReport r = figures.forDashboard(m);
        StringBuilder b = new StringBuilder("<h1>گزارش عملکرد ماهانه — ").append(Html.esc(m.toPersianString())).append("</h1>");
        b.append("<form method=\"get\" action=\"/staff/reports\"><label for=\"month\">ماه (مانند ۱۴۰۵-۰۸)</label>")
                .append("<input type=\"text\" id=\"month\" name=\"month\" maxlength=\"7\" inputmode=\"numeric\" value=\"")
                .append(Html.esc(PersianText.toPersianDigits(m.toString()))).append("\"><button type=\"submit\">نمایش</button></form>")
                .append("<p><a href=\"/staff/reports/csv?month=").append(m).append("\">دریافت جدول (CSV)</a></p>")
                .append("<p>ارقام شمرده‌شده در ").append(Html.when(r.generatedAt()))
                .append(" (ماه جاری هر دقیقه و پس از هر تغییر، ماه‌های گذشته هر پنج دقیقه دوباره شمرده می‌شود)</p>");
        for (MonthlyReport.ServiceFigures s : r.services()) {
            ServiceCard card = desk.card(s.serviceId());
            b.append(section(card, s));
        }
        if (r.exchange() != null) {
            b.append("<h2>مرکز ملی تبادل اطلاعات</h2><p>استعلام‌های این دستگاه: ").append(n(r.exchange().asked()))
                    .append("؛ پاسخ به دستگاه‌های دیگر: ").append(n(r.exchange().answeredAsProvider())).append("؛ ردشده: ")
                    .append(n(r.exchange().refusedAsProvider())).append("</p>");
        }
        Complaints.Counts c = complaints.counts(m.start(), m.end());
        b.append("<h2>پرسش، انتقاد، پیشنهاد و شکایت</h2><p>دریافت‌شده: ").append(n(c.received())).append("؛ پاسخ‌داده‌شده: ")
                .append(n(c.answered())).append("؛ پس از مهلت: ").append(n(c.late())).append("</p>");
        return b;
    }

    private static String section(ServiceCard card, MonthlyReport.ServiceFigures s) {
        long received = s.receivedTotal();
        long online = s.receivedOnline();
        String id = "s" + s.serviceId().value();
        StringBuilder b = new StringBuilder("<section aria-labelledby=\"").append(id).append("\"><h2 id=\"").append(id)
                .append("\">").append(Html.esc(card.title())).append("</h2>");
        b.append("<ul class=\"kpi\"><li>بهره‌گیری الکترونیکی: ").append(percent(online, received)).append("</li><li>نرخ تکمیل: ")
                .append(percent(online, s.startedOnline())).append("</li><li>رضایت: ")
                .append(s.survey().satisfactionMean() == null ? "—" : decimal(s.survey().satisfactionMean()) + " از ۵").append("</li><li>بهای تمام‌شدهٔ هر تراکنش: ")
                .append(card.costPriceRial() == null ? "—" : Html.esc(Rial.of(card.costPriceRial()).toPersianString()))
                .append("</li></ul>");
        long[] values = {s.received().getOrDefault(Channel.WEB, 0L), s.received().getOrDefault(Channel.MOBILE, 0L),
            s.received().getOrDefault(Channel.COUNTER, 0L), s.delivered(), s.rejected(), s.open()};
        String[] labels = {"وب", "همراه", "باجه", "تحویل", "رد", "باز"};
        b.append(chart(card.title(), labels, values));
        b.append("<table><caption>ارقام ماه برای ").append(Html.esc(card.title())).append("</caption><tbody>");
        row(b, "فرم‌های آغازشده", n(s.startedOnline()));
        for (int i = 0; i < labels.length; i++) {
            row(b, (i < 3 ? "دریافت از راه " : "") + labels[i], n(values[i]));
        }
        row(b, "لغوشده", n(s.cancelled()));
        row(b, "تحویل در مهلت شناسنامه", n(s.deliveredWithinExpected()));
        row(b, "میانه و صدک ۹۰ مدت (روز)", days(s.medianDays()) + " / " + days(s.p90Days()));
        row(b, "پرداخت الکترونیکی / رسید تأییدشده", n(s.paidElectronically()) + " / " + n(s.confirmedReceipts()));
        row(b, "پاسخ نظرسنجی / پاسخ‌داده‌شده", n(s.survey().responses()) + " / " + n(s.survey().replied()));
        row(b, "مراجعهٔ حضوری", n(s.inPersonVisits()));
        return b.append("</tbody></table></section>").toString();
    }

    /** Bars drawn on the server: no script; the table beside it holds the same numbers for screen readers. */
    static String chart(String title, String[] labels, long[] values) {
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        int w = 60 * values.length + 20;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(w)
                .append(" 170\" width=\"").append(w).append("\" height=\"170\" role=\"img\" aria-label=\"")
                .append(Html.esc("نمودار ارقام ماه " + title)).append("\"><title>").append(Html.esc("نمودار ارقام ماه " + title))
                .append("</title>");
        for (int i = 0; i < values.length; i++) {
            long h = Math.round(120.0 * values[i] / max);
            int x = w - 50 - i * 60; // right to left, as the page reads
            b.append("<rect x=\"").append(x).append("\" y=\"").append(140 - h).append("\" width=\"40\" height=\"").append(h)
                    .append("\" fill=\"#1f5f8b\"/><text x=\"").append(x + 20).append("\" y=\"").append(135 - h)
                    .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#111\">").append(n(values[i])).append("</text><text x=\"")
                    .append(x + 20).append("\" y=\"160\" text-anchor=\"middle\" font-size=\"12\" fill=\"#111\">")
                    .append(Html.esc(labels[i])).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    private String sent(ContainerRequestContext ctx) {
        StringBuilder b = new StringBuilder("<h2>ارسال به پنجرهٔ ملی</h2>");
        List<ReportLedger.Entry> status;
        try {
            status = figures.reports().status();
        } catch (PanjerehException e) {
            return b.append(Html.alert(e.persianMessage())).toString();
        }
        if (status.isEmpty()) {
            b.append("<p>هنوز ماهی گزارش نشده است.</p>");
        } else {
            b.append("<table><caption>ماه‌های گزارش‌شده و بدهکار</caption><thead><tr><th scope=\"col\">ماه</th><th scope=\"col\">وضعیت</th>"
                    + "<th scope=\"col\">نسخه</th><th scope=\"col\">زمان ارسال</th></tr></thead><tbody>");
            for (ReportLedger.Entry e : status) {
                b.append("<tr><th scope=\"row\">").append(Html.esc(e.month().toPersianString())).append("</th><td>")
                        .append(e.state() == ReportLedger.State.SENT ? "فرستاده شد" : "بدهکار").append("</td><td>")
                        .append(e.version() == null ? "—" : Html.esc(PersianText.toPersianDigits(e.version().replace("\"", ""))))
                        .append("</td><td>").append(e.sentAt() == null ? "—" : Html.when(e.sentAt())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<form method=\"post\" action=\"/staff/reports/send\">").append(Html.csrfField(Visitor.csrf(ctx)))
                .append("<label for=\"send-month\">ارسال دوبارهٔ ماه (مانند ۱۴۰۵-۰۸؛ ماه جاری تا امروز، به‌صورت موقت)</label><input type=\"text\" id=\"send-month\" "
                        + "name=\"month\" maxlength=\"7\" inputmode=\"numeric\" required><button type=\"submit\">ارسال دوباره</button></form>");
        return b.toString();
    }

    /**
     * @param ctx   the request
     * @param month the month
     * @return the figures as CSV, for spreadsheets
     */
    @GET
    @Path("csv")
    @Produces("text/csv; charset=utf-8")
    public Response csv(@Context ContainerRequestContext ctx, @QueryParam("month") String month) {
        console.staffMember(ctx);
        JalaliMonth m = month(month);
        MonthlyReport r = figures.forDashboard(m);
        StringBuilder b = new StringBuilder("\uFEFFmonth,serviceId,title,startedOnline,web,mobile,counter,delivered,rejected,cancelled,"
                + "open,deliveredWithinExpected,medianDays,p90Days,paidElectronically,confirmedReceipts,surveyResponses,"
                + "satisfactionMean,replied\r\n");
        for (MonthlyReport.ServiceFigures s : r.services()) {
            b.append(m).append(',').append(s.serviceId().value()).append(",\"").append(desk.card(s.serviceId()).title()
                    .replace("\"", "\"\"")).append("\",").append(s.startedOnline()).append(',')
                    .append(s.received().getOrDefault(Channel.WEB, 0L)).append(',').append(s.received().getOrDefault(Channel.MOBILE, 0L))
                    .append(',').append(s.received().getOrDefault(Channel.COUNTER, 0L)).append(',').append(s.delivered()).append(',')
                    .append(s.rejected()).append(',').append(s.cancelled()).append(',').append(s.open()).append(',')
                    .append(s.deliveredWithinExpected()).append(',').append(s.medianDays() == null ? "" : s.medianDays()).append(',')
                    .append(s.p90Days() == null ? "" : s.p90Days()).append(',').append(s.paidElectronically()).append(',')
                    .append(s.confirmedReceipts()).append(',').append(s.survey().responses()).append(',')
                    .append(s.survey().satisfactionMean() == null ? "" : s.survey().satisfactionMean()).append(',')
                    .append(s.survey().replied()).append("\r\n");
        }
        return Response.ok(b.toString().getBytes(StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"report-" + m + ".csv\"").build();
    }

    /**
     * @param ctx   the request
     * @param csrf  the session's CSRF token
     * @param month the month to send again
     * @return back to the dashboard, or it with a Persian message
     */
    @POST
    @Path("send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces("text/html; charset=utf-8")
    public Response send(@Context ContainerRequestContext ctx, @FormParam("csrf") String csrf, @FormParam("month") String month) {
        console.staffMember(ctx);
        Visitor.checkCsrf(ctx, csrf);
        JalaliMonth m = month(month);
        try {
            // The month in progress goes as a provisional report; its final figures correct it when it ends.
            MonthlyReports.Submission s = m.equals(JalaliMonth.containing(Instant.now())) ? figures.reports().sendSoFar()
                    : figures.reports().send(m);
            if (s.outcome() == MonthlyReports.Outcome.REFUSED || s.outcome() == MonthlyReports.Outcome.DEFERRED) {
                throw new GatewayProblem(503, "gateway.report_not_sent", "گزارش فرستاده نشد؛ ماه بدهکار می‌ماند و بعد فرستاده "
                        + "می‌شود. شناسه خطا برای پشتیبانی: " + s.errorId());
            }
        } catch (org.panjereh.reports.ReportException e) {
            throw new GatewayProblem(422, "gateway.report_" + e.reason().name().toLowerCase(java.util.Locale.ROOT), e.persianMessage());
        }
        return Response.seeOther(URI.create("/staff/reports?month=" + m)).build();
    }

    private static JalaliMonth month(String raw) {
        if (raw == null || raw.isBlank()) {
            return JalaliMonth.containing(Instant.now()).previous();
        }
        try {
            return JalaliMonth.parse(Forms.limit(raw));
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(400, "gateway.month_invalid", "ماه را به شکل سال-ماه بنویسید، مانند ۱۴۰۵-۰۸.");
        }
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><th scope=\"row\">").append(Html.esc(label)).append("</th><td>").append(Html.esc(value)).append("</td></tr>");
    }

    private static String n(long v) {
        return PersianText.toPersianDigits(Long.toString(v));
    }

    private static String days(Double d) {
        return d == null ? "—" : decimal(d);
    }

    /** One decimal, Persian digits and the Persian decimal separator (٫), as a Persian reader writes it. */
    private static String decimal(double d) {
        return PersianText.toPersianDigits(String.format(java.util.Locale.ROOT, "%.1f", d)).replace('.', '\u066B');
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "—" : PersianText.toPersianDigits(Long.toString(Math.round(100.0 * part / whole))) + "٪";
    }
}
