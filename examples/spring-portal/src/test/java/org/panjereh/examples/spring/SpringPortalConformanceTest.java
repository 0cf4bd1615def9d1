package org.panjereh.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Filter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.Rule;
import org.panjereh.conformance.RuleResult;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The conformance kit against this Spring Boot portal, started as its own application against a national sandbox:
 * every rule that applies passes; and a portal whose back-channel logout calls are swallowed before they reach
 * the starter (a proxy rule, say) fails the back-channel rule.
 */
class SpringPortalConformanceTest {

    @TempDir
    Path dir;

    RunningPortal portal;

    @BeforeEach
    void startSandbox() throws Exception {
        portal = new RunningPortal(dir);
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    private void startPortal(Class<?>... extra) {
        portal.start(extra);
    }

    private ConformanceReport kit(Duration wait) {
        return ConformanceKit.builder(URI.create(portal.base), new SpringPortalDriver()).sandbox(portal.sandbox.issuer())
                .waitForRecords(wait).build().run();
    }

    @Test
    void thePortalPassesEveryRuleThatApplies() throws Exception {
        startPortal();
        // The starter made the registry follow cards/30301000001.yaml, whose volumes are newer than the registry's.
        try (okhttp3.Response r = new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder()
                .url(portal.sandbox.issuer() + "/admin/cards").build()).execute()) {
            com.fasterxml.jackson.databind.JsonNode card = null;
            for (com.fasterxml.jackson.databind.JsonNode c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body().string())) {
                if (c.path("serviceId").asText().equals("30301000001")) {
                    card = c;
                }
            }
            assertEquals(43500, card.path("yearlyVolume").path("web").asInt(), "the portal's YAML card was submitted: " + card);
        }
        ConformanceReport report = kit(Duration.ofSeconds(30));
        for (RuleResult r : report.results()) {
            // This portal issues no documents, charges no fee, answers no feedback page, provides no data to other
            // agencies, counts no monthly report and names no service for foreign nationals or companies (its card admits
            // foreign nationals, but its driver does not say which service refuses them): those rules do not apply.
            boolean applies = !List.of(Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE, Rule.PAYMENT_VERIFIED_BEFORE_DELIVERY,
                    Rule.PAYMENT_REFUND_ON_REJECT, Rule.PAYMENT_RECEIPT_ONCE, Rule.SURVEY_FEEDBACK_ANSWERED,
                    Rule.EXCHANGE_PROVIDER_AUTHENTICATES, Rule.EXCHANGE_PROVIDER_AUTHORISES, Rule.EXCHANGE_PROVIDER_SIGNS,
                    Rule.EXCHANGE_PROVIDER_AUDITS, Rule.REPORT_MONTHLY, Rule.IDENTITY_FOREIGN_NATIONALS,
                    Rule.IDENTITY_LEGAL_REPRESENTATION).contains(r.rule());
            assertEquals(applies ? RuleResult.Outcome.PASSED : RuleResult.Outcome.NOT_APPLICABLE, r.outcome(),
                    r.rule().id() + ": " + r.message());
        }
        assertTrue(report.passed(), "a portal passes when every rule that applies passes");
    }

    @Test
    void theCardDecidesWhoMayApplyACompanysRepresentativeIsRefusedInPersian() throws Exception {
        startPortal();
        // (A foreign national's login reaches level 1, below this form's level 2: the national login refuses first.)
        for (String person : new String[] {"citizen-sara"}) {
            org.panjereh.conformance.PortalBrowser b = new org.panjereh.conformance.PortalBrowser(URI.create(portal.base));
            org.panjereh.conformance.PortalBrowser.Page login = b.open("/apply");
            org.panjereh.conformance.PortalBrowser.Page form = b.submit(login, "form", java.util.Map.of("citizen", person,
                    "loa", "urn:ir:gov:loa:2", "action", "login"));
            org.panjereh.conformance.PortalBrowser.Page refused = b.submit(form, "main form",
                    java.util.Map.of("birthDate", "1369/02/22"));
            assertTrue(refused.text().contains("برای اشخاص حقیقی است") && refused.text().contains("نمی‌توانند آن را درخواست کنند")
                    && refused.text().contains("شناسه خطا"), person + ": " + refused.text());
            assertTrue(refused.first("main .tracking").isEmpty(), person + " got no tracking id");
        }
    }

    /** The breach: a filter ahead of Spring Security answers the platform's logout calls and drops them. */
    @Configuration(proxyBeanMethods = false)
    static class SwallowedBackChannel {
        @Bean
        FilterRegistrationBean<Filter> swallowBackChannel() {
            FilterRegistrationBean<Filter> r = new FilterRegistrationBean<>((req, res, chain) -> {
                jakarta.servlet.http.HttpServletRequest h = (jakarta.servlet.http.HttpServletRequest) req;
                if (h.getRequestURI().equals("/backchannel-logout")) {
                    ((jakarta.servlet.http.HttpServletResponse) res).setStatus(200);
                    return;
                }
                chain.doFilter(req, res);
            });
            r.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return r;
        }
    }

    @Test
    void aSwallowedBackChannelLogoutFailsItsRule() {
        startPortal(SwallowedBackChannel.class);
        ConformanceReport report = kit(Duration.ofSeconds(3));
        RuleResult r = report.result(Rule.SSO_BACKCHANNEL_LOGOUT);
        assertEquals(RuleResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("session still works"), r.message());
        assertFalse(report.passed());
        assertTrue(report.result(Rule.SSO_NATIONAL_ONLY).passed(), report.result(Rule.SSO_NATIONAL_ONLY).message());
    }
}
