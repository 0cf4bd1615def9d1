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
import java.sql.Timestamp;
import java.time.Instant;
import org.panjereh.core.PersianText;
import org.panjereh.core.TrackingId;
import org.panjereh.events.MessageNotice;

/** The staff side of the complaints desk ({@link Complaints}): every item, late ones first, each answered once. */
@Path("/staff/complaints")
@Produces("text/html; charset=utf-8")
public class StaffComplaints {

    @Inject
    Complaints complaints;
    @Inject
    StaffConsole console;
    @Inject
    Requests requests;
    @Inject
    Agency agency;

    /**
     * @param ctx the request
     * @return every item, unanswered and late first, with an answer form
     */
    @GET
    public String staff(@Context ContainerRequestContext ctx) {
        console.staffMember(ctx);
        Instant now = Instant.now();
        StringBuilder b = new StringBuilder("<h1>پرسش‌ها، انتقادها، پیشنهادها و شکایت‌ها</h1>");
        Complaints.Counts counts = complaints.counts(Instant.EPOCH, now.plusSeconds(1));
        b.append("<p>دریافت‌شده: ").append(PersianText.toPersianDigits(Long.toString(counts.received()))).append("؛ پاسخ‌داده‌شده: ")
                .append(PersianText.toPersianDigits(Long.toString(counts.answered()))).append("؛ پاسخ پس از مهلت: ")
                .append(PersianText.toPersianDigits(Long.toString(counts.late()))).append("</p>");
        for (Complaints.Item i : complaints.select("ORDER BY CASE WHEN answered_at IS NULL THEN 0 ELSE 1 END, due_at", null)) {
            b.append(Complaints.item(i, true));
            if (i.answer() == null) {
                String id = "answer-" + i.reference();
                b.append("<form method=\"post\" action=\"/staff/complaints/").append(i.reference()).append("\">")
                        .append(Html.csrfField(Visitor.csrf(ctx))).append("<label for=\"").append(id).append("\">پاسخ")
                        .append(i.late(now) ? " (مهلت گذشته است)" : "").append("</label><textarea id=\"").append(id)
                        .append("\" name=\"answer\" maxlength=\"2000\" required></textarea><button type=\"submit\">فرستادن پاسخ</button></form>");
            }
        }
        return Html.page("پرسش و شکایت", true, b.toString());
    }

    /**
     * @param ctx       the request
     * @param reference the item
     * @param csrf      the session's CSRF token
     * @param answer    the answer
     * @return back to the list
     */
    @POST
    @Path("{reference}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@Context ContainerRequestContext ctx, @PathParam("reference") String reference,
                           @FormParam("csrf") String csrf, @FormParam("answer") String answer) {
        console.staffMember(ctx);
        Visitor.checkCsrf(ctx, csrf);
        String text = answer == null ? "" : answer.strip();
        if (text.isEmpty() || text.length() > 2000) {
            throw new GatewayProblem(422, "gateway.complaint_answer_invalid", "پاسخی تا ۲۰۰۰ نویسه بنویسید.");
        }
        Complaints.Item i = complaints.select("WHERE reference = ?", reference == null || reference.length() > 20 ? "" : reference).stream().findFirst()
                .orElseThrow(() -> new GatewayProblem(404, "gateway.complaint_unknown", "چنین موردی ثبت نشده است."));
        int[] changed = new int[1];
        complaints.run("UPDATE gateway_complaint SET answer = ?, answered_at = ? WHERE reference = ? AND answered_at IS NULL", p -> {
            p.setString(1, text);
            p.setTimestamp(2, Timestamp.from(Instant.now()));
            p.setString(3, i.reference());
            changed[0] = p.executeUpdate();
        });
        if (changed[0] == 0) {
            throw new GatewayProblem(409, "gateway.complaint_answered", "به این مورد پیش‌تر پاسخ داده شده است.");
        }
        if (i.trackingId() != null) {
            requests.find(TrackingId.of(i.trackingId())).ifPresent(r -> agency.events().sendMessage(new MessageNotice(r.recipient(),
                    r.serviceId(), r.trackingId(), "پاسخ به " + Complaints.KINDS.get(i.kind()) + " شما", "شماره "
                    + PersianText.toPersianDigits(i.reference()) + ": " + text, null)));
        }
        return Response.seeOther(URI.create("/staff/complaints")).build();
    }

}
