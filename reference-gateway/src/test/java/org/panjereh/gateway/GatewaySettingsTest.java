package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.panjereh.core.PanjerehConfigurationException;

/** The gateway's settings read in one place: defaults, types, ranges, and an error naming the key. */
class GatewaySettingsTest {

    private static GatewaySettings settings(Map<String, String> m) {
        return GatewaySettings.of(GatewayNode.config(m));
    }

    @Test
    void nothingConfiguredGivesTheDocumentedDefaults() {
        GatewaySettings s = settings(Map.of());
        assertEquals(Path.of("panjereh-gateway-data"), s.dataDir());
        assertEquals(URI.create("http://127.0.0.1:8080"), s.baseUrl());
        assertEquals(16, s.dbPoolSize());
        assertEquals(Optional.empty(), s.dbUrl());
        assertEquals(Duration.ofHours(1), s.backupInterval());
        assertEquals(24, s.backupKeep());
        assertEquals(8089, s.sandboxPort());
        assertTrue(s.sandboxPersist());
        assertFalse(s.sandboxFapi2());
        assertEquals(600, s.providerRatePerMinute());
        assertEquals(List.of(), s.forms());
        assertEquals(Set.of(), s.violations());
        assertFalse(s.jsonLogs());
        assertTrue(s.releaseHeap());
    }

    @Test
    void valuesAreTyped() {
        GatewaySettings s = settings(Map.of("gateway.db.pool-size", "4", "gateway.backup.interval", "PT15M",
                "gateway.forms", "10101234567, 10101234568", "gateway.sandbox.profile", "fapi2",
                "gateway.demo.violations", "no-survey,card-hidden", "gateway.sandbox.issuer", "https://sandbox.example.ir",
                "gateway.log.json", "TRUE", "panjereh.exchange.user-ref-key-file", "/etc/panjereh/user-ref.key"));
        assertEquals(4, s.dbPoolSize());
        assertEquals(Duration.ofMinutes(15), s.backupInterval());
        assertEquals(List.of("10101234567", "10101234568"), s.forms());
        assertTrue(s.sandboxFapi2());
        assertEquals(Set.of("no-survey", "card-hidden"), s.violations());
        assertEquals(Optional.of(URI.create("https://sandbox.example.ir")), s.sandboxIssuer());
        assertTrue(s.jsonLogs());
        assertEquals(Optional.of(Path.of("/etc/panjereh/user-ref.key")), s.userRefKeyFile());
    }

    @Test
    void aBadValueIsRefusedNamingItsKeyAndTheRule() {
        refused("gateway.db.pool-size", "many", GatewaySettings::dbPoolSize, "whole number");
        refused("gateway.db.pool-size", "0", GatewaySettings::dbPoolSize, "1-200");
        refused("gateway.sandbox.port", "70000", GatewaySettings::sandboxPort, "0-65535");
        refused("gateway.backup.interval", "1h", GatewaySettings::backupInterval, "ISO-8601");
        refused("gateway.sandbox.persist", "yes", GatewaySettings::sandboxPersist, "true or false");
        refused("gateway.base-url", "portal.example.ir", GatewaySettings::baseUrl, "absolute URL");
        refused("gateway.sandbox.profile", "fapi3", GatewaySettings::sandboxFapi2, "fapi2 or default");
        refused("gateway.exchange.provider-rate-per-minute", "1000000", GatewaySettings::providerRatePerMinute, "1-100000");
        PanjerehConfigurationException chain = assertThrows(PanjerehConfigurationException.class,
                () -> settings(Map.of("gateway.documents.key-file", "/k.pem")).documentsChainFile());
        assertTrue(chain.getMessage().contains("gateway.documents.chain-file"), chain.getMessage());
    }

    private static void refused(String key, String value, Function<GatewaySettings, Object> read, String rule) {
        PanjerehConfigurationException e = assertThrows(PanjerehConfigurationException.class,
                () -> read.apply(settings(Map.of(key, value))));
        assertTrue(e.getMessage().startsWith(key + " ") && e.getMessage().contains(rule), e.getMessage());
    }
}
