package org.panjereh.examples.spring;

import org.panjereh.spring.boot.security.NationalLoginConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Who may open what: the public pages, the citizen's pages behind the national login, and the staff desk. */
@Configuration(proxyBeanMethods = false)
public class PortalSecurity {

    /** Created by Spring. */
    public PortalSecurity() {
    }

    /**
     * @param http  Spring Security's builder
     * @param staff the staff directory
     * @return the portal's filter chain
     * @throws Exception as Spring Security's builder does
     */
    @Bean
    SecurityFilterChain portal(HttpSecurity http, StaffDirectory staff) throws Exception {
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/css/**", "/survey", "/survey/**", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/staff", "/staff/**").access(staff)
                        .anyRequest().authenticated())
                // The survey's signed, single-use ticket is its own anti-forgery token; every other POST needs CSRF's.
                .csrf(c -> c.ignoringRequestMatchers("/survey", "/survey/**"))
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives(
                        "default-src 'self'; style-src 'self'; script-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'")))
                .with(NationalLoginConfigurer.nationalLogin(), Customizer.withDefaults())
                .build();
    }
}
