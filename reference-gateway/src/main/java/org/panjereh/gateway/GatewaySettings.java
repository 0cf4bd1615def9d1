package org.panjereh.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.panjereh.core.PanjerehConfigurationException;

/**
 * Every setting of the reference gateway, in one typed place: its name, type, default and range, checked when read,
 * with an error naming the key. The SDK's own settings keep the SDK's {@code panjereh.*} names (the same as in
 * Spring, read by {@code PlatformSettings}); the gateway's are {@code gateway.*}; the names it once had for the SDK's
 * settings are deprecated aliases that say so once ({@link ConfigAliases}). docs/operations.md lists them all.
 */
final class GatewaySettings {

    private final Config config;

    private GatewaySettings(Config config) {
        this.config = config;
    }

    /** @param config the configuration (Quarkus', or a test's) @return its settings */
    static GatewaySettings of(Config config) {
        return new GatewaySettings(config);
    }

    /** @return the running application's settings */
    static GatewaySettings current() {
        return of(ConfigProvider.getConfig());
    }

    /** @return {@code gateway.data-dir}: the store, the embedded sandbox's state and the keys kept for restarts */
    Path dataDir() {
        return Path.of(string(DataDir.KEY).orElse(DataDir.DEFAULT));
    }

    /** @return {@code gateway.base-url}: the gateway's public URL (login callbacks, links in messages) */
    URI baseUrl() {
        return uri("gateway.base-url").orElse(URI.create("http://127.0.0.1:8080"));
    }

    /** @return {@code gateway.agency-name}: the name printed on permits */
    String agencyName() {
        return string("gateway.agency-name").orElse("دستگاه نمونه ۱۰۱۰ — پنجره واحد");
    }

    // ---- store -----------------------------------------------------------------------------------------------

    /** @return {@code gateway.db}: a JDBC URL of PostgreSQL; the embedded H2 file store when absent */
    Optional<String> dbUrl() {
        return string("gateway.db");
    }

    /** @return {@code gateway.db.pool-size}, 1-200 (default 16) */
    int dbPoolSize() {
        return integer("gateway.db.pool-size", 16, 1, 200);
    }

    /** @return {@code gateway.db.user} */
    Optional<String> dbUser() {
        return string("gateway.db.user");
    }

    /** @return {@code gateway.db.password-file}: a file holding the password (never the password itself) */
    Optional<Path> dbPasswordFile() {
        return string("gateway.db.password-file").map(Path::of);
    }

    /** @return {@code gateway.backup.interval} (default one hour; zero turns snapshots off) */
    Duration backupInterval() {
        return duration("gateway.backup.interval").orElse(Duration.ofHours(1));
    }

    /** @return {@code gateway.backup.keep}, 1-10,000 (default 24) */
    int backupKeep() {
        return integer("gateway.backup.keep", 24, 1, 10_000);
    }

    /** @return {@code gateway.backup.dir} (default {@code backups} in the data directory) */
    Optional<Path> backupDir() {
        return string("gateway.backup.dir").map(Path::of);
    }

    // ---- the SDK's settings under their panjereh.* names ------------------------------------------------------

    /** @return {@code panjereh.events.node-id} (deprecated alias {@code gateway.node-id}) */
    Optional<String> nodeId() {
        return ConfigAliases.value(config, "panjereh.events.node-id", "gateway.node-id");
    }

    /** @return {@code panjereh.exchange.user-ref-key-file} (deprecated alias {@code gateway.user-ref-key-file}) */
    Optional<Path> userRefKeyFile() {
        return ConfigAliases.value(config, "panjereh.exchange.user-ref-key-file", "gateway.user-ref-key-file").map(Path::of);
    }

    // ---- the embedded sandbox, when no platform is named --------------------------------------------------------

    /** @return {@code gateway.sandbox.port}, 0-65535 (default 8089) */
    int sandboxPort() {
        return integer("gateway.sandbox.port", 8089, 0, 65_535);
    }

    /** @return {@code gateway.sandbox.persist}: keep its state in the data directory (default true) */
    boolean sandboxPersist() {
        return bool("gateway.sandbox.persist", true);
    }

    /** @return {@code gateway.sandbox.issuer}: the URL it announces, behind an operator's proxy */
    Optional<URI> sandboxIssuer() {
        return uri("gateway.sandbox.issuer");
    }

    /** @return {@code gateway.sandbox.verify-window}: a short one shows a reversal in a demo */
    Optional<Duration> sandboxVerifyWindow() {
        return duration("gateway.sandbox.verify-window");
    }

    /** @return whether {@code gateway.sandbox.profile} is {@code fapi2} (the only profile besides the default) */
    boolean sandboxFapi2() {
        Optional<String> p = string("gateway.sandbox.profile");
        if (p.isPresent() && !p.get().equals("fapi2") && !p.get().equals("default")) {
            throw invalid("gateway.sandbox.profile", "is fapi2 or default");
        }
        return p.map("fapi2"::equals).orElse(false);
    }

    // ---- services and staff ---------------------------------------------------------------------------------

    /** @return {@code gateway.forms}: the service ids with an application form here */
    List<String> forms() {
        return list("gateway.forms");
    }

    /** @return {@code gateway.staff}: the national codes of staff (the role comes from here, never a local account) */
    List<String> staff() {
        return list("gateway.staff");
    }

    /** @return {@code gateway.cards-dir}: the YAML service cards submitted at start */
    Optional<Path> cardsDir() {
        return string("gateway.cards-dir").map(Path::of);
    }

    /** @return {@code gateway.payments.reconcile-interval} (the SDK's default when absent) */
    Optional<Duration> reconcileInterval() {
        return duration("gateway.payments.reconcile-interval");
    }

    /** @return {@code gateway.exchange.provider-rate-per-minute}: each consumer's calls a minute, 1-100,000 (600) */
    int providerRatePerMinute() {
        return integer("gateway.exchange.provider-rate-per-minute", 600, 1, 100_000);
    }

    // ---- permits ---------------------------------------------------------------------------------------------

    /** @return {@code gateway.documents.key-file}: the permit signing key; with a live platform, required */
    Optional<Path> documentsKeyFile() {
        return string("gateway.documents.key-file").map(Path::of);
    }

    /** @return {@code gateway.documents.chain-file}, required with a key file */
    Path documentsChainFile() {
        return string("gateway.documents.chain-file").map(Path::of)
                .orElseThrow(() -> invalid("gateway.documents.chain-file", "is required with gateway.documents.key-file"));
    }

    /** @return {@code gateway.documents.trust-anchor-file}, required with a key file */
    Path documentsTrustAnchorFile() {
        return string("gateway.documents.trust-anchor-file").map(Path::of).orElseThrow(() ->
                invalid("gateway.documents.trust-anchor-file", "is required with gateway.documents.key-file"));
    }

    /** @return {@code gateway.documents.tsa-url}: the time-stamp authority (PAdES B-T) */
    Optional<URI> documentsTsaUrl() {
        return uri("gateway.documents.tsa-url");
    }

    // ---- operation -------------------------------------------------------------------------------------------

    /** @return {@code gateway.demo.violations}: deliberate breaches, for the conformance kit's demonstrations only */
    Set<String> violations() {
        return Set.copyOf(list("gateway.demo.violations"));
    }

    /** @return {@code gateway.log.json}: one JSON object per log line (default false) */
    boolean jsonLogs() {
        return bool("gateway.log.json", false);
    }

    /** @return {@code gateway.start.release-heap}: give the start's heap back to the system (default true) */
    boolean releaseHeap() {
        return bool("gateway.start.release-heap", true);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    private Optional<String> string(String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }

    private List<String> list(String key) {
        return config.getOptionalValues(key, String.class).orElse(List.of()).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private int integer(String key, int fallback, int min, int max) {
        return parse(key, Integer::parseInt, "is a whole number").map(v -> {
            if (v < min || v > max) {
                throw invalid(key, "is " + min + "-" + max + ", not " + v);
            }
            return v;
        }).orElse(fallback);
    }

    private boolean bool(String key, boolean fallback) {
        return parse(key, v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(v);
        }, "is true or false").orElse(fallback);
    }

    private Optional<Duration> duration(String key) {
        return parse(key, Duration::parse, "is an ISO-8601 duration such as PT1H");
    }

    private Optional<URI> uri(String key) {
        return parse(key, v -> {
            URI u = URI.create(v);
            if (!u.isAbsolute()) {
                throw new IllegalArgumentException(v);
            }
            return u;
        }, "is an absolute URL");
    }

    private <T> Optional<T> parse(String key, Function<String, T> parser, String rule) {
        Optional<String> raw = string(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw.get()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid(key, rule);
        }
    }

    private static PanjerehConfigurationException invalid(String key, String rule) {
        return new PanjerehConfigurationException(key + " " + rule);
    }
}
