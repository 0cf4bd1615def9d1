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

    /** @return a port nothing listens on */
    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Runs the command line against a portal that does not answer, expecting exit code 1.
     *
     * @return the JUnit XML it wrote
     */
    private String failingRun(int portal, NationalSandbox sandbox, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--portal=http://127.0.0.1:" + portal,
                "--sandbox=" + sandbox.issuer(), "--report=" + dir.resolve("reports")));
        args.addAll(java.util.List.of(more));
        assertEquals(1, Main.run(args.toArray(String[]::new)));
        return Files.readString(dir.resolve("reports").resolve("TEST-national-window-conformance.xml"));
    }

    @Test
    void selectedRulesAreCheckedWithWhatTheyNeedAndTheRestIsNotSelected() throws Exception {
        int closed = closedPort();
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            String xml = failingRun(closed, sandbox, "--rules=card.public-and-complete");
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
        int closed = closedPort();
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).build())) {
            String xml = failingRun(closed, sandbox);
            assertTrue(xml.contains("failures=\"") && xml.contains("did not answer"), xml);
            assertTrue(Files.readString(dir.resolve("reports").resolve("conformance-report.html")).contains("dir=\"rtl\""));
            ConformanceReport r = ConformanceKit.builder(URI.create("http://127.0.0.1:" + closed), new ReferenceGatewayDriver()).sandbox(sandbox.issuer())
                    .waitForRecords(Duration.ZERO).build().run();
            assertTrue(r.results().stream().noneMatch(RuleResult::passed), r.results().toString());
            assertEquals(RuleResult.Outcome.FAILED, r.result(Rule.SSO_NATIONAL_ONLY).outcome());
        }
    }

    @Test
    void anUnreachableSandboxMeansNothingCouldBeChecked() throws Exception {
        int closed = closedPort();
        ConformanceReport r = ConformanceKit.builder(URI.create("http://127.0.0.1:1"), new ReferenceGatewayDriver()).sandbox(URI.create("http://127.0.0.1:" + closed))
                .build().run();
        assertTrue(r.results().stream().allMatch(x -> x.outcome() == RuleResult.Outcome.NOT_RUN));
        assertTrue(r.result(Rule.EVENTS_LIFECYCLE).message().contains("discovery document"));
    }
}
