package org.panjereh.spring.boot;

import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.survey.SurveyService;
import org.panjereh.survey.SurveyTickets;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The satisfaction survey, when {@code sdk-survey} is on the class path and the event publisher exists (answers
 * wait in its outbox): the tickets signed with the agency's key, and the survey service. The survey page itself is
 * the application's to place, e.g. {@code SurveyServlet} in a {@code ServletRegistrationBean}.
 */
@AutoConfiguration(after = PanjerehEventsAutoConfiguration.class)
@ConditionalOnClass(SurveyService.class)
@ConditionalOnBean(ServiceEventPublisher.class)
public class PanjerehSurveyAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehSurveyAutoConfiguration() {
    }

    /**
     * @param credentials the agency (its key signs the tickets)
     * @param properties  {@code panjereh.survey.ticket-lifetime}
     * @return the survey tickets
     */
    @Bean
    @ConditionalOnMissingBean
    public SurveyTickets panjerehSurveyTickets(AgencyCredentials credentials, PanjerehProperties properties) {
        return SurveyTickets.builder(credentials.signingKey()).lifetime(properties.getSurvey().getTicketLifetime()).build();
    }

    /**
     * @param client    the platform
     * @param publisher the event publisher
     * @param tickets   the tickets
     * @return the survey service
     */
    @Bean
    @ConditionalOnMissingBean
    public SurveyService panjerehSurveyService(PlatformClient client, ServiceEventPublisher publisher, SurveyTickets tickets) {
        return SurveyService.builder(client, publisher, tickets).build();
    }
}
