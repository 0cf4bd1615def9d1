package org.panjereh.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run a {@link NationalSandbox}. Immutable; made by {@link #builder()}.
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder()
 *     .port(0)                                   // any free port
 *     .agency(AgencyRegistration.machine("1010", "agency-1010", agencyJwks))
 *     .build();
 * }</pre>
 */
public final class SandboxConfig {

    /** Which platform the sandbox plays. */
    public enum Profile {
        /** The contract (national-window-v1): discovery, private_key_jwt, PAR, DPoP, contract claim names. */
        STRICT,
        /**
         * Like the live national SSO as public clients show it (contract section 9): no discovery document,
         * {@code /oauth2/authorize}, {@code /oauth2/token}, {@code /oauth2/jwks}, userinfo at
         * {@code /api/v1/user/userinfo}, {@code client_secret_basic}, the national code as {@code nationalCode},
         * no PAR, no DPoP.
         */
        LIVE_LIKE,
        /**
         * The contract at the FAPI 2.0 Security Profile's bar: PAR only, every authorization request a signed request
         * object (RFC 9101: {@code iss}, {@code aud} the issuer, {@code nbf} and {@code exp} at most 60 minutes apart),
         * client assertions whose {@code aud} is the issuer identifier and nothing else, access tokens bound to a DPoP
         * key (RFC 9449) at the code exchange, and userinfo as a signed JWT, encrypted like ID tokens to an agency that
         * registered an encryption key.
         */
        FAPI2
    }

    private final String host;
    private final int port;
    private final URI issuer;
    private final Path dataDir;
    private final long seed;
    private final Clock clock;
    private final List<AgencyRegistration> agencies;
    private final Path agenciesFile;
    private final Path faultsFile;
    private final boolean dpop;
    private final boolean dpopNonces;
    private final Duration accessTokenLifetime;
    private final Profile profile;
    private final Duration verifyWindow;

    private SandboxConfig(Builder b) {
        this.verifyWindow = b.verifyWindow;
        this.profile = b.profile;
        this.host = b.host;
        this.port = b.port;
        this.issuer = b.issuer;
        this.dataDir = b.dataDir;
        this.seed = b.seed;
        this.clock = b.clock;
        this.agencies = List.copyOf(b.agencies);
        this.agenciesFile = b.agenciesFile;
        this.faultsFile = b.faultsFile;
        this.dpop = b.dpop && b.profile != Profile.LIVE_LIKE;
        this.dpopNonces = b.dpopNonces;
        this.accessTokenLifetime = b.accessTokenLifetime;
    }

    /** A new builder with the defaults: 127.0.0.1, port 8089, DPoP on, seed 42. */
    public static Builder builder() {
        return new Builder();
    }

    /** Interface to bind. */
    public String host() {
        return host;
    }

    /** Port; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** Issuer URL to announce, or {@code null} for {@code http://host:port}. */
    public URI issuer() {
        return issuer;
    }

    /** Directory for durable state, or {@code null} to keep everything in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Seed of the fault injector's random choices. */
    public long seed() {
        return seed;
    }

    /** The sandbox's clock. */
    public Clock clock() {
        return clock;
    }

    /** Agencies registered at start. */
    public List<AgencyRegistration> agencies() {
        return agencies;
    }

    /** A JSON file of agencies to register at start, or {@code null}. */
    public Path agenciesFile() {
        return agenciesFile;
    }

    /** A JSON file of fault rules by endpoint name, applied at start, or {@code null}. */
    public Path faultsFile() {
        return faultsFile;
    }

    /** Whether machine tokens are DPoP-bound (discovery then lists {@code dpop_signing_alg_values_supported}). */
    public boolean dpop() {
        return dpop;
    }

    /** Whether the sandbox demands server nonces in DPoP proofs (RFC 9449 section 8). */
    public boolean dpopNonces() {
        return dpopNonces;
    }

    /** The profile played. */
    public Profile profile() {
        return profile;
    }

    /** Lifetime of machine access tokens. */
    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    /** How long a payment that succeeded at the bank may wait for its verify before it is reversed (contract §10). */
    public Duration verifyWindow() {
        return verifyWindow;
    }

    /** Builder of {@link SandboxConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8089;
        private URI issuer;
        private Path dataDir;
        private long seed = 42;
        private Clock clock = Clock.systemUTC();
        private final List<AgencyRegistration> agencies = new ArrayList<>();
        private Path agenciesFile;
        private Path faultsFile;
        private boolean dpop = true;
        private boolean dpopNonces;
        private Duration accessTokenLifetime = Duration.ofMinutes(5);
        private Profile profile = Profile.STRICT;
        private Duration verifyWindow = Duration.ofSeconds(900);

        private Builder() {
        }

        /** @param p the profile (default {@link Profile#STRICT}; {@link Profile#LIVE_LIKE} turns DPoP off) */
        public Builder profile(Profile p) {
            this.profile = java.util.Objects.requireNonNull(p);
            return this;
        }

        /** @param host interface to bind (default 127.0.0.1) */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** @param port port, 0 for any free one */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535");
            }
            this.port = port;
            return this;
        }

        /** @param issuer issuer URL to announce instead of {@code http://host:port} */
        public Builder issuer(URI issuer) {
            this.issuer = issuer;
            return this;
        }

        /** @param dir directory for durable state */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** @param seed fault injection seed */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param clock clock for tokens, idempotency windows and downtime */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** @param a an agency to register */
        public Builder agency(AgencyRegistration a) {
            this.agencies.add(Objects.requireNonNull(a));
            return this;
        }

        /** @param file JSON file of agencies */
        public Builder agenciesFile(Path file) {
            this.agenciesFile = file;
            return this;
        }

        /** @param file JSON object of fault rules by endpoint name, as the admin API takes them */
        public Builder faultsFile(Path file) {
            this.faultsFile = file;
            return this;
        }

        /** @param on DPoP-bound machine tokens (default on) */
        public Builder dpop(boolean on) {
            this.dpop = on;
            return this;
        }

        /** @param on demand DPoP server nonces (default off) */
        public Builder dpopNonces(boolean on) {
            this.dpopNonces = on;
            return this;
        }

        /** @param d machine access token lifetime */
        public Builder accessTokenLifetime(Duration d) {
            this.accessTokenLifetime = Objects.requireNonNull(d);
            return this;
        }

        /**
         * @param window the payments' {@code verify_window} (default 900 s, as Iranian bank gateways); short ones
         *               such as 20 s let tests and demos see a reversal
         * @return this builder
         */
        public Builder verifyWindow(Duration window) {
            if (window.isNegative() || window.toSeconds() < 1 || window.toSeconds() > 86_400) {
                throw new IllegalArgumentException("the verify window is 1 s to 24 h");
            }
            this.verifyWindow = window;
            return this;
        }

        /** @return the configuration */
        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
