package org.panjereh.survey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The survey endpoint as a Jakarta REST resource, for runtimes without servlets in front of REST (such
 * as Quarkus REST): the same form, the same rules, the same answers as {@link SurveyServlet}. Register
 * an instance with the application (the constructor takes the survey service).
 */
@Path("/survey")
public class SurveyResource {

    private final SurveyEndpoint endpoint;

    /**
     * For a framework that makes the resource a bean of its own by subclassing it (CDI, Spring); otherwise use
     * {@link #builder}.
     *
     * @param survey  the survey service
     * @param tickets the tickets it redeems
     * @param formId  the form to show
     */
    protected SurveyResource(SurveyService survey, SurveyTickets tickets, String formId) {
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

    /** Builder of {@link SurveyResource}; its settings are {@link SurveyEndpointBuilder}'s. */
    public static final class Builder extends SurveyEndpointBuilder<Builder> {
        private Builder(SurveyService survey, SurveyTickets tickets) {
            super(survey, tickets);
        }

        /** @return the endpoint */
        public SurveyResource build() {
            return new SurveyResource(survey, tickets, formId);
        }
    }

    /**
     * The form for a ticket.
     *
     * @param ticket the ticket
     * @return the page
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam("ticket") String ticket) {
        return page(endpoint.show(ticket, "/survey", "/survey/assets"));
    }

    /**
     * Takes an answer.
     *
     * @param form the posted form
     * @return the thank-you page, or the form with a Persian message
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response submit(MultivaluedMap<String, String> form) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, List<String>> p : form.entrySet()) {
            SurveyEndpoint.keep(fields, p.getKey(), p.getValue());
        }
        return page(endpoint.submit(fields, "/survey", "/survey/assets"));
    }

    /**
     * The widget's script and style.
     *
     * @param name {@code panjereh-survey.js} or {@code panjereh-survey.css}
     * @return the file
     * @throws IOException if it cannot be read
     */
    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) throws IOException {
        byte[] file = SurveyEndpoint.asset(name);
        return file == null ? Response.status(404).build()
                : Response.ok(file, SurveyEndpoint.assetType(name)).header("Cache-Control", "max-age=3600").build();
    }

    private static Response page(SurveyEndpoint.Answer a) {
        String body = a.body();
        return Response.status(a.status()).type("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'")
                .entity("<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>نظرسنجی خدمت</title>"
                        + "</head><body><main>" + body + "</main></body></html>").build();
    }
}
