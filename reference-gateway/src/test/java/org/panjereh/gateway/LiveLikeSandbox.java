package org.panjereh.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.LogHygiene;

/**
 * A separate sandbox in the live-like profile, and the configuration an integrator would write for it:
 * the gateway's code is the same, only these keys differ.
 */
public class LiveLikeSandbox implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "live-like-gateway-secret-0123";

    static {
        LogHygiene.forbid(SECRET); // the suite fails if any log line ever holds it
    }
    static volatile NationalSandbox sandbox;

    @Override
    public Map<String, String> start() {
        try {
            GatewayNode.SeparatePlatform p = GatewayNode.separatePlatform(SandboxConfig.builder().port(0)
                    .profile(SandboxConfig.Profile.LIVE_LIKE), SECRET);
            sandbox = p.sandbox();
            Map<String, String> m = p.settings();
            m.put("panjereh.agency.client-secret-file", Files.writeString(p.dir().resolve("client-secret"), SECRET).toString());
            m.put("panjereh.sso.claims.national-code", "nationalCode");
            m.put("panjereh.sso.userinfo", "true");
            return m;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
