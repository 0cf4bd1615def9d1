package org.panjereh.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import jakarta.servlet.Filter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.Rule;
import org.panjereh.conformance.RuleResult;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
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

    NationalSandbox sandbox;
    ConfigurableApplicationContext portal;
    String base;

    @BeforeEach
    void startSandbox() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
        Files.writeString(dir.resolve("user-ref.key"), java.util.Base64.getEncoder().encodeToString(
                "a user-ref key of 32 bytes or more for the test".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("3030", "agency-3030",
                List.of(URI.create(base + "/login/callback")), new JWKSet(key.publicJwk()), null,
                URI.create(base + "/backchannel-logout"))).build());
    }

    @AfterEach
    void stop() {
        if (portal != null) {
            portal.close();
        }
        sandbox.close();
    }

    private void startPortal(Class<?>... extra) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("server.port", URI.create(base).getPort());
        props.put("panjereh.platform.issuer", sandbox.issuer().toString());
        props.put("panjereh.agency.key-file", dir.resolve("agency.jwk").toString());
        props.put("panjereh.sso.redirect-uri", base + "/login/callback");
        props.put("panjereh.exchange.user-ref-key-file", dir.resolve("user-ref.key").toString());
        props.put("panjereh.events.dead-letter-file", dir.resolve("dead-letters.jsonl").toString());
        props.put("portal.base-url", base);
        props.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve("portal") + ";DB_CLOSE_ON_EXIT=FALSE");
        // As command-line arguments: they take precedence over application.yml, as an operator's would.
        portal = new SpringApplicationBuilder(SpringPortalApplication.class).sources(extra)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private ConformanceReport kit(Duration wait) {
        return ConformanceKit.builder(URI.create(base)).sandbox(sandbox.issuer()).driver(new SpringPortalDriver())
                .waitForRecords(wait).build().run();
    }

    @Test
    void thePortalPassesEveryRuleThatApplies() {
        startPortal();
        ConformanceReport report = kit(Duration.ofSeconds(30));
        for (RuleResult r : report.results()) {
            boolean applies = !List.of(Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE, Rule.PAYMENT_VERIFIED_BEFORE_DELIVERY,
                    Rule.PAYMENT_REFUND_ON_REJECT, Rule.PAYMENT_RECEIPT_ONCE).contains(r.rule());
            assertEquals(applies ? RuleResult.Outcome.PASSED : RuleResult.Outcome.NOT_APPLICABLE, r.outcome(),
                    r.rule().id() + ": " + r.message());
        }
        assertTrue(report.passed(), "a portal passes when every rule that applies passes");
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
