package org.panjereh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.conformance.internal.Main;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** The command line's contract with CI: exit codes, usage errors, reports even when nothing answers. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, Main.run(new String[] {}));
        assertEquals(2, Main.run(new String[] {"--portal"}));
        assertEquals(2, Main.run(new String[] {"--portal=http://x", "--colour=red"}));
        assertEquals(2, Main.run(new String[] {"--portal=ftp://x"}));
        assertEquals(2, Main.run(new String[] {"--portal=http://x", "--driver=java.lang.String"}));
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> ConformanceKit.builder(URI.create("file:///etc"), new ReferenceGatewayDriver()));
        assertEquals(2, Main.run(new String[] {"--portal=http://x", "--rules=sso.national-only,no.such-rule"}));
        assertThrows(org.panjereh.core.PanjerehConfigurationException.class, () -> ConformanceKit.builder(URI.create("http://x"),
                new ReferenceGatewayDriver()).rules(java.util.List.of()));
    }

    @Test
    void selectedRulesAreCheckedWithWhatTheyNeedAndTheRestIsNotSelected() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            Path reports = dir.resolve("reports");
            assertEquals(1, Main.run(new String[] {"--portal=http://127.0.0.1:" + closed, "--sandbox=" + sandbox.issuer(),
                    "--report=" + reports, "--rules=card.public-and-complete"}));
            String xml = Files.readString(reports.resolve("TEST-national-window-conformance.xml"));
            assertTrue(xml.contains("failures=\"1\"") && xml.contains("skipped=\"" + (Rule.values().length - 1) + "\""), xml);
            // The survey's reply needs the survey, a delivered request and the citizen's login: checked, in that order.
            ConformanceReport r = ConformanceKit.builder(URI.create("http://127.0.0.1:" + closed), new ReferenceGatewayDriver())
                    .sandbox(sandbox.issuer()).waitForRecords(Duration.ZERO).rules(java.util.Set.of(Rule.SURVEY_FEEDBACK_ANSWERED))
                    .build().run();
            assertEquals(RuleResult.Outcome.FAILED, r.result(Rule.SSO_NATIONAL_ONLY).outcome());
            assertEquals(RuleResult.Outcome.NOT_RUN, r.result(Rule.TRACKING_PLATFORM_ISSUED).outcome());
            assertEquals(RuleResult.Outcome.NOT_RUN, r.result(Rule.SURVEY_AFTER_DELIVERY).outcome());
            assertEquals(RuleResult.Outcome.NOT_RUN, r.result(Rule.SURVEY_FEEDBACK_ANSWERED).outcome());
            assertEquals(RuleResult.Outcome.NOT_SELECTED, r.result(Rule.CARD_PUBLIC_AND_COMPLETE).outcome());
            assertEquals(RuleResult.Outcome.NOT_SELECTED, r.result(Rule.PAYMENT_RECEIPT_ONCE).outcome());
            assertFalse(r.passed());
            assertFalse(r.complete());
        }
    }

    @Test
    void aPortalThatDoesNotAnswerFailsEveryRuleAndStillWritesReports() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            Path reports = dir.resolve("reports");
            assertEquals(1, Main.run(new String[] {"--portal=http://127.0.0.1:" + closed, "--sandbox=" + sandbox.issuer(),
                    "--report=" + reports}));
            String xml = Files.readString(reports.resolve("TEST-national-window-conformance.xml"));
            assertTrue(xml.contains("failures=\"") && xml.contains("did not answer"), xml);
            assertTrue(Files.readString(reports.resolve("conformance-report.html")).contains("dir=\"rtl\""));
            ConformanceReport r = ConformanceKit.builder(URI.create("http://127.0.0.1:" + closed), new ReferenceGatewayDriver()).sandbox(sandbox.issuer())
                    .waitForRecords(Duration.ZERO).build().run();
            assertTrue(r.results().stream().noneMatch(RuleResult::passed), r.results().toString());
            assertEquals(RuleResult.Outcome.FAILED, r.result(Rule.SSO_NATIONAL_ONLY).outcome());
        }
    }

    @Test
    void anUnreachableSandboxMeansNothingCouldBeChecked() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ConformanceReport r = ConformanceKit.builder(URI.create("http://127.0.0.1:1"), new ReferenceGatewayDriver()).sandbox(URI.create("http://127.0.0.1:" + closed))
                .build().run();
        assertTrue(r.results().stream().allMatch(x -> x.outcome() == RuleResult.Outcome.NOT_RUN));
        assertTrue(r.result(Rule.EVENTS_LIFECYCLE).message().contains("discovery document"));
    }
}
