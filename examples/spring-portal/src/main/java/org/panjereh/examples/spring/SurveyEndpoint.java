package org.panjereh.examples.spring;

import org.panjereh.survey.SurveyService;
import org.panjereh.survey.SurveyServlet;
import org.panjereh.survey.SurveyTickets;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SDK's survey page at {@code /survey}, from the starter's survey service and tickets. */
@Configuration(proxyBeanMethods = false)
public class SurveyEndpoint {

    /** Created by Spring. */
    public SurveyEndpoint() {
    }

    /**
     * @param survey  the survey service
     * @param tickets the tickets it redeems
     * @return the servlet's registration
     */
    @Bean
    ServletRegistrationBean<SurveyServlet> surveyServlet(SurveyService survey, SurveyTickets tickets) {
        return new ServletRegistrationBean<>(SurveyServlet.builder(survey, tickets).build(), "/survey", "/survey/*");
    }
}
