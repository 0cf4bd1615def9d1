package org.panjereh.spring.boot;

import org.panjereh.spring.boot.internal.CitizenSessions;
import org.panjereh.spring.boot.security.Assurance;
import org.panjereh.spring.boot.security.CitizenAuthentication;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
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
 * security expressions ({@code @PreAuthorize("@loa.atLeast('LOA3')")}), and the application's only
 * {@link AuthenticationProvider}: one that knows no local accounts. Without it Spring Boot would make an in-memory
 * user with a generated password (and print the password), a local login the national window's rules forbid.
 */
@AutoConfiguration(after = PanjerehSsoAutoConfiguration.class,
        beforeName = {"org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration", // Boot 3
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"}) // Boot 4
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

    /**
     * @return the provider of a portal whose people log in only through the national SSO: it accepts the
     *         {@link CitizenAuthentication} the callback made and nothing else (no user names, no passwords)
     */
    @Bean
    @ConditionalOnMissingBean({AuthenticationProvider.class, org.springframework.security.core.userdetails.UserDetailsService.class})
    public AuthenticationProvider panjerehNoLocalAccounts() {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication a) {
                return a instanceof CitizenAuthentication c && c.isAuthenticated() ? c : null;
            }

            @Override
            public boolean supports(Class<?> type) {
                return CitizenAuthentication.class.isAssignableFrom(type);
            }
        };
    }

    /** @return the {@code loa} bean of method security */
    @Bean(name = "loa")
    @ConditionalOnMissingBean(name = "loa")
    public Assurance.Expressions loa() {
        return new Assurance.Expressions();
    }
}
