package org.panjereh.spring.boot;

import org.panjereh.spring.boot.internal.CitizenSessions;
import org.panjereh.spring.boot.security.Assurance;
import org.panjereh.spring.boot.security.NationalLoginConfigurer;
import org.panjereh.sso.NationalLogin;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * What {@link NationalLoginConfigurer} shares across filter chains, when Spring Security and {@code sdk-sso} are on
 * the class path: the index of logged-in sessions that back-channel logouts end, and the {@code loa} bean of method
 * security expressions ({@code @PreAuthorize("@loa.atLeast('LOA3')")}).
 */
@AutoConfiguration(after = PanjerehSsoAutoConfiguration.class)
@ConditionalOnClass({NationalLogin.class, org.springframework.security.config.annotation.web.builders.HttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PanjerehSecurityAutoConfiguration {

    /** Creates the configuration. */
    public PanjerehSecurityAutoConfiguration() {
    }

    /** @return the session index */
    @Bean
    @ConditionalOnMissingBean
    public CitizenSessions panjerehCitizenSessions() {
        return new CitizenSessions();
    }

    /** @return the {@code loa} bean of method security */
    @Bean(name = "loa")
    @ConditionalOnMissingBean(name = "loa")
    public Assurance.Expressions loa() {
        return new Assurance.Expressions();
    }
}
