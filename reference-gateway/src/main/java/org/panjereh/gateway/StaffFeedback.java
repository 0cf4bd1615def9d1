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
import java.util.Map;
import java.util.UUID;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PersianText;
import org.panjereh.events.MessageNotice;
import org.panjereh.survey.SurveyArchive;
import org.panjereh.survey.SurveyException;

/**
 * Citizens' comments from the survey and the agency's answer to each (مصوبه ۱ جلسه ۲۶، ماده ۲; contract section 6
 * replies): staff read the comments, unanswered first, and answer each once as noted, applied or rejected; the answer
 * goes to the platform, to the citizen's message box, and onto their request page.
 */
@Path("/staff/feedback")
@Produces("text/html; charset=utf-8")
public class StaffFeedback {

    static final Map<String, String> ACTIONS = Map.of("noted", "دیده شد", "applied", "به کار بسته شد", "rejected", "پذیرفته نشد");

    @Inject
    StaffConsole console;
    @Inject
    Agency agency;
    @Inject
    Desk desk;
    @Inject
    Requests requests;
    @Inject
    Violations violations;

    /**
     * @param ctx the request
     * @return the comments with a reply form for each unanswered one
     */
    @GET
    public String list(@Context ContainerRequestContext ctx) {
        console.staffMember(ctx);
        return page(ctx, null);
    }

    private String page(ContainerRequestContext ctx, String error) {
        StringBuilder b = new StringBuilder("<h1>نظرهای شهروندان</h1>");
        if (error != null) {
            b.append(Html.alert(error));
        }
        var comments = agency.surveyArchive().comments(100);
        if (comments.isEmpty()) {
            b.append("<p>نظری با توضیح نرسیده است.</p>");
        }
        for (SurveyArchive.Response r : comments) {
            String title = desk.card(r.serviceId()).title();
            b.append("<section class=\"request\"><h2>").append(Html.esc(title)).append(" — <span class=\"tracking\">")
                    .append(r.trackingId().toPersianDisplay()).append("</span></h2><p>").append(Html.when(r.submittedAt()))
                    .append("، رضایت ").append(PersianText.toPersianDigits(Integer.toString(r.satisfaction()))).append(" از ۵</p>")
                    .append("<blockquote>").append(Html.esc(r.comment())).append("</blockquote>");
            if (r.replied()) {
                b.append("<p>پاسخ دستگاه (").append(Html.esc(ACTIONS.getOrDefault(r.replyAction(), r.replyAction()))).append("): ")
                        .append(Html.esc(r.replyText())).append("</p>");
            } else {
                String id = "reply-" + r.key();
                b.append("<form method=\"post\" action=\"/staff/feedback/").append(r.key()).append("\">")
                        .append(Html.csrfField(Visitor.csrf(ctx)))
                        .append("<label for=\"").append(id).append("-action\">نتیجه</label><select id=\"").append(id)
                        .append("-action\" name=\"action\">");
                for (String a : new String[] {"noted", "applied", "rejected"}) {
                    b.append("<option value=\"").append(a).append("\">").append(ACTIONS.get(a)).append("</option>");
                }
                b.append("</select><label for=\"").append(id).append("-text\">پاسخ به شهروند</label><textarea id=\"").append(id)
                        .append("-text\" name=\"text\" maxlength=\"2000\" required></textarea><button type=\"submit\">فرستادن پاسخ"
                                + "</button></form>");
            }
            b.append("</section>");
        }
        return Html.page("نظرهای شهروندان", true, b.toString());
    }

    /**
     * @param ctx    the request
     * @param key    the response
     * @param csrf   the session's CSRF token
     * @param action noted, applied or rejected
     * @param text   the answer
     * @return back to the list, or the list with a Persian message
     */
    @POST
    @Path("{key}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reply(@Context ContainerRequestContext ctx, @PathParam("key") String key, @FormParam("csrf") String csrf,
                          @FormParam("action") String action, @FormParam("text") String text) {
        console.staffMember(ctx);
        Visitor.checkCsrf(ctx, csrf);
        UUID k;
        try {
            k = UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(404, "gateway.feedback_unknown", "چنین نظری نیست.");
        }
        if (action == null || !ACTIONS.containsKey(action) || text == null || text.isBlank() || text.length() > 2000) {
            throw new GatewayProblem(422, "gateway.feedback_reply_invalid", "نتیجه را برگزینید و پاسخی تا ۲۰۰۰ نویسه بنویسید.");
        }
        SurveyArchive.Response answered;
        try {
            if (violations.has("feedback-not-sent")) {
                // The demo breach: the answer is kept at the agency and never reaches the platform.
                agency.surveyArchive().replied(k, action, text.strip(), java.time.Instant.now());
                return Response.seeOther(URI.create("/staff/feedback")).build();
            }
            answered = agency.survey().reply(k, text.strip(), action);
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(404, "gateway.feedback_unknown", "چنین نظری نیست.");
        } catch (SurveyException e) {
            int status = e.reason() == SurveyException.Reason.ALREADY_REPLIED ? 409 : 503;
            return Response.status(status).entity(page(ctx, ErrorPages.shownWithId(status, "gateway.feedback_" + e.reason()
                    .name().toLowerCase(java.util.Locale.ROOT), "/staff/feedback", e.persianMessage(), null))).build();
        } catch (PanjerehException e) {
            return Response.status(503).entity(page(ctx, ErrorPages.shownWithId(503, "gateway.feedback_unavailable",
                    "/staff/feedback", e.persianMessage(), e))).build();
        }
        requests.find(answered.trackingId()).ifPresent(r -> agency.events().sendMessage(new MessageNotice(r.recipient(),
                r.serviceId(), r.trackingId(), "پاسخ دستگاه به نظر شما", "دربارهٔ نظر شما در نظرسنجی «" + desk.card(r.serviceId())
                        .title() + "»: " + ACTIONS.get(action) + ". " + text.strip(), null)));
        return Response.seeOther(URI.create("/staff/feedback")).build();
    }
}
