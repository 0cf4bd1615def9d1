package org.panjereh.conformance;

import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The kit in JUnit 5: extend it, annotate with {@link PortalConformance}, and every national-window rule
 * becomes a test of its own, failing with what the kit saw.
 *
 * <pre>{@code
 * @PortalConformance(portal = "http://127.0.0.1:8080", sandbox = "http://127.0.0.1:8089")
 * class NationalWindowConformanceTest extends PortalConformanceTest {
 * }
 * }</pre>
 */
public abstract class PortalConformanceTest {

    /** @return one test per rule */
    @TestFactory
    protected Stream<DynamicTest> nationalWindowRules() {
        PortalConformance c = getClass().getAnnotation(PortalConformance.class);
        if (c == null) {
            throw new IllegalStateException(getClass().getName() + " needs @PortalConformance");
        }
        PortalDriver driver;
        try {
            driver = c.driver().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create driver " + c.driver().getName() + ": " + e, e);
        }
        ConformanceReport report = ConformanceKit.builder(URI.create(System.getProperty("panjereh.conformance.portal", c.portal())), driver)
                .sandbox(URI.create(System.getProperty("panjereh.conformance.sandbox", c.sandbox())))
                .chromium(c.chromium() || Boolean.getBoolean("panjereh.conformance.chromium")).build().run();
        report.write(Path.of(c.reportDir()));
        return report.results().stream().map(r -> DynamicTest.dynamicTest(r.rule().id() + " — " + r.rule().titleEn(), () -> {
            if (!r.passed()) {
                Assertions.fail(r.rule().titleFa() + " (" + r.rule().source() + "): " + r.message());
            }
        }));
    }
}
