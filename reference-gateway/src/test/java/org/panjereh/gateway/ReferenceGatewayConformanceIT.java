package org.panjereh.gateway;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.panjereh.conformance.PortalConformance;
import org.panjereh.conformance.PortalConformanceTest;

/**
 * The conformance kit's JUnit 5 API as an agency uses it in its own build: the built reference gateway (its
 * sandbox embedded) is started, and every national-window rule is a test that must pass. Reports:
 * target/conformance (JUnit XML and HTML).
 */
@PortalConformance(portal = "http://127.0.0.1:18783", sandbox = "http://127.0.0.1:18784", reportDir = "target/conformance")
class ReferenceGatewayConformanceIT extends PortalConformanceTest {

    static GatewayProcess gateway;

    @BeforeAll
    static void startTheGateway() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("gateway-conformance");
        gateway = GatewayProcess.start(18783, Map.of("gateway.sandbox.port", "18784", "gateway.data-dir", dir.resolve("data").toString()),
                dir.resolve("gateway.log"));
    }

    @AfterAll
    static void stopTheGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }
}
