package org.panjereh.conformance.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.conformance.ReferenceGatewayDriver;
import org.panjereh.conformance.RuleResult;

/**
 * {@code java -jar conformance-kit.jar --portal=URL [--sandbox=URL] [--report=DIR] [--driver=CLASS] [--chromium]}: exit 0 only
 * when every rule passes, 1 when one does not, 2 on a usage error.
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args the options above
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * @param args the options
     * @return the exit code
     */
    public static int run(String[] args) {
        Map<String, String> o = new HashMap<>();
        boolean chromium = false;
        for (String a : args) {
            if (a.equals("--chromium")) {
                chromium = true;
                continue;
            }
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0 || !java.util.Set.of("portal", "sandbox", "report", "driver").contains(a.substring(2, eq))) {
                return usage("Unknown option " + a);
            }
            o.put(a.substring(2, eq), a.substring(eq + 1));
        }
        if (!o.containsKey("portal")) {
            return usage("--portal=URL is required");
        }
        ConformanceKit.Builder kit;
        try {
            // Without --driver the portal is driven as the reference gateway, and the output says so.
            PortalDriver driver = o.containsKey("driver")
                    ? (PortalDriver) Class.forName(o.get("driver")).getDeclaredConstructor().newInstance()
                    : new ReferenceGatewayDriver();
            System.out.println("driver: " + driver.getClass().getName());
            kit = ConformanceKit.builder(URI.create(o.get("portal")), driver).chromium(chromium);
            if (o.containsKey("sandbox")) {
                kit.sandbox(URI.create(o.get("sandbox")));
            }
        } catch (IllegalArgumentException | org.panjereh.core.PanjerehConfigurationException | ReflectiveOperationException
                | ClassCastException e) {
            return usage(e.getMessage());
        }
        ConformanceReport report = kit.build().run();
        Path dir = Path.of(o.getOrDefault("report", "conformance-report"));
        report.write(dir);
        for (RuleResult r : report.results()) {
            System.out.printf("%-8s %-32s %s%n", r.outcome(), r.rule().id(), r.message());
        }
        System.out.println((report.passed() ? "PASS" : "FAIL") + " — reports in " + dir.toAbsolutePath());
        return report.passed() ? 0 : 1;
    }

    private static int usage(String why) {
        System.err.println(why);
        System.err.println("usage: java -jar conformance-kit.jar --portal=URL [--sandbox=URL] [--report=DIR] [--driver=CLASS] [--chromium]");
        return 2;
    }
}
