package org.panjereh.spring.boot.testportal;

import org.panjereh.core.LevelOfAssurance;
import org.panjereh.spring.boot.security.Assurance;
import org.panjereh.spring.boot.security.NationalLoginConfigurer;
import org.panjereh.sso.Citizen;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small portal the way a Spring team writes one, protected by the starter's national login. */
@SpringBootApplication
@EnableMethodSecurity
public class TestPortal {

    /** The filter chain of the README. */
    @Bean
    SecurityFilterChain portal(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/", "/actuator/**").permitAll()
                        .requestMatchers("/permits/**").access(Assurance.atLeast(LevelOfAssurance.LOA3))
                        .requestMatchers("/staff/**").hasRole("STAFF")
                        .anyRequest().authenticated())
                .with(NationalLoginConfigurer.nationalLogin(), Customizer.withDefaults())
                .build();
    }

    /** A service whose method needs level 3. */
    @Service
    public static class Vault {
        /** @return a secret only level 3 sees */
        @PreAuthorize("@loa.atLeast('LOA3')")
        public String open() {
            return "vault open";
        }
    }

    /** The portal's pages. */
    @RestController
    public static class Pages {
        private final Vault vault;

        Pages(Vault vault) {
            this.vault = vault;
        }

        @GetMapping("/")
        String home() {
            return "home";
        }

        @GetMapping("/me")
        String me(@AuthenticationPrincipal Citizen citizen) {
            return "hello " + citizen.subject() + " " + citizen.acr().name();
        }

        @GetMapping("/sid")
        String sid(@AuthenticationPrincipal Citizen citizen) {
            return citizen.sessionId();
        }

        @GetMapping("/permits")
        String permits(@AuthenticationPrincipal Citizen citizen) {
            return "permits of " + citizen.subject() + " " + citizen.acr().name();
        }

        @GetMapping("/vault")
        String vault() {
            return vault.open();
        }

        @GetMapping("/staff/desk")
        String desk() {
            return "desk";
        }

        @GetMapping("/csrf")
        String csrf(CsrfToken token) {
            return token.getHeaderName() + "=" + token.getToken();
        }

        @PostMapping("/apply")
        String apply() {
            return "applied";
        }
    }
}
