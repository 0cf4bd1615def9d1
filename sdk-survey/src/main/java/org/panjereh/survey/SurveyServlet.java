package org.panjereh.survey;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The agency's survey endpoint as a Jakarta Servlet: {@code GET ?ticket=…} shows the form,
 * {@code POST} takes the answer (a plain form post, with or without JavaScript), and
 * {@code GET /assets/…} serves the component's script and style from the jar. Refusals come back as
 * the form with a Persian message; a second answer to the same ticket gets the thank-you page and
 * stores nothing.
 */
public final class SurveyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_FIELD = 8192;

    private final transient SurveyService survey;
    private final transient SurveyTickets tickets;
    private final String formId;

    private SurveyServlet(SurveyService survey, SurveyTickets tickets, String formId) {
        this.survey = survey;
        this.tickets = tickets;
        this.formId = formId;
    }

    /**
     * @param survey  the survey service
     * @param tickets the tickets it redeems
     * @return a builder
     */
    public static Builder builder(SurveyService survey, SurveyTickets tickets) {
        return new Builder(survey, tickets);
    }

    /** Builder of {@link SurveyServlet}; its settings are {@link SurveyEndpointBuilder}'s. */
    public static final class Builder extends SurveyEndpointBuilder<Builder> {
        private Builder(SurveyService survey, SurveyTickets tickets) {
            super(survey, tickets);
        }

        /** @return the endpoint */
        public SurveyServlet build() {
            return new SurveyServlet(survey, tickets, formId);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String info = req.getPathInfo();
        if (info != null && info.startsWith("/assets/")) {
            asset(info.substring("/assets/".length()), res);
            return;
        }
        String ticket = req.getParameter("ticket");
        try {
            SurveyTicket t = tickets.peek(ticket);
            page(res, 200, SurveyPage.form(survey.form(formId), ticket, t, req.getRequestURI(), null, assets(req)));
        } catch (SurveyException e) {
            page(res, e.reason() == SurveyException.Reason.TICKET_USED ? 200 : 400,
                    e.reason() == SurveyException.Reason.TICKET_USED ? SurveyPage.thanks(null)
                            : SurveyPage.refusalAlone(e, "GET", req.getRequestURI()));
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        req.setCharacterEncoding("UTF-8");
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
            if (p.getValue().length == 1 && p.getValue()[0].length() <= MAX_FIELD && fields.size() < 64) {
                fields.put(p.getKey(), p.getValue()[0]);
            }
        }
        String ticket = fields.get("ticket");
        try {
            survey.submit(ticket, null, formId, fields);
            page(res, 200, SurveyPage.thanks(fields.get("comment")));
        } catch (SurveyException e) {
            if (e.reason() == SurveyException.Reason.TICKET_USED) {
                page(res, 200, SurveyPage.thanks(null));
                return;
            }
            SurveyTicket t;
            try {
                t = tickets.peek(ticket);
            } catch (SurveyException bad) {
                page(res, 400, SurveyPage.refusalAlone(bad, "POST", req.getRequestURI()));
                return;
            }
            page(res, 400, SurveyPage.form(survey.form(formId), ticket, t, req.getRequestURI(),
                    SurveyPage.refused(e, "POST", req.getRequestURI()), assets(req)));
        }
    }

    private static String assets(HttpServletRequest req) {
        return req.getContextPath() + req.getServletPath() + "/assets";
    }

    private static void asset(String name, HttpServletResponse res) throws IOException {
        if (!name.equals("panjereh-survey.js") && !name.equals("panjereh-survey.css")) {
            res.sendError(404);
            return;
        }
        try (InputStream in = SurveyServlet.class.getResourceAsStream("/META-INF/resources/panjereh/survey/" + name)) {
            if (in == null) {
                res.sendError(404);
                return;
            }
            res.setContentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
            res.setHeader("Cache-Control", "max-age=3600");
            res.getOutputStream().write(in.readAllBytes());
        }
    }

    private static void page(HttpServletResponse res, int status, String body) throws IOException {
        res.setStatus(status);
        res.setContentType("text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.getWriter().write("<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>نظرسنجی خدمت</title></head>"
                + "<body><main>" + body + "</main></body></html>");
    }
}
