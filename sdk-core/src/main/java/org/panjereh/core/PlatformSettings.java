package org.panjereh.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads the platform's and the agency's settings from configuration, so that an agency points Panjereh at
 * the sandbox (either profile) or the live platform without touching code. The keys and their defaults are
 * listed in {@code docs/live-platform.md}; every key is under {@code panjereh.}.
 *
 * <p>Any key/value source works. With MicroProfile Config:
 * <pre>{@code
 * Config config = ConfigProvider.getConfig();
 * PlatformSettings settings = PlatformSettings.from(k -> config.getOptionalValue(k, String.class));
 * }</pre>
 * With the process environment, {@link #fromEnvironment()} applies MicroProfile Config's environment
 * variable mapping ({@code panjereh.platform.issuer} is also found as {@code PANJEREH_PLATFORM_ISSUER}).
 *
 * <p>Secrets are never values in the configuration: the signing key and the client secret are named by
 * file path (or, for the secret, by environment variable name), and nothing read here is logged.
 */
public final class PlatformSettings {

    /** The platform's issuer URL (required). */
    public static final String ISSUER = "panjereh.platform.issuer";
    /** {@code true} (default) to read the discovery document; {@code false} to take endpoints one by one. */
    public static final String DISCOVERY = "panjereh.platform.discovery";
    /** Allow plain HTTP to non-loopback hosts (test networks only; default false). */
    public static final String ALLOW_INSECURE_HTTP = "panjereh.platform.allow-insecure-http";
    /** How long a discovery document is used before it is fetched again (ISO-8601, default PT1H). */
    public static final String REFRESH_INTERVAL = "panjereh.platform.refresh-interval";
    /** JWKS URL (required without discovery). */
    public static final String JWKS_URI = "panjereh.platform.jwks-uri";
    /** Authorization endpoint (required without discovery). */
    public static final String AUTHORIZATION_ENDPOINT = "panjereh.platform.authorization-endpoint";
    /** Token endpoint (required without discovery). */
    public static final String TOKEN_ENDPOINT = "panjereh.platform.token-endpoint";
    /** Userinfo endpoint (optional). */
    public static final String USERINFO_ENDPOINT = "panjereh.platform.userinfo-endpoint";
    /** End-session (logout) endpoint (optional). */
    public static final String END_SESSION_ENDPOINT = "panjereh.platform.end-session-endpoint";
    /** Pushed authorization request endpoint (optional; PAR is used only when set). */
    public static final String PAR_ENDPOINT = "panjereh.platform.par-endpoint";
    /** Token endpoint client authentication, comma-separated ({@code private_key_jwt}, {@code client_secret_basic}). */
    public static final String TOKEN_AUTH_METHODS = "panjereh.platform.token-endpoint-auth-methods";
    /** DPoP algorithms, comma-separated (empty: Bearer tokens; the default without discovery). */
    public static final String DPOP_ALGORITHMS = "panjereh.platform.dpop-signing-algs";
    /** Levels of assurance the platform offers, comma-separated (optional). */
    public static final String ACR_VALUES = "panjereh.platform.acr-values";
    /** Whether the platform sends back-channel logout tokens (default false without discovery). */
    public static final String BACKCHANNEL_LOGOUT = "panjereh.platform.backchannel-logout";
    /** The citizen's national account page (optional). */
    public static final String ACCOUNT_URL = "panjereh.platform.account-url";
    /** Agency id (required). */
    public static final String AGENCY_ID = "panjereh.agency.id";
    /** OAuth client id (required). */
    public static final String CLIENT_ID = "panjereh.agency.client-id";
    /** Signing key file: PEM, PKCS#12 ({@code .p12}/{@code .pfx}) or JWK ({@code .jwk}/{@code .json}) (required). */
    public static final String KEY_FILE = "panjereh.agency.key-file";
    /** File holding the key file's password (optional). */
    public static final String KEY_PASSWORD_FILE = "panjereh.agency.key-password-file";
    /** File holding the client secret (optional). */
    public static final String CLIENT_SECRET_FILE = "panjereh.agency.client-secret-file";
    /**
     * The agency's encryption key files, comma-separated, newest first (optional): with them, ID tokens must come
     * encrypted to one of the keys (ECDH-ES+A256KW or RSA-OAEP-256, A256GCM). Keys are read with the key password file.
     */
    public static final String ENCRYPTION_KEY_FILE = "panjereh.agency.encryption-key-file";
    /** The {@code aud} of client assertions: {@code issuer} (default, FAPI 2.0) or {@code endpoint}. */
    public static final String CLIENT_ASSERTION_AUDIENCE = "panjereh.agency.client-assertion-audience";
    /** Name of the environment variable holding the client secret (optional). */
    public static final String CLIENT_SECRET_ENV = "panjereh.agency.client-secret-env";

    /** The national window's extra endpoint keys, each {@code panjereh.platform.<name>} with the member's name. */
    static final List<String> EXTRA_ENDPOINTS = List.of(PlatformMetadata.TRACKING_ENDPOINT,
            PlatformMetadata.SERVICE_EVENTS_ENDPOINT, PlatformMetadata.SURVEY_ENDPOINT, PlatformMetadata.EXCHANGE_ENDPOINT,
            PlatformMetadata.SERVICE_REGISTRY_ENDPOINT, PlatformMetadata.MESSAGE_BOX_ENDPOINT,
            PlatformMetadata.PAYMENT_ENDPOINT, PlatformMetadata.REPORTS_ENDPOINT);
    /** Payment verification window in seconds, without discovery ({@code verify_window}, default 900). */
    public static final String VERIFY_WINDOW = "panjereh.platform.verify-window";

    private final Function<String, Optional<String>> source;

    private PlatformSettings(Function<String, Optional<String>> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * @param source looks a key up; empty when it is not set
     * @return settings over that source
     */
    public static PlatformSettings from(Function<String, Optional<String>> source) {
        return new PlatformSettings(source);
    }

    /**
     * @param properties the properties
     * @return settings over them
     */
    public static PlatformSettings fromProperties(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return new PlatformSettings(k -> Optional.ofNullable(copy.getProperty(k)));
    }

    /**
     * @param values the values
     * @return settings over them
     */
    public static PlatformSettings fromMap(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new PlatformSettings(k -> Optional.ofNullable(copy.get(k)));
    }

    /** @return settings over the process environment, with MicroProfile Config's variable mapping */
    public static PlatformSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static PlatformSettings fromEnvironment(Map<String, String> env) {
        Map<String, String> copy = Map.copyOf(env);
        return new PlatformSettings(k -> {
            String underscored = k.replaceAll("[^A-Za-z0-9]", "_");
            for (String name : List.of(k, underscored, underscored.toUpperCase(Locale.ROOT))) {
                if (copy.containsKey(name)) {
                    return Optional.of(copy.get(name));
                }
            }
            return Optional.empty();
        });
    }

    /**
     * @param key a key
     * @return its value, blank values counted as unset
     */
    public Optional<String> value(String key) {
        return source.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    /**
     * @param key a key
     * @return its value
     * @throws PanjerehConfigurationException naming the key when it is unset
     */
    public String required(String key) {
        return value(key).orElseThrow(() -> new PanjerehConfigurationException(key + " is not set"));
    }

    /**
     * @param key      a key
     * @param fallback value when unset
     * @return {@code true} or {@code false}
     * @throws PanjerehConfigurationException when the value is neither
     */
    public boolean flag(String key, boolean fallback) {
        Optional<String> v = value(key);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new PanjerehConfigurationException(key + " must be true or false");
        };
    }

    /**
     * @param key a key
     * @return its value as an absolute URL
     * @throws PanjerehConfigurationException when it is not one
     */
    public Optional<URI> uri(String key) {
        return value(key).map(v -> {
            try {
                URI u = URI.create(v);
                if (!u.isAbsolute() || u.getHost() == null) {
                    throw new PanjerehConfigurationException(key + " must be an absolute URL");
                }
                return u;
            } catch (IllegalArgumentException e) {
                throw new PanjerehConfigurationException(key + " is not a URL", e);
            }
        });
    }

    /**
     * @param key a key
     * @return its value, comma-separated, as a list (empty when unset)
     */
    public List<String> list(String key) {
        return value(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * @param key a key
     * @return its value as an ISO-8601 duration
     */
    public Optional<Duration> duration(String key) {
        return value(key).map(v -> {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new PanjerehConfigurationException(key + " must be an ISO-8601 duration such as PT1H", e);
            }
        });
    }

    /**
     * The platform's metadata: fetched from discovery, or, with {@code panjereh.platform.discovery=false},
     * assembled from the endpoint keys.
     *
     * @return a discovery (not started; callers own and close it)
     * @throws PanjerehConfigurationException naming the first missing or malformed key
     */
    public PlatformDiscovery discovery() {
        URI issuer = uri(ISSUER).orElseThrow(() -> new PanjerehConfigurationException(ISSUER + " is not set"));
        PlatformDiscovery.Builder b = flag(DISCOVERY, true) ? PlatformDiscovery.builder(issuer)
                : PlatformDiscovery.fixed(fixedMetadata(issuer));
        b.allowInsecureHttp(flag(ALLOW_INSECURE_HTTP, false));
        duration(REFRESH_INTERVAL).ifPresent(b::refreshInterval);
        return b.build();
    }

    private PlatformMetadata fixedMetadata(URI issuer) {
        PlatformMetadata.Builder m = PlatformMetadata.builder(issuer, requiredUri(JWKS_URI))
                .authorizationEndpoint(requiredUri(AUTHORIZATION_ENDPOINT))
                .tokenEndpoint(requiredUri(TOKEN_ENDPOINT));
        uri(USERINFO_ENDPOINT).ifPresent(m::userInfoEndpoint);
        uri(END_SESSION_ENDPOINT).ifPresent(m::endSessionEndpoint);
        uri(PAR_ENDPOINT).ifPresent(m::pushedAuthorizationRequestEndpoint);
        uri(ACCOUNT_URL).ifPresent(u -> m.endpoint(PlatformMetadata.ACCOUNT_URL, u));
        for (String name : EXTRA_ENDPOINTS) {
            uri("panjereh.platform." + name.replace('_', '-')).ifPresent(u -> m.endpoint(name, u));
        }
        source.apply(VERIFY_WINDOW).map(String::strip).filter(v -> !v.isEmpty()).ifPresent(v -> {
            try {
                m.verifyWindow(java.time.Duration.ofSeconds(Long.parseLong(org.panjereh.core.shared.Digits.toAscii(v))));
            } catch (NumberFormatException e) {
                throw new PanjerehConfigurationException(VERIFY_WINDOW + " must be a number of seconds, not " + v);
            }
        });
        List<String> methods = list(TOKEN_AUTH_METHODS);
        if (methods.isEmpty()) {
            methods = hasClientSecret() ? List.of("client_secret_basic") : List.of("private_key_jwt");
        }
        m.tokenEndpointAuthMethods(methods.stream().map(PlatformSettings::authMethod).toList());
        m.dpopSigningAlgorithms(list(DPOP_ALGORITHMS).stream().map(JWSAlgorithm::parse).toList());
        m.acrValues(list(ACR_VALUES));
        m.backChannelLogoutSupported(flag(BACKCHANNEL_LOGOUT, false));
        return m.build();
    }

    private static ClientAuthenticationMethod authMethod(String name) {
        ClientAuthenticationMethod m = ClientAuthenticationMethod.parse(name);
        if (!m.equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT) && !m.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            throw new PanjerehConfigurationException(TOKEN_AUTH_METHODS + ": " + name
                    + " is not supported (private_key_jwt or client_secret_basic)");
        }
        return m;
    }

    private URI requiredUri(String key) {
        return uri(key).orElseThrow(() -> new PanjerehConfigurationException(
                key + " is required when " + DISCOVERY + "=false"));
    }

    private boolean hasClientSecret() {
        return value(CLIENT_SECRET_FILE).isPresent() || value(CLIENT_SECRET_ENV).isPresent();
    }

    /**
     * The agency's credentials: ids, the signing key read from its file, and the client secret when one is
     * named.
     *
     * @return the credentials
     * @throws PanjerehConfigurationException naming the first missing or unreadable key
     */
    public AgencyCredentials credentials() {
        Path keyFile = Path.of(required(KEY_FILE));
        char[] password = value(KEY_PASSWORD_FILE).map(f -> readSecretFile(Path.of(f))).orElse(null);
        SigningKey key;
        List<EncryptionKey> encryption = new java.util.ArrayList<>();
        try {
            key = SigningKey.load(keyFile, password);
        } catch (PanjerehConfigurationException e) {
            // The key's name first, so that the operator knows which setting points at the unreadable file.
            throw new PanjerehConfigurationException(KEY_FILE + ": " + e.getMessage(), e);
        }
        for (String f : list(ENCRYPTION_KEY_FILE)) {
            try {
                encryption.add(EncryptionKey.load(Path.of(f), password));
            } catch (PanjerehConfigurationException e) {
                throw new PanjerehConfigurationException(ENCRYPTION_KEY_FILE + ": " + e.getMessage(), e);
            }
        }
        AgencyCredentials.Builder b = AgencyCredentials.builder().agencyId(required(AGENCY_ID))
                .clientId(required(CLIENT_ID)).signingKey(key);
        encryption.forEach(b::encryptionKey);
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        Optional<String> secretFile = value(CLIENT_SECRET_FILE);
        Optional<String> secretEnv = value(CLIENT_SECRET_ENV);
        if (secretFile.isPresent() && secretEnv.isPresent()) {
            throw new PanjerehConfigurationException("Set only one of " + CLIENT_SECRET_FILE + " and " + CLIENT_SECRET_ENV);
        }
        value(CLIENT_ASSERTION_AUDIENCE).ifPresent(v -> b.clientAssertionAudience(switch (v.toLowerCase(Locale.ROOT)) {
            case "issuer" -> ClientAssertionAudience.ISSUER;
            case "endpoint" -> ClientAssertionAudience.ENDPOINT;
            default -> throw new PanjerehConfigurationException(CLIENT_ASSERTION_AUDIENCE + " must be issuer or endpoint");
        }));
        secretFile.ifPresent(f -> b.clientSecret(ClientSecret.fromFile(Path.of(f))));
        secretEnv.ifPresent(v -> b.clientSecret(ClientSecret.fromEnvironment(v)));
        return b.build();
    }

    private static char[] readSecretFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (java.io.IOException e) {
            throw new PanjerehConfigurationException("Cannot read " + file.getFileName(), e);
        }
    }

    /** Lists no values: settings may name secret files. */
    @Override
    public String toString() {
        return "PlatformSettings[issuer=" + value(ISSUER).orElse("(unset)") + "]";
    }
}
