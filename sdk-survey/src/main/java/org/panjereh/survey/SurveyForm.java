package org.panjereh.survey;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.panjereh.core.Channel;

/**
 * A satisfaction survey form as the platform publishes it (contract section 6): scale questions with
 * Persian and English text, the channels a question applies to, and the comment's length limit.
 *
 * @param formId          e.g. {@code csat-v1}
 * @param titleFa         Persian title
 * @param titleEn         English title
 * @param min             lowest scale value
 * @param max             highest scale value
 * @param scaleLabelsFa   Persian labels of the scale, lowest first
 * @param scaleLabelsEn   English labels of the scale
 * @param questions       the questions
 * @param commentMaxLength longest comment, in characters
 */
public record SurveyForm(String formId, String titleFa, String titleEn, int min, int max, List<String> scaleLabelsFa,
                         List<String> scaleLabelsEn, List<Question> questions, int commentMaxLength) {

    /** Freezes the lists. */
    public SurveyForm {
        Objects.requireNonNull(formId, "formId");
        scaleLabelsFa = List.copyOf(scaleLabelsFa);
        scaleLabelsEn = List.copyOf(scaleLabelsEn);
        questions = List.copyOf(questions);
    }

    /**
     * One question.
     *
     * @param id       question id
     * @param driver   the customer-experience driver it measures
     * @param required whether it must be answered
     * @param textFa   Persian text
     * @param textEn   English text
     * @param channels channels it is asked on; empty for all
     */
    public record Question(String id, String driver, boolean required, String textFa, String textEn, List<Channel> channels) {
        /** Freezes the channels. */
        public Question {
            channels = List.copyOf(channels);
        }

        /** Whether the question is asked on a channel. */
        public boolean askedOn(Channel c) {
            return channels.isEmpty() || channels.contains(c);
        }
    }

    /** The questions asked on a channel, in order. */
    public List<Question> questionsFor(Channel channel) {
        return questions.stream().filter(q -> q.askedOn(channel)).toList();
    }

    /** A question by id. */
    public Optional<Question> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /**
     * Parses the platform's form document.
     *
     * @param n the JSON
     * @return the form
     * @throws SurveyException {@code FORM_UNAVAILABLE} when the document is not a form
     */
    public static SurveyForm parse(JsonNode n) {
        try {
            List<Question> qs = new ArrayList<>();
            for (JsonNode q : n.get("questions")) {
                List<Channel> ch = new ArrayList<>();
                if (q.has("channels")) {
                    for (JsonNode c : q.get("channels")) {
                        ch.add(Channel.fromWire(c.asText()));
                    }
                }
                qs.add(new Question(q.get("questionId").asText(), q.path("driver").asText(""), q.path("required").asBoolean(false),
                        q.get("text").get("fa").asText(), q.get("text").path("en").asText(""), ch));
            }
            List<String> fa = new ArrayList<>();
            List<String> en = new ArrayList<>();
            n.path("scale").path("labels").path("fa").forEach(x -> fa.add(x.asText()));
            n.path("scale").path("labels").path("en").forEach(x -> en.add(x.asText()));
            return new SurveyForm(n.get("formId").asText(), n.path("title").path("fa").asText(""),
                    n.path("title").path("en").asText(""), n.path("scale").path("min").asInt(1), n.path("scale").path("max").asInt(5),
                    fa, en, qs, n.path("comment").path("maxLength").asInt(1000));
        } catch (RuntimeException e) {
            throw new SurveyException(SurveyException.Reason.FORM_UNAVAILABLE, "the platform's form is malformed");
        }
    }
}
