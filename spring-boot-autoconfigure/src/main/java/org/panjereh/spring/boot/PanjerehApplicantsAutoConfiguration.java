package org.panjereh.spring.boot;

import org.panjereh.inquiry.NationalExchange;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Who may apply for a service ({@link ApplicantCheck}): the card's {@code eligible}, and a representative confirmed at
 * the company registry through the exchange, when both {@code sdk-sso} and {@code sdk-inquiry} are present.
 */
@AutoConfiguration(after = PanjerehExchangeAutoConfiguration.class)
@ConditionalOnClass(name = {"org.panjereh.sso.Citizen", "org.panjereh.inquiry.NationalExchange"})
@ConditionalOnBean(NationalExchange.class)
public class PanjerehApplicantsAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehApplicantsAutoConfiguration() {
    }

    /**
     * @param exchange the exchange
     * @return the check, on the system clock
     */
    @Bean
    @ConditionalOnMissingBean
    public ApplicantCheck panjerehApplicantCheck(NationalExchange exchange) {
        return new ApplicantCheck(exchange, java.time.Clock.systemUTC());
    }
}
