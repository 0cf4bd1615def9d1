package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
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
 * ({@code gateway.demo.violations}) the kit fails the rule it breaks, with a message saying what it saw. The
 * unbroken gateway passing every rule: {@link ReferenceGatewayConformanceIT}.
 */
class ConformanceIT {

    private static final int PORT = 18781;
    private static final int SANDBOX = 18782;

    @TempDir
    Path dir;

    private ConformanceReport check(String violation, Duration wait) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.sandbox.port", Integer.toString(SANDBOX));
        settings.put("gateway.data-dir", dir.resolve("data").toString());
        if (violation != null) {
            settings.put("gateway.demo.violations", violation);
        }
        GatewayProcess g = GatewayProcess.start(PORT, settings, dir.resolve("gateway.log"));
        try {
            return ConformanceKit.builder(URI.create("http://127.0.0.1:" + PORT)).sandbox(URI.create("http://127.0.0.1:" + SANDBOX))
                    .waitForRecords(wait).build().run();
        } finally {
            g.close();
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
                Arguments.of("ignore-backchannel-logout", Rule.SSO_BACKCHANNEL_LOGOUT, "session still works"));
    }

    @ParameterizedTest(name = "{0} breaks {1}")
    @MethodSource("breaches")
    void eachBreachFailsItsRule(String violation, Rule rule, String said) throws Exception {
        ConformanceReport report = check(violation, Duration.ofSeconds(3));
        RuleResult r = report.result(rule);
        assertEquals(RuleResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains(said), r.message());
        assertFalse(report.passed());
    }
}
