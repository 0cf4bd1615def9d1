package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.EncryptionKey;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * ID tokens encrypted to the agency (OIDC Core 10.2, FAPI 2.0 profiles such as Singpass'): each client of one
 * sandbox registers a different set of keys, and the relying party holds its own.
 */
class EncryptedIdTokenTest {

    static final String CALLBACK = "https://portal.agency-1010.example/callback";
    static NationalSandbox sandbox;
    static PlatformDiscovery discovery;
    static SigningKey signing;
    static EncryptionKey current;
    static EncryptionKey previous;
    static EncryptionKey rsa;
    static EncryptionKey stranger;

    @BeforeAll
    static void start() throws Exception {
        signing = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        current = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        previous = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        rsa = EncryptionKey.of(new RSAKeyGenerator(2048).generate());
        stranger = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(registration("encrypting", current))
                .agency(registration("encrypting-rsa", rsa))
                .agency(registration("rotated-out", previous))
                .agency(registration("plain"))
                .build());
        discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
    }

    @AfterAll
    static void stop() {
        discovery.close();
        sandbox.close();
    }

    static AgencyRegistration registration(String clientId, EncryptionKey... enc) {
        List<JWK> keys = new ArrayList<>(List.of(signing.publicJwk()));
        for (EncryptionKey k : enc) {
            keys.add(k.publicJwk());
        }
        return new AgencyRegistration("1010", clientId, List.of(URI.create(CALLBACK)), new JWKSet(keys), null, null);
    }

    static NationalLogin login(String clientId, EncryptionKey... held) {
        AgencyCredentials.Builder c = AgencyCredentials.builder().agencyId("1010").clientId(clientId).signingKey(signing);
        for (EncryptionKey k : held) {
            c.encryptionKey(k);
        }
        return NationalLogin.builder(discovery, c.build(), URI.create(CALLBACK)).build();
    }

    static LoginResult logIn(NationalLogin sso) throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/my", false);
        Map<String, String> callback = SandboxLoginTest.loginAs(sandbox.issuer(), login, "citizen-maryam", "urn:ir:gov:loa:2");
        return sso.finish(login.pending(), callback);
    }

    @Test
    void anIdTokenEncryptedToTheAgencysKeyIsReadAndItsSignatureChecked() throws Exception {
        LoginResult r = logIn(login("encrypting", current));
        assertEquals("0499370899", r.citizen().nationalCode().value());
        assertEquals(3, r.idToken().split("\\.").length, "the logout hint is the signed token inside (RP-Initiated Logout §2)");
        assertEquals(3, logIn(login("encrypting-rsa", rsa)).idToken().split("\\.").length, "RSA-OAEP-256 works too");
    }

    @Test
    void duringARotationATokenEncryptedToThePreviousKeyIsStillRead() throws Exception {
        LoginResult r = logIn(login("rotated-out", current, previous));
        assertEquals(LevelOfAssurance.LOA2, r.citizen().acr());
    }

    @Test
    void aTokenEncryptedToAnotherKeyIsRefused() {
        LoginException e = assertThrows(LoginException.class, () -> logIn(login("encrypting", stranger)));
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, e.reason());
        assertTrue(e.getMessage().contains("encrypted to a key the agency does not hold"), e.getMessage());
    }

    @Test
    void aTokenThatShouldBeEncryptedAndIsNotIsRefused() {
        LoginException e = assertThrows(LoginException.class, () -> logIn(login("plain", current)));
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, e.reason());
        assertTrue(e.getMessage().contains("not encrypted"), e.getMessage());
    }

    @Test
    void anEncryptedTokenForAnAgencyWithoutKeysIsRefused() {
        LoginException e = assertThrows(LoginException.class, () -> logIn(login("encrypting")));
        assertTrue(e.getMessage().contains("no encryption key"), e.getMessage());
    }
}
