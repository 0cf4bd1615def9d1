package org.panjereh.survey;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    private final transient SurveyEndpoint endpoint;

    private SurveyServlet(SurveyService survey, SurveyTickets tickets, String formId) {
        this.endpoint = new SurveyEndpoint(survey, tickets, formId);
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
            String name = info.substring("/assets/".length());
            byte[] file = SurveyEndpoint.asset(name);
            if (file == null) {
                res.sendError(404);
                return;
            }
            res.setContentType(SurveyEndpoint.assetType(name));
            res.setHeader("Cache-Control", "max-age=3600");
            res.getOutputStream().write(file);
            return;
        }
        page(res, endpoint.show(req.getParameter("ticket"), req.getRequestURI(), assets(req)));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        req.setCharacterEncoding("UTF-8");
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
            SurveyEndpoint.keep(fields, p.getKey(), java.util.Arrays.asList(p.getValue()));
        }
        page(res, endpoint.submit(fields, req.getRequestURI(), assets(req)));
    }

    private static String assets(HttpServletRequest req) {
        return req.getContextPath() + req.getServletPath() + "/assets";
    }

    private static void page(HttpServletResponse res, SurveyEndpoint.Answer a) throws IOException {
        String body = a.body();
        res.setStatus(a.status());
        res.setContentType("text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.getWriter().write("<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>نظرسنجی خدمت</title></head>"
                + "<body><main>" + body + "</main></body></html>");
    }
}
