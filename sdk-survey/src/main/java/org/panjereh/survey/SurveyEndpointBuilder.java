package org.panjereh.survey;

import java.util.Objects;

/**
 * The settings {@link SurveyServlet} and {@link SurveyResource} share: the survey service, the tickets it
 * redeems and the form to show.
 *
 * @param <B> the concrete builder
 */
public abstract class SurveyEndpointBuilder<B extends SurveyEndpointBuilder<B>> {

    final SurveyService survey;
    final SurveyTickets tickets;
    String formId = "csat-v1";

    SurveyEndpointBuilder(SurveyService survey, SurveyTickets tickets) {
        this.survey = Objects.requireNonNull(survey, "survey");
        this.tickets = Objects.requireNonNull(tickets, "tickets");
    }

    /**
     * @param id the form to show: the service card's {@code evaluation.formId}; default {@code csat-v1}
     * @return this builder
     */
    @SuppressWarnings("unchecked")
    public B formId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new org.panjereh.core.PanjerehConfigurationException("a form id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
        this.formId = id;
        return (B) this;
    }
}
