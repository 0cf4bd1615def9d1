package org.panjereh.survey;

import org.panjereh.core.shared.Digits;
import org.panjereh.core.Refusals;

/**
 * Renders the survey as an accessible RTL HTML form inside a {@code <panjereh-survey>} element: one
 * fieldset per question with a radio group on the form's scale (Persian digits and labels), a comment
 * box with a length limit, and the ticket in a hidden field. It works without JavaScript; the
 * component script (served from the jar at {@code /panjereh/survey/panjereh-survey.js}) adds a live
 * character count, Persian messages before sending, and single submission. Every value is escaped.
 */
public final class SurveyPage {

    private SurveyPage() {
    }

    /**
     * The form.
     *
     * @param form       the survey form
     * @param ticket     the ticket (goes back in a hidden field)
     * @param t          what the ticket says (its channel selects the questions)
     * @param action     the agency's own endpoint that takes the answer
     * @param error      a Persian error to show, or {@code null}
     * @param assetsBase where the component's script and style are served, e.g. {@code /panjereh/survey}
     * @return an HTML fragment
     */
    public static String form(SurveyForm form, String ticket, SurveyTicket t, String action, String error, String assetsBase) {
        StringBuilder b = new StringBuilder();
        b.append("<link rel=\"stylesheet\" href=\"").append(esc(assetsBase)).append("/panjereh-survey.css\">")
                .append("<script src=\"").append(esc(assetsBase)).append("/panjereh-survey.js\" defer></script>")
                .append("<panjereh-survey class=\"panjereh-survey\" lang=\"fa\" dir=\"rtl\">")
                .append("<h2>").append(esc(form.titleFa())).append(" <span lang=\"en\">").append(esc(form.titleEn()))
                .append("</span></h2>")
                .append("<p>درخواست شما با شناسه پیگیری <bdi dir=\"ltr\">").append(esc(t.trackingId().toPersianDisplay()))
                .append("</bdi> انجام شد. لطفاً بگویید چگونه بود. پرسش‌های ستاره‌دار الزامی‌اند.</p>")
                .append("<p data-role=\"status\" role=\"status\" aria-live=\"polite\" class=\"error\">")
                .append(error == null ? "" : esc(error)).append("</p>")
                .append("<form method=\"post\" action=\"").append(esc(action)).append("\" novalidate>")
                .append("<input type=\"hidden\" name=\"ticket\" value=\"").append(esc(ticket)).append("\">")
                .append("<input type=\"hidden\" name=\"formId\" value=\"").append(esc(form.formId())).append("\">");
        for (SurveyForm.Question q : form.questionsFor(t.channel())) {
            String legendId = "q-" + esc(q.id());
            b.append("<fieldset data-required=\"").append(q.required()).append("\" role=\"radiogroup\" aria-labelledby=\"")
                    .append(legendId).append("\"").append(q.required() ? " aria-required=\"true\"" : "").append(">")
                    .append("<legend id=\"").append(legendId).append("\">").append(esc(q.textFa()))
                    .append(q.required() ? " <span class=\"required\" aria-hidden=\"true\">*</span>" : "")
                    .append(" <span lang=\"en\">").append(esc(q.textEn())).append("</span></legend><div class=\"scale\">");
            for (int v = form.min(); v <= form.max(); v++) {
                int i = v - form.min();
                String label = i < form.scaleLabelsFa().size() ? form.scaleLabelsFa().get(i) : "";
                String id = "q-" + esc(q.id()) + "-" + v;
                b.append("<label for=\"").append(id).append("\"><input type=\"radio\" id=\"").append(id).append("\" name=\"q.")
                        .append(esc(q.id())).append("\" value=\"").append(v).append("\"")
                        .append(q.required() ? " required" : "").append("> ")
                        .append(Digits.toPersian(Integer.toString(v))).append(" — ").append(esc(label)).append("</label>");
            }
            b.append("</div></fieldset>");
        }
        b.append("<label for=\"comment\">توضیحات (اختیاری) <span lang=\"en\">Comments (optional)</span></label>")
                .append("<textarea id=\"comment\" name=\"comment\" maxlength=\"").append(form.commentMaxLength())
                .append("\" aria-describedby=\"comment-count\"></textarea>")
                .append("<p id=\"comment-count\" class=\"count\" data-role=\"count\" aria-live=\"polite\">حداکثر ")
                .append(Digits.toPersian(Integer.toString(form.commentMaxLength()))).append(" نویسه</p>")
                .append("<button type=\"submit\">ثبت نظر</button></form></panjereh-survey>");
        return b.toString();
    }

    /**
     * The thank-you fragment, with the comment shown back escaped.
     *
     * @param comment the citizen's comment, or {@code null}
     * @return an HTML fragment
     */
    public static String thanks(String comment) {
        return "<panjereh-survey class=\"panjereh-survey\" lang=\"fa\" dir=\"rtl\"><h2>سپاس از نظر شما</h2>"
                + "<p role=\"status\">نظر شما ثبت شد و به سامانهٔ ارزیابی پنجره ملی فرستاده می‌شود.</p>"
                + (comment == null || comment.isBlank() ? "" : "<blockquote>" + esc(comment) + "</blockquote>")
                + "</panjereh-survey>";
    }

    /** HTML-escapes text. */
    static String esc(String s) {
        return org.panjereh.core.shared.Html.escape(s);
    }

    /**
     * The Persian message of a refused answer or ticket, with an error id that stands in exactly one log
     * line beside the reason (never the ticket or the answer's content).
     *
     * @param e      the refusal
     * @param method HTTP method
     * @param path   the endpoint's path
     * @return the message to show
     */
    static String refused(SurveyException e, String method, String path) {
        String id = Refusals.log(400, "survey." + e.reason(), method, path, null);
        return e.persianMessage() + " شناسه خطا برای پشتیبانی: " + id;
    }

    /**
     * A refusal shown without the form (a ticket that cannot be read).
     *
     * @param e      the refusal
     * @param method HTTP method
     * @param path   the endpoint's path
     * @return an HTML fragment
     */
    static String refusalAlone(SurveyException e, String method, String path) {
        return "<p role=\"alert\" lang=\"fa\" dir=\"rtl\">" + esc(refused(e, method, path)) + "</p>";
    }
}
