package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.Rule;
import org.panjereh.conformance.RuleResult;

/**
 * The conformance kit against deliberately broken variants of the built reference gateway: with each breach
 * ({@code gateway.demo.violations}) the kit fails the rule it breaks, with a message saying what it saw. Each breach is
 * checked on its own rule and what that rule needs ({@code ConformanceKit.Builder.rules}); the unbroken gateway on every
 * rule, here in Chromium and in {@link ReferenceGatewayConformanceIT}.
 */
class ConformanceIT {

    private static final int PORT = 18781;
    private static final int SANDBOX = 18782;

    /**
     * How long the kit may wait for a record at most. The gateway tells the kit when nothing is on its way any more
     * ({@code PortalDriver.undeliveredRecords}), so a record that will never come costs no waiting: this only bounds a
     * slow machine.
     */
    private static final Duration RECORDS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * The gateway with a breach, checked by the kit.
     *
     * @param violation the breach ({@code gateway.demo.violations}), or {@code null} for none
     * @param chromium  whether the kit logs in in Chromium too
     * @param host      the portal's host: with localhost the portal and the sandbox (127.0.0.1) are different sites to a
     *                  browser
     * @param rules     the rules to check (with what they need): a breach's own rule is all its test looks at
     */
    private ConformanceReport check(String violation, boolean chromium, String host, Set<Rule> rules) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.sandbox.port", Integer.toString(SANDBOX));
        settings.put("gateway.data-dir", dir.resolve("data").toString());
        settings.put("gateway.base-url", "http://" + host + ":" + PORT);
        if (violation != null) {
            settings.put("gateway.demo.violations", violation);
        }
        GatewayProcess g = GatewayProcess.start(PORT, settings, dir.resolve("gateway.log"));
        ConformanceReport report;
        try {
            report = ConformanceKit.builder(URI.create("http://" + host + ":" + PORT),
                            new org.panjereh.conformance.ReferenceGatewayDriver().paidService("10101234567"))
                    .sandbox(URI.create("http://127.0.0.1:" + SANDBOX))
                    .waitForRecords(RECORDS).chromium(chromium).rules(rules).build().run();
        } finally {
            g.close();
        }
        // Stopping flushes the kit's page views to the platform, and the embedded sandbox stops only after that.
        assertFalse(g.log().lines().anyMatch(l -> l.contains("Visitor counts not all sent at stop")),
                () -> g.log().lines().filter(l -> l.contains("Visitor counts")).toList().toString());
        return report;
    }

    @Test
    void chromiumSeesALoginThatOnlyWorksWithoutABrowser() throws Exception {
        // A SameSite=Strict session cookie: plain HTTP sends it anyway, a browser withholds it on the platform's
        // redirect back, so real people can never log in.
        ConformanceReport http = check("strict-session-cookie", false, "localhost", EnumSet.of(Rule.SSO_NATIONAL_ONLY));
        assertTrue(http.result(Rule.SSO_NATIONAL_ONLY).passed(), "plain HTTP cannot see it: "
                + http.result(Rule.SSO_NATIONAL_ONLY).message());
        ConformanceReport chromium = check("strict-session-cookie", true, "localhost", EnumSet.of(Rule.SSO_NATIONAL_ONLY));
        RuleResult r = chromium.result(Rule.SSO_NATIONAL_ONLY);
        assertEquals(RuleResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("In Chromium the login did not come back"), r.message());
    }

    @Test
    void theReferenceGatewayPassesInChromiumToo() throws Exception {
        ConformanceReport report = check(null, true, "127.0.0.1", EnumSet.allOf(Rule.class));
        assertTrue(report.complete());
        for (RuleResult r : report.results()) {
            assertTrue(r.passed(), r.rule().id() + ": " + r.message());
        }
    }

    static Stream<Arguments> breaches() {
        return Stream.of(
                Arguments.of("local-login", Rule.SSO_NATIONAL_ONLY, "did not lead to the national SSO"),
                Arguments.of("signup", Rule.SSO_NO_LOCAL_SIGNUP, "local registration"),
                Arguments.of("no-account-link", Rule.SSO_NATIONAL_WINDOW_LINK, "«انتقال به پنجره ملی»"),
                Arguments.of("ignore-token-errors", Rule.SSO_FORGED_ID_TOKEN, "signed by a key the platform does not publish"),
                Arguments.of("local-tracking-ids", Rule.TRACKING_PLATFORM_ISSUED, "never issued"),
                Arguments.of("no-inquiry", Rule.EXCHANGE_ONLY, "no inquiry through the national exchange"),
                Arguments.of("no-started-event", Rule.EVENTS_LIFECYCLE, "reached the platform"),
                Arguments.of("no-message-box", Rule.MESSAGE_BOX_DELIVERY, "message box"),
                Arguments.of("no-survey", Rule.SURVEY_AFTER_DELIVERY, "No satisfaction survey"),
                Arguments.of("ignore-backchannel-logout", Rule.SSO_BACKCHANNEL_LOGOUT, "session still works"),
                Arguments.of("deliver-unpaid", Rule.PAYMENT_VERIFIED_BEFORE_DELIVERY, "delivered although its only payment was cancelled"),
                Arguments.of("trust-payment-return", Rule.PAYMENT_VERIFIED_BEFORE_DELIVERY, "delivered although"),
                Arguments.of("no-refund-on-reject", Rule.PAYMENT_REFUND_ON_REJECT, "nothing was refunded"),
                Arguments.of("altered-documents", Rule.DOCUMENTS_SIGNED_AND_VERIFIABLE, "does not verify"),
                Arguments.of("provider-no-auth", Rule.EXCHANGE_PROVIDER_AUTHENTICATES, "without the exchange's token"),
                Arguments.of("provider-unsigned", Rule.EXCHANGE_PROVIDER_SIGNS, "no X-Provider-Signature"),
                Arguments.of("feedback-not-sent", Rule.SURVEY_FEEDBACK_ANSWERED, "no reply to its survey response"),
                Arguments.of("card-hidden", Rule.CARD_PUBLIC_AND_COMPLETE, "is not public"),
                Arguments.of("report-miscounted", Rule.REPORT_MONTHLY, "tracking ids for it this month"),
                Arguments.of("foreigners-refused", Rule.IDENTITY_FOREIGN_NATIONALS, "whose card admits foreign nationals"),
                Arguments.of("representation-unchecked", Rule.IDENTITY_LEGAL_REPRESENTATION, "got tracking id"));
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @MethodSource("breaches")
    void eachBreachFailsItsRule(String violation, Rule rule, String said) throws Exception {
        ConformanceReport report = check(violation, false, "127.0.0.1", EnumSet.of(rule));
        RuleResult r = report.result(rule);
        assertEquals(RuleResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains(said), r.message());
        assertFalse(report.passed());
    }
}
