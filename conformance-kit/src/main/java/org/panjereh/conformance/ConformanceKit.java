package org.panjereh.conformance;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.panjereh.conformance.internal.Checks;
import org.panjereh.core.PanjerehConfigurationException;

/**
 * Checks a running portal against the national window's rules, as a citizen and a staff member would use
 * it, and reads what the portal sent to the platform from the national sandbox's record. The portal must
 * be configured to use that sandbox (its issuer) as its platform.
 *
 * <pre>{@code
 * ConformanceReport report = ConformanceKit.builder(URI.create("http://127.0.0.1:8080"), new ReferenceGatewayDriver())
 *         .sandbox(URI.create("http://127.0.0.1:8089")).build().run();
 * report.write(Path.of("target/conformance"));
 * if (!report.passed()) { ... }
 * }</pre>
 */
public final class ConformanceKit {

    private final URI portal;
    private final URI sandbox;
    private final PortalDriver driver;
    private final Duration wait;
    private final boolean chromium;
    private final Set<Rule> rules;

    private ConformanceKit(Builder b) {
        this.rules = b.rules;
        this.chromium = b.chromium;
        this.portal = b.portal;
        this.sandbox = b.sandbox;
        this.driver = b.driver;
        this.wait = b.wait;
    }

    /**
     * @param portal the portal's base URL
     * @param driver how to apply, deliver and answer the survey at this portal ({@link ReferenceGatewayDriver} for
     *               the reference gateway; a portal of your own needs its own driver, docs/conformance.md)
     * @return a builder
     */
    public static Builder builder(URI portal, PortalDriver driver) {
        return new Builder(portal).driver(driver);
    }

    /**
     * @param portal the portal's base URL
     * @return a builder that drives the portal as if it were the reference gateway
     * @deprecated name the portal's driver: {@link #builder(URI, PortalDriver)}; this one silently assumed the
     *             reference gateway's pages
     */
    @Deprecated(since = "0.2.0")
    public static Builder builder(URI portal) {
        return new Builder(portal).driver(new ReferenceGatewayDriver());
    }

    /** @return every rule's result ({@link RuleResult.Outcome#NOT_SELECTED} for a rule the run was not asked for) */
    public ConformanceReport run() {
        Instant started = Instant.now();
        return new ConformanceReport(portal, sandbox, started, new Checks(portal, sandbox, driver, wait, chromium, rules).run());
    }

    /** Builder of {@link ConformanceKit}. */
    public static final class Builder {
        private final URI portal;
        private URI sandbox = URI.create("http://127.0.0.1:8089");
        private PortalDriver driver;
        private Duration wait = Duration.ofSeconds(30);
        private boolean chromium;
        private Set<Rule> rules = EnumSet.allOf(Rule.class);

        private Builder(URI portal) {
            Objects.requireNonNull(portal, "portal");
            if (!"http".equals(portal.getScheme()) && !"https".equals(portal.getScheme())) {
                throw new PanjerehConfigurationException("The portal must be an http(s) URL: " + portal);
            }
            this.portal = portal.toString().endsWith("/") ? portal : URI.create(portal + "/");
        }

        /** @param uri the sandbox the portal uses (default {@code http://127.0.0.1:8089}) */
        public Builder sandbox(URI uri) {
            this.sandbox = Objects.requireNonNull(uri, "sandbox");
            return this;
        }

        /**
         * @param d how to apply, deliver and answer the survey at this portal
         * @return this builder
         * @deprecated pass it to {@link ConformanceKit#builder(URI, PortalDriver)}
         */
        @Deprecated(since = "0.2.0")
        public Builder driver(PortalDriver d) {
            this.driver = Objects.requireNonNull(d, "driver");
            return this;
        }

        /** @param d how long to wait for the portal's records to reach the platform (default 30 s) */
        public Builder waitForRecords(Duration d) {
            this.wait = Objects.requireNonNull(d, "wait");
            return this;
        }

        /**
         * @param on also log in in headless Chromium (Debian {@code chromium} and {@code chromium-driver}, or the
         *           binaries named by {@code panjereh.chromium.binary} and {@code panjereh.chromedriver}); off by
         *           default: the kit drives HTML with jsoup and plain HTTP
         */
        public Builder chromium(boolean on) {
            this.chromium = on;
            return this;
        }

        /**
         * Checks only these rules, and the rules they need checked first (the survey's reply needs the survey, which
         * needs a delivered request, which needs the citizen's login): a quicker run while working on one area. The
         * other rules are {@link RuleResult.Outcome#NOT_SELECTED}; {@link ConformanceReport#complete()} says whether
         * the run covered every rule. Default: every rule.
         *
         * @param selected the rules, at least one
         * @return this builder
         */
        public Builder rules(Collection<Rule> selected) {
            Objects.requireNonNull(selected, "rules");
            if (selected.isEmpty() || selected.stream().anyMatch(Objects::isNull)) {
                throw new PanjerehConfigurationException("Select at least one rule, and no null: " + selected);
            }
            this.rules = EnumSet.copyOf(selected);
            return this;
        }

        /** @return the kit */
        public ConformanceKit build() {
            if (driver == null) {
                throw new PanjerehConfigurationException("ConformanceKit needs the portal's PortalDriver");
            }
            return new ConformanceKit(this);
        }
    }
}
