package org.panjereh.examples.spring;

import org.panjereh.core.LevelOfAssurance;
import org.panjereh.spring.boot.security.Assurance;
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
                        .requestMatchers("/", "/css/**", "/services/**", "/survey", "/survey/**", "/error", "/actuator/health").permitAll()
                        .requestMatchers("/apply").access(Assurance.atLeast(LevelOfAssurance.LOA2))   // the card's authLevel
                        .requestMatchers("/staff", "/staff/**").access(staff)
                        .anyRequest().authenticated())
                .csrf(c -> c.ignoringRequestMatchers("/survey", "/survey/**"))   // the survey ticket is its own token
                .with(NationalLoginConfigurer.nationalLogin(), Customizer.withDefaults())
                .build();
    }
}
