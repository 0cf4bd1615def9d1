package org.panjereh.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one run: every rule's outcome, and the reports CI reads (JUnit XML) and people read (HTML,
 * Persian and English, each rule citing its article).
 *
 * @param portal  the portal checked
 * @param sandbox the sandbox it was checked with
 * @param started when the run started
 * @param results one result per rule, in {@link Rule} order
 */
public record ConformanceReport(URI portal, URI sandbox, Instant started, List<RuleResult> results) {

    /** Freezes the results. */
    public ConformanceReport {
        Objects.requireNonNull(portal, "portal");
        results = List.copyOf(results);
    }

    /**
     * @return whether every rule checked passed: with every rule selected (the default), the portal conforms; with some
     *         ({@link ConformanceKit.Builder#rules}), only that it follows those, as {@link #complete()} tells
     */
    public boolean passed() {
        return results.stream().filter(r -> r.outcome() != RuleResult.Outcome.NOT_SELECTED).allMatch(RuleResult::passed);
    }

    /** @return whether every rule was selected, so that {@link #passed()} means the portal conforms */
    public boolean complete() {
        return results.stream().noneMatch(r -> r.outcome() == RuleResult.Outcome.NOT_SELECTED);
    }

    /**
     * @param rule a rule
     * @return its result
     */
    public RuleResult result(Rule rule) {
        return results.stream().filter(r -> r.rule() == rule).findFirst().orElseThrow();
    }

    /**
     * Writes {@code TEST-national-window-conformance.xml} and {@code conformance-report.html} into a directory.
     *
     * @param dir the directory, created when missing
     */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("TEST-national-window-conformance.xml"), junitXml(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("conformance-report.html"), html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the conformance report to " + dir, e);
        }
    }

    /** @return the results as a JUnit XML test suite, one test case per rule */
    public String junitXml() {
        long failures = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.FAILED).count();
        long errors = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.NOT_RUN).count();
        long skipped = results.stream().filter(r -> r.outcome() == RuleResult.Outcome.NOT_APPLICABLE
                || r.outcome() == RuleResult.Outcome.NOT_SELECTED).count();
        double total = results.stream().map(RuleResult::took).mapToLong(Duration::toMillis).sum() / 1000.0;
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"national-window-conformance\" tests=\"")
                .append(results.size()).append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"").append(skipped).append("\" time=\"").append(total).append("\" timestamp=\"").append(started).append("\">\n")
                .append("  <properties><property name=\"portal\" value=\"").append(xml(portal.toString()))
                .append("\"/><property name=\"sandbox\" value=\"").append(xml(String.valueOf(sandbox))).append("\"/></properties>\n");
        for (RuleResult r : results) {
            b.append("  <testcase classname=\"national-window\" name=\"").append(xml(r.rule().id() + ": " + r.rule().titleEn()))
                    .append("\" time=\"").append(r.took().toMillis() / 1000.0).append("\">");
            if (r.outcome() == RuleResult.Outcome.FAILED) {
                b.append("\n    <failure message=\"").append(xml(r.message())).append("\" type=\"rule\">")
                        .append(xml(r.rule().titleFa() + "\n" + r.rule().source() + "\n" + r.message())).append("</failure>\n  ");
            } else if (r.outcome() == RuleResult.Outcome.NOT_RUN) {
                b.append("\n    <error message=\"").append(xml(r.message())).append("\" type=\"not-run\"/>\n  ");
            } else if (r.outcome() == RuleResult.Outcome.NOT_APPLICABLE || r.outcome() == RuleResult.Outcome.NOT_SELECTED) {
                b.append("\n    <skipped message=\"").append(xml(r.message())).append("\"/>\n  ");
            }
            b.append("</testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    /** @return a readable page, right to left, with Persian and English titles and each rule's article */
    public String html() {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
                + "<title>گزارش انطباق با پنجره ملی</title><style>body{font-family:Vazirmatn,Tahoma,sans-serif;max-width:70rem;"
                + "margin:2rem auto;padding:0 1rem;line-height:1.7}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;"
                + "padding:.4rem;vertical-align:top;text-align:start}.PASSED{color:#1b6e3a}.FAILED,.NOT_RUN{color:#a4161a}"
                + "[lang=en]{direction:ltr;text-align:left}span[lang=en]{display:block}</style></head><body><h1>گزارش انطباق با قواعد پنجره ملی</h1>"
                + "<p lang=\"en\">National window conformance report</p><p>درگاه: <code>").append(xml(portal.toString()))
                .append("</code> · sandbox: <code>").append(xml(String.valueOf(sandbox))).append("</code> · ").append(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append("</p><p><strong class=\"").append(!passed() ? "FAILED\">درگاه با همه قواعد منطبق نیست · the portal does not conform"
                        : complete() ? "PASSED\">همه قواعد رعایت شده است · all rules pass"
                        : "PASSED\">قواعد انتخاب‌شده رعایت شده است؛ بقیه بررسی نشد · the selected rules pass; the others were not checked")
                .append("</strong></p>")
                .append("<table><thead><tr><th>قاعده</th><th>عنوان</th><th>مستند</th><th>نتیجه</th><th lang=\"en\">Finding</th></tr></thead><tbody>");
        for (RuleResult r : results) {
            b.append("<tr><td><code>").append(xml(r.rule().id())).append("</code></td><td>").append(xml(r.rule().titleFa()))
                    .append("<br><span lang=\"en\">").append(xml(r.rule().titleEn())).append("</span></td><td>")
                    .append(xml(r.rule().source())).append("</td><td class=\"").append(r.outcome()).append("\">")
                    .append(switch (r.outcome()) {
                        case PASSED -> "قبول · passed";
                        case FAILED -> "رد · failed";
                        case NOT_RUN -> "اجرا نشد · not run";
                        case NOT_APPLICABLE -> "نامرتبط · not applicable";
                        case NOT_SELECTED -> "انتخاب نشد · not selected";
                    }).append("</td><td lang=\"en\">").append(xml(r.message())).append("</td></tr>");
        }
        return b.append("</tbody></table></body></html>\n").toString();
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
