package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.ClientAssertionAudience;
import org.panjereh.core.EncryptionKey;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * Logins through the sandbox's FAPI 2.0 profile: PAR with a signed request object, client assertions for the issuer,
 * tokens bound to the relying party's DPoP key (with the server's nonces), an encrypted ID token and an encrypted,
 * signed userinfo; and what the profile refuses.
 */
class Fapi2LoginTest {

    static final String CALLBACK = "https://portal.agency-1010.example/callback";
    NationalSandbox sandbox;
    PlatformDiscovery discovery;
    SigningKey signing;
    EncryptionKey encryption;

    void start(boolean nonces) throws Exception {
        signing = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        encryption = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).profile(SandboxConfig.Profile.FAPI2).dpopNonces(nonces)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(CALLBACK)),
                        new JWKSet(List.of(signing.publicJwk(), encryption.publicJwk())), null, null))
                .build());
        discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
    }

    @AfterEach
    void stop() {
        discovery.close();
        sandbox.close();
    }

    NationalLogin.Builder login(ClientAssertionAudience audience) {
        return NationalLogin.builder(discovery, AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                .signingKey(signing).encryptionKey(encryption).clientAssertionAudience(audience).build(), URI.create(CALLBACK));
    }

    LoginResult logIn(NationalLogin sso) throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/my", false);
        Map<String, String> callback = SandboxLoginTest.loginAs(sandbox.issuer(), login, "citizen-maryam", "urn:ir:gov:loa:2");
        return sso.finish(login.pending(), callback);
    }

    @Test
    void aLoginMeetsEveryRuleOfTheProfile() throws Exception {
        start(true);
        LoginResult r = logIn(login(ClientAssertionAudience.ISSUER).dpop(true).useUserInfo(true).build());
        assertEquals("0499370899", r.citizen().nationalCode().value());
        assertEquals(LevelOfAssurance.LOA2, r.citizen().acr());
        Map<String, Object> cnf = SignedJWT.parse(r.accessToken()).getJWTClaimsSet().getJSONObjectClaim("cnf");
        assertTrue(cnf != null && cnf.get("jkt") instanceof String, "the access token is bound to the DPoP key: " + cnf);
    }

    @Test
    void anAssertionForTheTokenEndpointIsRefused() throws Exception {
        start(false);
        NationalLogin sso = login(ClientAssertionAudience.ENDPOINT).dpop(true).build();
        LoginException e = assertThrows(LoginException.class, () -> logIn(sso));
        assertEquals(LoginException.Reason.TOKEN_REQUEST_FAILED, e.reason());
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
    }

    @Test
    void tokensWithoutAProofOfPossessionAreRefused() throws Exception {
        start(false);
        LoginException e = assertThrows(LoginException.class, () -> logIn(login(ClientAssertionAudience.ISSUER).build()));
        assertEquals(LoginException.Reason.TOKEN_REQUEST_FAILED, e.reason());
        assertTrue(e.getMessage().contains("invalid_dpop_proof"), e.getMessage());
    }
}
