package org.panjereh.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The reports CI and people read: JUnit XML that parses and counts right, HTML that escapes what it quotes. */
class ConformanceReportTest {

    @TempDir
    Path dir;

    static ConformanceReport report(RuleResult.Outcome forTracking, String message) {
        List<RuleResult> results = new ArrayList<>();
        for (Rule r : Rule.values()) {
            results.add(r == Rule.TRACKING_PLATFORM_ISSUED ? new RuleResult(r, forTracking, message, Duration.ofMillis(1500))
                    : new RuleResult(r, RuleResult.Outcome.PASSED, "", Duration.ofMillis(10)));
        }
        return new ConformanceReport(URI.create("http://127.0.0.1:8080/"), URI.create("http://127.0.0.1:8089"),
                Instant.parse("2026-11-23T00:00:00Z"), results);
    }

    @Test
    void junitXmlParsesAndCountsFailures() throws Exception {
        ConformanceReport r = report(RuleResult.Outcome.FAILED, "id 123 <never> issued & \"shown\"");
        assertFalse(r.passed());
        r.write(dir);
        byte[] xml = Files.readAllBytes(dir.resolve("TEST-national-window-conformance.xml"));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        assertEquals(String.valueOf(Rule.values().length), d.getDocumentElement().getAttribute("tests"));
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals("0", d.getDocumentElement().getAttribute("errors"));
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertEquals("id 123 <never> issued & \"shown\"",
                ((org.w3c.dom.Element) d.getElementsByTagName("failure").item(0)).getAttribute("message"));
        assertTrue(new String(xml, StandardCharsets.UTF_8).contains("tracking.platform-issued"));
    }

    @Test
    void aRunOfSelectedRulesPassesOnThemAndSaysItIsPartial() throws Exception {
        ConformanceReport r = report(RuleResult.Outcome.NOT_SELECTED, "not selected");
        assertTrue(r.passed());
        assertFalse(r.complete());
        assertFalse(r.result(Rule.TRACKING_PLATFORM_ISSUED).passed(), "a rule not looked at is not a pass");
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.junitXml().getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", d.getDocumentElement().getAttribute("skipped"));
        assertEquals("0", d.getDocumentElement().getAttribute("errors"));
        assertTrue(r.html().contains("the others were not checked"), r.html());
        assertTrue(r.html().contains("انتخاب نشد"), r.html());
        assertTrue(report(RuleResult.Outcome.PASSED, "").complete());
        assertTrue(report(RuleResult.Outcome.PASSED, "").html().contains("all rules pass"));
    }

    @Test
    void notRunRulesAreErrorsNotPasses() throws Exception {
        ConformanceReport r = report(RuleResult.Outcome.NOT_RUN, "not checked: login failed");
        assertFalse(r.passed());
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.junitXml().getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", d.getDocumentElement().getAttribute("errors"));
    }

    @Test
    void htmlIsPersianRightToLeftCitesArticlesAndEscapes() {
        String html = report(RuleResult.Outcome.FAILED, "<script>alert(1)</script>").html();
        assertTrue(html.contains("dir=\"rtl\"") && html.contains("lang=\"fa\""));
        for (Rule rule : Rule.values()) {
            assertTrue(html.contains(rule.titleFa()) && html.contains(rule.titleEn().replace("'", "&#39;")), rule.id());
        }
        assertTrue(html.contains("ضوابط فنی اجرایی توسعه دولت الکترونیک، ماده ۱۳"));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("&lt;script&gt;"));
    }

    @Test
    void aPassingReportSaysSo() {
        assertTrue(report(RuleResult.Outcome.PASSED, "").passed());
    }
}
