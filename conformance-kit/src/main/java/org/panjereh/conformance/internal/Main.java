package org.panjereh.conformance.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.conformance.ReferenceGatewayDriver;
import org.panjereh.conformance.Rule;
import org.panjereh.conformance.RuleResult;

/**
 * {@code java -jar conformance-kit.jar --portal=URL [--sandbox=URL] [--report=DIR] [--driver=CLASS] [--rules=ID,ID]
 * [--chromium]}: exit 0 only when every rule checked passes (every rule, unless {@code --rules} names some), 1 when one
 * does not, 2 on a usage error.
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
            if (!a.startsWith("--") || eq < 0 || !java.util.Set.of("portal", "sandbox", "report", "driver", "rules").contains(a.substring(2, eq))) {
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
            if (o.containsKey("rules")) {
                kit.rules(rules(o.get("rules")));
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
        System.out.println((report.passed() ? "PASS" : "FAIL") + (report.complete() ? "" : " (selected rules only)")
                + " — reports in " + dir.toAbsolutePath());
        return report.passed() ? 0 : 1;
    }

    /** Rule ids ({@code sso.national-only}), comma-separated. */
    private static java.util.List<Rule> rules(String ids) {
        java.util.List<Rule> out = new java.util.ArrayList<>();
        for (String id : ids.split(",")) {
            out.add(java.util.Arrays.stream(Rule.values()).filter(r -> r.id().equals(id.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No rule " + id.strip() + "; the rules: "
                            + java.util.Arrays.stream(Rule.values()).map(Rule::id).toList())));
        }
        return out;
    }

    private static int usage(String why) {
        System.err.println(why);
        System.err.println("usage: java -jar conformance-kit.jar --portal=URL [--sandbox=URL] [--report=DIR] [--driver=CLASS] [--rules=ID,ID] [--chromium]");
        return 2;
    }
}
