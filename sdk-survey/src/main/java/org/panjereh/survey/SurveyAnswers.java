package org.panjereh.survey;

import java.util.LinkedHashMap;
import java.util.Map;
import org.panjereh.core.PersianText;

/**
 * A citizen's answers, validated against the form: every value on the form's scale, every question
 * one of the form's and asked on the channel, the required ones present, the comment within the limit.
 * The comment is kept as typed (normalised Persian, no markup interpreted): show it escaped.
 *
 * @param values  question id → value
 * @param comment free comment, or {@code null}
 */
public record SurveyAnswers(Map<String, Integer> values, String comment) {

    /** Freezes the values. */
    public SurveyAnswers {
        values = Map.copyOf(values);
    }

    /**
     * Validates raw form fields: {@code q.<questionId>} = value (ASCII, Persian or Arabic digits) and
     * {@code comment}.
     *
     * @param form    the form
     * @param ticket  the ticket (its channel decides which questions are asked)
     * @param fields  submitted fields
     * @return the answers
     * @throws SurveyException {@code INVALID_ANSWER} or {@code COMMENT_TOO_LONG}
     */
    public static SurveyAnswers validate(SurveyForm form, SurveyTicket ticket, Map<String, String> fields) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!f.getKey().startsWith("q.") || f.getValue() == null || f.getValue().isBlank()) {
                continue;
            }
            String qid = f.getKey().substring(2);
            SurveyForm.Question q = form.question(qid).orElseThrow(() ->
                    new SurveyException(SurveyException.Reason.INVALID_ANSWER, "an answer names a question the form does not have"));
            if (!q.askedOn(ticket.channel())) {
                throw new SurveyException(SurveyException.Reason.INVALID_ANSWER, "question " + qid + " is not asked on this channel");
            }
            String v = PersianText.toAsciiDigits(f.getValue().strip());
            if (!v.matches("[0-9]{1,2}")) {
                throw new SurveyException(SurveyException.Reason.INVALID_ANSWER, "value of " + qid + " is not a number");
            }
            int n = Integer.parseInt(v);
            if (n < form.min() || n > form.max()) {
                throw new SurveyException(SurveyException.Reason.INVALID_ANSWER, "value of " + qid + " is out of range");
            }
            values.put(qid, n);
        }
        for (SurveyForm.Question q : form.questionsFor(ticket.channel())) {
            if (q.required() && !values.containsKey(q.id())) {
                throw new SurveyException(SurveyException.Reason.INVALID_ANSWER, "question " + q.id() + " is required");
            }
        }
        String comment = fields.get("comment");
        if (comment != null) {
            comment = comment.strip();
            if (comment.codePointCount(0, comment.length()) > form.commentMaxLength()) {
                throw new SurveyException(SurveyException.Reason.COMMENT_TOO_LONG, "comment over " + form.commentMaxLength());
            }
            comment = comment.isEmpty() ? null : PersianText.normalize(comment);
        }
        return new SurveyAnswers(values, comment);
    }
}
