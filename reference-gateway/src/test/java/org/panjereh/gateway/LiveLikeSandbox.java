package org.panjereh.gateway;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
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
            SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
            Path dir = Files.createTempDirectory("gateway-live-like");
            Path secretFile = Files.writeString(dir.resolve("client-secret"), SECRET);
            sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).profile(SandboxConfig.Profile.LIVE_LIKE)
                    .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(GatewayTest.BASE + "/callback")),
                            new JWKSet(key.publicJwk()), null, null, SECRET)).build());
            Map<String, String> m = GatewayNode.settings(sandbox, key, dir, URI.create(GatewayTest.BASE + "/callback"));
            m.put("panjereh.agency.client-secret-file", secretFile.toString());
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
