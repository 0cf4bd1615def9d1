package org.panjereh.gateway;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformSettings;
import org.panjereh.core.ServiceRegistry;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.AccessTokenVerifier;
import org.panjereh.sso.BackChannelLogout;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.SsoSettings;

/**
 * The national platform this gateway talks to: the embedded sandbox by default, or the platform the
 * {@code panjereh.*} configuration names (docs/live-platform.md) when {@code panjereh.platform.issuer} is set.
 * Application-scoped: made on first use, which {@link GatewayStart} makes off the start thread, so that the
 * HTTP server opens while the embedded sandbox starts; a request that needs the platform before then waits for it.
 */
@ApplicationScoped
public class Platform {

    private final NationalSandbox sandbox;
    private final PlatformDiscovery discovery;
    private final AgencyCredentials credentials;
    private final PlatformClient client;
    private final ServiceRegistry registry;
    private final NationalLogin login;
    private final BackChannelLogout backChannel;
    private final AccessTokenVerifier accessTokens;
    private final URI base;
    private final String agencyId;

    /**
     * @param config {@code panjereh.*} (docs/live-platform.md) and {@code gateway.base-url}, {@code gateway.sandbox.port},
     *               {@code gateway.sandbox.verify-window}
     */
    @Inject
    public Platform(Config config) {
        // PLATFORM_ISSUER is the short form the README gives for panjereh.platform.issuer.
        PlatformSettings settings = PlatformSettings.from(k -> config.getOptionalValue(k, String.class)
                .or(() -> k.equals(PlatformSettings.ISSUER) ? config.getOptionalValue("PLATFORM_ISSUER", String.class)
                        : java.util.Optional.empty()));
        GatewaySettings gateway = GatewaySettings.of(config);
        base = gateway.baseUrl();
        URI callback = URI.create(base + "/callback");
        if (settings.value(PlatformSettings.ISSUER).isEmpty()) {
            // No platform named: run the sandbox in-process, its state and the demo agency's key kept in the data
            // directory beside the gateway's store, so that a restart finds the requests, tracking ids and events of
            // the last run on both sides.
            Path dataDir = gateway.dataDir();
            boolean persist = gateway.sandboxPersist();
            SigningKey key = persist ? SigningKey.fromJwk(DataDir.secret(dataDir.resolve("embedded-agency-key.jwk"),
                    () -> SigningKey.of(generate()).privateJwk().toJSONString())) : SigningKey.of(generate());
            int port = gateway.sandboxPort();
            SandboxConfig.Builder sb = SandboxConfig.builder().port(port);
            // The embedded sandbox behind a proxy of the operator's (docs/operations.md): it announces the proxy's URL.
            gateway.sandboxIssuer().ifPresent(sb::issuer);
            // A short window shows a reversal in a demo or a test: --gateway.sandbox.verify-window=PT20S.
            gateway.sandboxVerifyWindow().ifPresent(sb::verifyWindow);
            if (persist) {
                sb.dataDir(dataDir.resolve("embedded-sandbox"));
            }
            // --gateway.sandbox.profile=fapi2 plays a platform at the FAPI 2.0 bar: the gateway then also holds an
            // encryption key (its ID tokens and userinfo come encrypted) and binds its logins' tokens with DPoP.
            boolean fapi2 = gateway.sandboxFapi2();
            if (fapi2) {
                sb.profile(SandboxConfig.Profile.FAPI2);
            }
            org.panjereh.core.EncryptionKey enc = !fapi2 ? null : persist
                    ? org.panjereh.core.EncryptionKey.load(DataDir.secret(dataDir.resolve("embedded-agency-enc-key.jwk"),
                            () -> generate().toJSONString()), null)
                    : org.panjereh.core.EncryptionKey.of(generate());
            AgencyCredentials.Builder cb = AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key);
            if (enc != null) {
                cb.encryptionKey(enc);
            }
            credentials = cb.build();
            sandbox = NationalSandbox.start(sb
                    .agency(new AgencyRegistration("1010", "agency-1010", List.of(callback,
                            URI.create(base + Fees.RETURN_PATH)), credentials.publicJwks(),
                            null, URI.create(base + "/backchannel-logout"), null)).build());
            discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
            login = NationalLogin.builder(discovery, credentials, callback).dpop(fapi2).build();
        } else {
            sandbox = null;
            discovery = settings.discovery();
            credentials = settings.credentials();
            login = SsoSettings.loginBuilder(settings, discovery, credentials).build();
        }
        agencyId = credentials.agencyId();
        // One registry for the application: it keeps the cards and their ETags between requests.
        client = PlatformClient.builder(discovery, credentials).build();
        registry = ServiceRegistry.remote(client);
        backChannel = BackChannelLogout.builder(discovery, credentials).build();
        // The JSON API's tokens: verified once on Bouncy Castle, then trusted until they expire (PlatformTokens).
        accessTokens = AccessTokenVerifier.builder(discovery).build();
    }

    private static com.nimbusds.jose.jwk.ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("Cannot generate the demo agency key", e);
        }
    }

    // After everything that talks to the platform: the visit counts flushed at stop must still reach the embedded
    // sandbox, not retry against one already stopped (and the store, at Integer.MAX_VALUE, closes after this).
    void stop(@Observes(notifyObserver = Reception.IF_EXISTS) @jakarta.annotation.Priority(Integer.MAX_VALUE - 1) ShutdownEvent e) {
        close();
    }

    /** Stops discovery refreshes and the embedded sandbox. */
    public void close() {
        discovery.close();
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** @return the national SSO relying party */
    public NationalLogin login() {
        return login;
    }

    /** @return the verifier of the platform access tokens the JSON API accepts */
    public AccessTokenVerifier accessTokens() {
        return accessTokens;
    }

    /** @return the back-channel logout validator */
    public BackChannelLogout backChannel() {
        return backChannel;
    }

    /** @return the machine-to-machine client for the platform's APIs */
    public PlatformClient client() {
        return client;
    }

    /** @return the agency's credentials */
    public AgencyCredentials credentials() {
        return credentials;
    }

    /** @return the agency's service cards */
    public ServiceRegistry registry() {
        return registry;
    }

    /** @return this agency's id */
    public String agencyId() {
        return agencyId;
    }

    /** @return the gateway's public base URL */
    public URI base() {
        return base;
    }

    /** @return the embedded sandbox, when one runs (its test certificate and time-stamp authorities serve documents) */
    public java.util.Optional<NationalSandbox> embedded() {
        return java.util.Optional.ofNullable(sandbox);
    }

    /** @return the embedded sandbox's issuer, when one runs */
    public java.util.Optional<URI> embeddedSandbox() {
        return sandbox == null ? java.util.Optional.empty() : java.util.Optional.of(sandbox.issuer());
    }
}
