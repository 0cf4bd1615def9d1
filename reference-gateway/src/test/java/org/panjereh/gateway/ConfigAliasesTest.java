package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.LogCapture;

/** The gateway's old setting names still work, each with one warning naming the SDK's name to use instead. */
class ConfigAliasesTest {

    @Test
    void theSdksNameWinsAndTheOldOneWarnsOnce() {
        LogCapture log = new LogCapture();
        Logger.getLogger(ConfigAliases.class.getName()).addHandler(log);
        try {
            Config both = GatewayNode.config(Map.of("panjereh.events.node-id", "new", "gateway.node-id", "old"));
            assertEquals(Optional.of("new"), ConfigAliases.value(both, "panjereh.events.node-id", "gateway.node-id"));
            assertEquals(0, log.count("deprecated"), "no warning when the new name is set");
            Config old = GatewayNode.config(Map.of("gateway.user-ref-key-file", "/etc/key"));
            for (int i = 0; i < 3; i++) {
                assertEquals(Optional.of("/etc/key"), ConfigAliases.value(old, "panjereh.exchange.user-ref-key-file",
                        "gateway.user-ref-key-file"));
            }
            assertEquals(1, log.count("gateway.user-ref-key-file is deprecated and will be removed: use "
                    + "panjereh.exchange.user-ref-key-file"), log.lines().toString());
            assertEquals(Optional.empty(), ConfigAliases.value(GatewayNode.config(Map.of()), "panjereh.events.node-id",
                    "gateway.node-id"));
        } finally {
            Logger.getLogger(ConfigAliases.class.getName()).removeHandler(log);
        }
    }
}
