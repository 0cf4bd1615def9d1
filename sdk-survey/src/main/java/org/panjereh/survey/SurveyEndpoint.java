package org.panjereh.survey;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What {@link SurveyServlet} and {@link SurveyResource} both do with a request, apart from their APIs: show the
 * form for a ticket, take an answer, serve the widget's files. A refusal is the form (or, when the ticket itself
 * is bad, a message alone) with a Persian message and an error id logged once; a second answer to the same
 * ticket gets the thank-you page and stores nothing.
 */
final class SurveyEndpoint {

    /** Longest field value accepted; longer ones are left out and refused as missing. */
    static final int MAX_FIELD = 8192;
    /** Most fields read from one post. */
    static final int MAX_FIELDS = 64;

    /**
     * A page to answer with.
     *
     * @param status HTTP status
     * @param body   the HTML fragment
     */
    record Answer(int status, String body) {
    }

    private final SurveyService survey;
    private final SurveyTickets tickets;
    private final String formId;

    SurveyEndpoint(SurveyService survey, SurveyTickets tickets, String formId) {
        this.survey = survey;
        this.tickets = tickets;
        this.formId = formId;
    }

    /** Keeps one more posted field when it has a single value within the limits. */
    static void keep(Map<String, String> fields, String name, java.util.List<String> values) {
        if (values.size() == 1 && values.get(0).length() <= MAX_FIELD && fields.size() < MAX_FIELDS) {
            fields.put(name, values.get(0));
        }
    }

    Answer show(String ticket, String action, String assets) {
        try {
            SurveyTicket t = tickets.peek(ticket);
            return new Answer(200, SurveyPage.form(survey.form(formId), ticket, t, action, null, assets));
        } catch (SurveyException e) {
            return e.reason() == SurveyException.Reason.TICKET_USED ? new Answer(200, SurveyPage.thanks(null))
                    : new Answer(400, SurveyPage.refusalAlone(e, "GET", action));
        }
    }

    Answer submit(Map<String, String> fields, String action, String assets) {
        String ticket = fields.get("ticket");
        try {
            survey.submit(ticket, null, formId, fields);
            return new Answer(200, SurveyPage.thanks(fields.get("comment")));
        } catch (SurveyException e) {
            if (e.reason() == SurveyException.Reason.TICKET_USED) {
                return new Answer(200, SurveyPage.thanks(null));
            }
            SurveyTicket t;
            try {
                t = tickets.peek(ticket);
            } catch (SurveyException bad) {
                return new Answer(400, SurveyPage.refusalAlone(bad, "POST", action));
            }
            return new Answer(400, SurveyPage.form(survey.form(formId), ticket, t, action,
                    SurveyPage.refused(e, "POST", action), assets));
        }
    }

    /**
     * @param name a file name from the request
     * @return the widget's script or style, or {@code null} for any other name
     */
    static byte[] asset(String name) throws IOException {
        if (!name.equals("panjereh-survey.js") && !name.equals("panjereh-survey.css")) {
            return null;
        }
        try (InputStream in = SurveyEndpoint.class.getResourceAsStream("/META-INF/resources/panjereh/survey/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** @return the media type of an asset */
    static String assetType(String name) {
        return name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }
}
