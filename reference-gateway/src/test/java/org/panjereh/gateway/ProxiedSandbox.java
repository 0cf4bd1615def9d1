package org.panjereh.gateway;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.ClosingProxy;

/**
 * A separate sandbox reached only through a {@link ClosingProxy}: its issuer is the proxy's address, so
 * discovery, PAR, the code exchange, JWKS, tracking ids and event delivery all cross the proxy, and so
 * does the browser on its way to the login page.
 */
public class ProxiedSandbox implements QuarkusTestResourceLifecycleManager {

    static volatile NationalSandbox sandbox;
    static volatile ClosingProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            proxy = new ClosingProxy(ClosingProxy.Mode.CLOSE_AFTER_EACH_ANSWER, Duration.ofSeconds(1));
            SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
            Path dir = Files.createTempDirectory("gateway-proxied");
            sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).issuer(proxy.uri())
                    .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(GatewayTest.BASE + "/callback")),
                            new JWKSet(key.publicJwk()), null, null, null)).build());
            proxy.upstream(sandbox.port());
            return GatewayNode.settings(sandbox, key, dir, URI.create(GatewayTest.BASE + "/callback"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        try {
            if (proxy != null) {
                proxy.close();
            }
        } catch (java.io.IOException ignored) {
            // the test is over
        }
    }
}
