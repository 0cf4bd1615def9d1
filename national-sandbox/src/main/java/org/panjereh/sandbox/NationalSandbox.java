package org.panjereh.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.panjereh.core.PlatformSettings;
import org.panjereh.sandbox.internal.Sandbox;

/**
 * A running simulator of the platform side of the national window contract: OpenID provider,
 * service registry, tracking-id issuer, event intake, survey, exchange and message box, with fault
 * injection and a record of everything agencies sent (read through {@code /admin/record}).
 *
 * <pre>{@code
 * try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
 *         .agency(AgencyRegistration.machine("1010", "agency-1010", agencyPublicJwks)).build())) {
 *     URI issuer = sandbox.issuer();   // point PlatformDiscovery at it
 * }
 * }</pre>
 */
public final class NationalSandbox implements AutoCloseable {

    private final Sandbox sandbox;

    private NationalSandbox(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Starts a sandbox in this JVM.
     *
     * @param config configuration
     * @return the running sandbox; close it to stop
     * @throws UncheckedIOException if the port cannot be bound or a configured file cannot be read
     */
    public static NationalSandbox start(SandboxConfig config) {
        try {
            return new NationalSandbox(Sandbox.start(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer and base URL, e.g. {@code http://127.0.0.1:8089}. */
    public URI issuer() {
        return URI.create(sandbox.issuer());
    }

    /** Same as {@link #issuer()}: every endpoint lives under it. */
    public URI baseUrl() {
        return issuer();
    }

    /** The bound port. */
    public int port() {
        return sandbox.port();
    }

    /**
     * Registers an agency while running (also possible with {@code POST /admin/agencies}).
     *
     * @param registration the agency
     */
    public void register(AgencyRegistration registration) {
        sandbox.register(registration);
    }

    /**
     * The {@code panjereh.platform.*} settings that reach this sandbox (docs/live-platform.md): the issuer alone
     * in the strict profile, which publishes discovery; in the live-like profile, discovery off and every
     * endpoint by name, as an integrator writes them for the live platform.
     *
     * @return setting name to value
     */
    public java.util.Map<String, String> platformSettings() {
        String i = sandbox.issuer();
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(PlatformSettings.ISSUER, i);
        if (sandbox.config().profile() == SandboxConfig.Profile.LIVE_LIKE) {
            m.put(PlatformSettings.DISCOVERY, "false");
            m.put(PlatformSettings.JWKS_URI, i + "/oauth2/jwks");
            m.put(PlatformSettings.AUTHORIZATION_ENDPOINT, i + "/oauth2/authorize");
            m.put(PlatformSettings.TOKEN_ENDPOINT, i + "/oauth2/token");
            m.put(PlatformSettings.USERINFO_ENDPOINT, i + "/api/v1/user/userinfo");
            m.put(PlatformSettings.END_SESSION_ENDPOINT, i + "/logout");
            m.put("panjereh.platform.tracking-endpoint", i + "/tracking");
            m.put("panjereh.platform.service-events-endpoint", i + "/events");
            m.put("panjereh.platform.survey-endpoint", i + "/survey");
            m.put("panjereh.platform.exchange-endpoint", i + "/exchange");
            m.put("panjereh.platform.service-registry-endpoint", i + "/registry");
            m.put("panjereh.platform.message-box-endpoint", i + "/messages");
            m.put(PlatformSettings.ACCOUNT_URL, i + "/account");
        }
        return m;
    }

    /** @return the root certificate of the sandbox's test certificate authority (also at {@code /ca/root.pem}) */
    public java.security.cert.X509Certificate caRoot() {
        return sandbox.caRoot();
    }

    /**
     * Issues a document-signing certificate from the sandbox's test certificate authority (contract section 11), as
     * {@code POST /admin/ca/certificates} does over HTTP.
     *
     * @param key        the agency's public key
     * @param commonName the certificate's common name
     * @return the chain: the agency's certificate, then the root
     */
    public java.util.List<java.security.cert.X509Certificate> issueCertificate(java.security.PublicKey key, String commonName) {
        return sandbox.issueCertificate(key, commonName);
    }

    /** Number of distinct service events accepted so far. */
    public int acceptedEvents() {
        return sandbox.acceptedEvents();
    }

    /** Stops the server. */
    @Override
    public void close() {
        sandbox.close();
    }
}
