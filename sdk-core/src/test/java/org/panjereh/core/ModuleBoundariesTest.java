package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of the code's layout, over every module's main sources (the build fails when one is broken):
 * <ol>
 *   <li>{@code org.panjereh.<module>.internal} is that module's alone: no other module refers to it (the AWS SDK's
 *       rule). What several modules share without it being API lives in one package, {@code org.panjereh.core.shared};
 *       the benchmarks alone may measure an internal piece beside its bare library.</li>
 *   <li>The reference gateway and the examples are built on the public API only: neither {@code internal} nor
 *       {@code shared}.</li>
 *   <li>The sandbox checks what the SDK sends with its own code, written from the contract: it uses none of the
 *       SDK's identifier validators, nor its card validator or Jalali months, so that a bug in one is caught by
 *       the other.</li>
 * </ol>
 */
class ModuleBoundariesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package org\\.panjereh\\.([a-z]+)", Pattern.MULTILINE);
    private static final Pattern INTERNAL = Pattern.compile("org\\.panjereh\\.([a-z]+)(?:\\.[a-z]+)*?\\.internal\\.[A-Z]");
    private static final Pattern SHARED = Pattern.compile("org\\.panjereh\\.core\\.shared\\.[A-Z]");
    private static final Pattern VALIDATORS = Pattern.compile(
            "org\\.panjereh\\.core\\.(NationalCode|LegalEntityId|FidaCode|PostalCode|MobileNumber|Sheba|TrackingId|PartyIdentifier|ServiceCardValidator|JalaliMonth)\\b");
    private static final Set<String> PUBLIC_API_ONLY = Set.of("reference-gateway", "examples");

    @Test
    void noModuleReachesIntoAnothersInternals() {
        List<String> broken = new ArrayList<>();
        for (Path f : mainSources()) {
            String module = module(f);
            String src = read(f);
            Matcher own = PACKAGE.matcher(src);
            if (!own.find() || module.equals("benchmarks")) {
                continue;
            }
            Matcher m = INTERNAL.matcher(src);
            while (m.find()) {
                if (!m.group(1).equals(own.group(1))) {
                    broken.add(f + " uses " + m.group());
                }
            }
        }
        assertEquals(List.of(), broken, "another module's internal package (shared helpers go in org.panjereh.core.shared)");
    }

    @Test
    void theGatewayAndTheExamplesUseThePublicApiOnly() {
        List<String> broken = new ArrayList<>();
        for (Path f : mainSources()) {
            if (!PUBLIC_API_ONLY.contains(module(f))) {
                continue;
            }
            String src = read(f);
            for (Pattern p : List.of(INTERNAL, SHARED)) {
                Matcher m = p.matcher(src);
                while (m.find()) {
                    broken.add(f + " uses " + m.group());
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theSandboxChecksIdentifiersWithItsOwnCode() {
        List<String> broken = new ArrayList<>();
        for (Path f : mainSources()) {
            if (module(f).equals("national-sandbox")) {
                Matcher m = VALIDATORS.matcher(read(f));
                while (m.find()) {
                    broken.add(f + " uses " + m.group());
                }
            }
        }
        assertEquals(List.of(), broken, "the sandbox validates identifiers, cards and months with its own code (Identifiers, CardRules, Reports)");
    }

    /** Every main Java source of the reactor, found from this module's directory. */
    private static List<Path> mainSources() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.exists(root.resolve("sdk-core").resolve("pom.xml")), "run from a module of the reactor: " + root);
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .map(root::relativize).toList();
            assertTrue(files.size() > 100, "found the sources: " + files.size());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String module(Path relative) {
        return relative.getName(0).toString();
    }

    private static String read(Path relative) {
        try {
            return Files.readString(Path.of("..").resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
