package org.panjereh.cards.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code TEST-service-cards.xml}: one test case per card file, as CI servers read JUnit reports. */
final class JUnitReport {

    record Case(String name, List<String> failures) {
    }

    private JUnitReport() {
    }

    static void write(Path dir, List<Case> cases) throws IOException {
        Files.createDirectories(dir);
        long failed = cases.stream().filter(c -> !c.failures().isEmpty()).count();
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"service-cards\" tests=\"")
                .append(cases.size()).append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"0\">\n");
        for (Case c : cases) {
            b.append("  <testcase classname=\"service-cards\" name=\"").append(xml(c.name())).append("\"");
            if (c.failures().isEmpty()) {
                b.append("/>\n");
            } else {
                b.append(">\n    <failure message=\"").append(xml(c.failures().size() + " problem(s)")).append("\">")
                        .append(xml(String.join("\n", c.failures()))).append("</failure>\n  </testcase>\n");
            }
        }
        b.append("</testsuite>\n");
        Files.writeString(dir.resolve("TEST-service-cards.xml"), b, StandardCharsets.UTF_8);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
