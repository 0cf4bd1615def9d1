package org.panjereh.examples;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.nio.file.Path;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * What every example needs: a platform client for agency 1010. With {@code ISSUER} and
 * {@code AGENCY_KEY} (a key file) in the environment it talks to that platform; otherwise it starts a
 * national sandbox in this JVM and registers a fresh key there, so the example runs anywhere.
 */
final class Demo implements AutoCloseable {

    final PlatformClient platform;
    final PlatformDiscovery discovery;
    final AgencyCredentials credentials;
    private final NationalSandbox sandbox;
    private final SigningKey key;

    Demo() {
        String issuer = System.getenv("ISSUER");
        String keyFile = System.getenv("AGENCY_KEY");
        SigningKey key;
        if (issuer != null && keyFile != null) {
            key = SigningKey.load(Path.of(keyFile), null);
            sandbox = null;
        } else {
            try {
                key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
            sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                    .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
            issuer = sandbox.issuer().toString();
        }
        this.key = key;
        discovery = PlatformDiscovery.builder(URI.create(issuer)).build();
        credentials = AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build();
        platform = PlatformClient.builder(discovery, credentials).build();
    }

    /**
     * Registers the portal's browser endpoints with the in-process sandbox (a real platform has them
     * registered by the agency beforehand).
     *
     * @param callback    the login callback
     * @param backChannel the back-channel logout URI
     */
    void registerPortal(URI callback, URI backChannel) {
        if (sandbox != null) {
            sandbox.register(new AgencyRegistration("1010", "agency-1010", java.util.List.of(callback),
                    new JWKSet(key.publicJwk()), null, backChannel));
        }
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
