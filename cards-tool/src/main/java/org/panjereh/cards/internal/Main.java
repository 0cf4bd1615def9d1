package org.panjereh.cards.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.panjereh.cards.CardDirectory;
import org.panjereh.cards.CardSync;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformSettings;
import org.panjereh.core.ServiceCardException;
import org.panjereh.core.ServiceRegistryClient;

/**
 * {@code panjereh-cards validate|diff|submit DIR [--report DIR] [--config FILE]}. Exit codes: 0 every card fine (and,
 * for submit, every change accepted), 1 a card invalid, unknown at the registry, in conflict or refused, 2 a usage or
 * configuration error. {@code diff} and {@code submit} reach the registry with the agency's settings: the
 * {@code panjereh.*} keys of docs/live-platform.md from {@code --config} or the environment ({@code PANJEREH_…}).
 */
public final class Main {

    private Main() {
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System::getenv));
    }

    /**
     * @param args command line
     * @param out  where results go
     * @param err  where errors go
     * @param env  the environment
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, java.util.function.Function<String, String> env) {
        if (args.length < 2 || !List.of("validate", "diff", "submit").contains(args[0])) {
            err.println("usage: panjereh-cards validate|diff|submit DIR [--report DIR] [--config FILE]");
            return 2;
        }
        Path report = null;
        Path config = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--report") && i + 1 < args.length) {
                report = Path.of(args[++i]);
            } else if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                err.println("unknown option " + args[i]);
                return 2;
            }
        }
        try {
            CardDirectory cards = CardDirectory.load(Path.of(args[1]));
            List<JUnitReport.Case> cases = new ArrayList<>();
            for (CardDirectory.CardFile f : cards.files()) {
                List<String> failures = new ArrayList<>();
                f.problems().forEach(p -> failures.add(p.member() + ": " + p.detail()));
                cases.add(new JUnitReport.Case(f.file().getFileName().toString(), failures));
                out.println((f.valid() ? "valid    " : "INVALID  ") + f.file().getFileName());
                f.problems().forEach(p -> out.println("         " + p.member() + ": " + p.detail()));
            }
            int code = cards.valid() ? 0 : 1;
            if (!args[0].equals("validate") && cards.valid()) {
                code = sync(args[0].equals("submit"), cards, client(config, env), out, cases);
            }
            if (report != null) {
                JUnitReport.write(report, cases);
            }
            return code;
        } catch (PanjerehConfigurationException e) {
            err.println(e.getMessage());
            return 2;
        } catch (PanjerehException e) {
            err.println("The registry could not be used: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot write the report: " + e.getMessage());
            return 2;
        }
    }

    private static int sync(boolean submit, CardDirectory cards, PlatformClient platform, PrintStream out,
                            List<JUnitReport.Case> cases) {
        ServiceRegistryClient registry = ServiceRegistryClient.builder(platform).build();
        CardSync sync = new CardSync(registry);
        int code = 0;
        for (CardSync.Change c : sync.diff(cards)) {
            String name = c.file().file().getFileName().toString();
            switch (c.kind()) {
                case UNCHANGED -> out.println("same     " + name);
                case CHANGED -> out.println("changed  " + name + " " + c.members());
                default -> {
                    out.println("UNKNOWN  " + name + ": the registry has no service " + c.file().card().serviceId().value()
                            + "; ask for a new service id first");
                    fail(cases, name, "the registry has no such service");
                    code = 1;
                }
            }
            if (submit && c.kind() == CardSync.Kind.CHANGED) {
                try {
                    var s = sync.submit(List.of(c)).get(0);
                    out.println("         submitted: version " + s.version() + ", " + s.status().wireValue());
                } catch (ServiceCardException e) {
                    out.println("         REFUSED: " + e.reason() + " " + e.problems());
                    fail(cases, name, e.reason() + ": " + e.problems());
                    code = 1;
                }
            }
        }
        return code;
    }

    private static void fail(List<JUnitReport.Case> cases, String name, String failure) {
        for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).name().equals(name)) {
                List<String> f = new ArrayList<>(cases.get(i).failures());
                f.add(failure);
                cases.set(i, new JUnitReport.Case(name, f));
            }
        }
    }

    private static PlatformClient client(Path config, java.util.function.Function<String, String> env) {
        Properties p = new Properties();
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new PanjerehConfigurationException("Cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        PlatformSettings settings = PlatformSettings.from(k -> Optional.ofNullable(p.getProperty(k))
                .or(() -> Optional.ofNullable(env.apply(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_")))));
        return PlatformClient.builder(settings.discovery(), settings.credentials()).scopes(List.of("services")).build();
    }
}
