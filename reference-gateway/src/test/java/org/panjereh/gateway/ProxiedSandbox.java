package org.panjereh.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.Map;
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
            GatewayNode.SeparatePlatform p = GatewayNode.separatePlatform(SandboxConfig.builder().port(0).issuer(proxy.uri()),
                    null);
            sandbox = p.sandbox();
            proxy.upstream(sandbox.port());
            return p.settings();
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
