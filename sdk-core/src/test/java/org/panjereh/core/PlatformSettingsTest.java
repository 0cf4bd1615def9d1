package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformSettingsTest {

    @TempDir
    Path dir;

    @Test
    void environmentNamesFollowMicroProfileConfig() {
        PlatformSettings s = PlatformSettings.fromEnvironment(Map.of("PANJEREH_PLATFORM_ISSUER", "https://sso.example.ir",
                "panjereh_platform_discovery", "false"));
        assertEquals("https://sso.example.ir", s.required(PlatformSettings.ISSUER));
        assertFalse(s.flag(PlatformSettings.DISCOVERY, true));
        assertEquals(PlatformSettings.TOKEN_ENDPOINT + " is not set",
                assertThrows(PanjerehConfigurationException.class, () -> s.required(PlatformSettings.TOKEN_ENDPOINT)).getMessage());
    }

    @Test
    void fixedEndpointsWithoutDiscovery() {
        Map<String, String> m = new HashMap<>(Map.of(PlatformSettings.ISSUER, "https://sso.example.ir",
                PlatformSettings.DISCOVERY, "false",
                PlatformSettings.JWKS_URI, "https://sso.example.ir/oauth2/jwks",
                PlatformSettings.AUTHORIZATION_ENDPOINT, "https://sso.example.ir/oauth2/authorize",
                PlatformSettings.TOKEN_ENDPOINT, "https://sso.example.ir/oauth2/token",
                PlatformSettings.CLIENT_SECRET_ENV, "SOME_VARIABLE",
                "panjereh.platform.tracking-endpoint", "https://window.example.ir/tracking",
                PlatformSettings.ACR_VALUES, "urn:ir:gov:loa:1, urn:ir:gov:loa:2"));
        try (PlatformDiscovery d = PlatformSettings.fromMap(m).discovery()) {
            PlatformMetadata md = d.metadata();
            assertEquals(URI.create("https://sso.example.ir/oauth2/token"), md.tokenEndpoint());
            assertEquals(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC), md.tokenEndpointAuthMethods(),
                    "a configured secret makes client_secret_basic the default");
            assertFalse(md.supportsDpop(), "Bearer unless DPoP algorithms are configured");
            assertTrue(md.pushedAuthorizationRequestEndpoint().isEmpty());
            assertFalse(md.backChannelLogoutSupported());
            assertEquals(List.of("urn:ir:gov:loa:1", "urn:ir:gov:loa:2"), md.acrValuesSupported());
            assertEquals(URI.create("https://window.example.ir/tracking"), md.trackingEndpoint());
        }
        m.put(PlatformSettings.TOKEN_AUTH_METHODS, "client_secret_post");
        assertTrue(assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(m).discovery())
                .getMessage().contains("not supported"));
        m.put(PlatformSettings.TOKEN_AUTH_METHODS, "private_key_jwt");
        m.put(PlatformSettings.TOKEN_ENDPOINT, "/relative");
        assertTrue(assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(m).discovery())
                .getMessage().contains("absolute"));
    }

    @Test
    void credentialsFromFilesNeverShowTheSecret() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Path keyFile = Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
        Path secret = Files.writeString(dir.resolve("secret"), "a-client-secret-of-enough-length\n");
        Map<String, String> m = new HashMap<>(Map.of(PlatformSettings.AGENCY_ID, "۱۰۱۰", PlatformSettings.CLIENT_ID, "agency-1010",
                PlatformSettings.KEY_FILE, keyFile.toString(), PlatformSettings.CLIENT_SECRET_FILE, secret.toString()));
        AgencyCredentials c = PlatformSettings.fromMap(m).credentials();
        assertEquals("1010", c.agencyId());
        assertEquals(key.keyId(), c.signingKey().keyId());
        assertEquals("a-client-secret-of-enough-length", c.clientSecret().orElseThrow().reveal());
        assertFalse(c.toString().contains("a-client-secret"));
        assertEquals(ClientAssertionAudience.ISSUER, c.clientAssertionAudience(), "FAPI 2.0's audience by default");
        m.put(PlatformSettings.CLIENT_ASSERTION_AUDIENCE, "Endpoint");
        assertEquals(ClientAssertionAudience.ENDPOINT, PlatformSettings.fromMap(m).credentials().clientAssertionAudience());
        m.put(PlatformSettings.CLIENT_ASSERTION_AUDIENCE, "token-endpoint");
        assertEquals(PlatformSettings.CLIENT_ASSERTION_AUDIENCE + " must be issuer or endpoint",
                assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(m).credentials()).getMessage());
        m.remove(PlatformSettings.CLIENT_ASSERTION_AUDIENCE);
        EncryptionKey enc = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        EncryptionKey old = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Path encFile = Files.writeString(dir.resolve("enc.jwk"), enc.privateJwk().toJSONString());
        Path oldFile = Files.writeString(dir.resolve("enc-old.jwk"), old.privateJwk().toJSONString());
        m.put(PlatformSettings.ENCRYPTION_KEY_FILE, encFile + ", " + oldFile);
        assertEquals(List.of(enc.keyId(), old.keyId()), PlatformSettings.fromMap(m).credentials().encryptionKeys().stream()
                .map(EncryptionKey::keyId).toList(), "newest first, both held during a rotation");
        assertEquals(3, PlatformSettings.fromMap(m).credentials().publicJwks().getKeys().size());
        m.put(PlatformSettings.ENCRYPTION_KEY_FILE, keyFile.toString());
        assertEquals("The encryption key must not be the signing key",
                assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(m).credentials()).getMessage());
        m.remove(PlatformSettings.ENCRYPTION_KEY_FILE);
        m.put(PlatformSettings.CLIENT_SECRET_ENV, "X");
        assertTrue(assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(m).credentials())
                .getMessage().contains("only one"));
        m.remove(PlatformSettings.CLIENT_SECRET_ENV);
        m.put(PlatformSettings.KEY_FILE, dir.resolve("missing.pem").toString());
        assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(m).credentials());
    }
}
