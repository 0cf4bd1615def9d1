package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.ClientSecret;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformMetadata;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.LogHygiene;

/**
 * Issue 10: the same SDK reaches a platform like the live national SSO (no discovery, /oauth2 paths,
 * client_secret_basic, nationalCode, no PAR, no DPoP) by configuration alone.
 */
class LiveLikeProfileTest {

    static final String CALLBACK = "https://portal.agency-1010.example/callback";
    static final String SECRET = "s3cret-for-the-live-like-profile";

    static {
        LogHygiene.forbid(SECRET); // the suite fails if any log line ever holds it
    }
    static NationalSandbox sandbox;
    static PlatformDiscovery discovery;
    static AgencyCredentials credentials;
    static final OkHttpClient BROWSER = new OkHttpClient.Builder().followRedirects(false).build();

    @StartStop
    final MockWebServer fakeServer = new MockWebServer();

    @BeforeAll
    static void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).profile(SandboxConfig.Profile.LIVE_LIKE)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(CALLBACK)), new JWKSet(key.publicJwk()),
                        null, null, SECRET)).build());
        String i = sandbox.issuer().toString();
        // What an integrator configures for the live platform, endpoint by endpoint.
        PlatformMetadata md = PlatformMetadata.builder(URI.create(i), URI.create(i + "/oauth2/jwks"))
                .authorizationEndpoint(URI.create(i + "/oauth2/authorize"))
                .tokenEndpoint(URI.create(i + "/oauth2/token"))
                .userInfoEndpoint(URI.create(i + "/api/v1/user/userinfo"))
                .endSessionEndpoint(URI.create(i + "/logout"))
                .tokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC))
                .endpoint(PlatformMetadata.TRACKING_ENDPOINT, URI.create(i + "/tracking"))
                .build();
        discovery = PlatformDiscovery.fixed(md).build();
        credentials = AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key)
                .clientSecret(ClientSecret.of(SECRET.toCharArray())).build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void thereIsNoDiscoveryDocument() throws Exception {
        try (Response r = BROWSER.newCall(new Request.Builder().url(sandbox.issuer() + "/.well-known/openid-configuration")
                .build()).execute()) {
            assertEquals(404, r.code());
        }
        try (Response r = BROWSER.newCall(new Request.Builder().url(sandbox.issuer() + "/").build()).execute()) {
            String index = r.body().string();
            assertTrue(index.contains(sandbox.issuer() + "/oauth2/token") && index.contains("live-like"), index);
            assertFalse(index.contains("openid-configuration") || index.contains("/par<"), "the index lists only what is served");
        }
        try (Response r = BROWSER.newCall(new Request.Builder().url(sandbox.issuer() + "/openapi.json").build()).execute()) {
            com.fasterxml.jackson.databind.JsonNode paths = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body().string())
                    .get("paths");
            assertTrue(paths.has("/oauth2/token") && paths.has("/api/v1/user/userinfo") && paths.has("/tracking/tracking-ids"));
            assertFalse(paths.has("/token") || paths.has("/par") || paths.has("/.well-known/openid-configuration"));
        }
    }

    @Test
    void theFullLoginJourneyWithClientSecretBasicAndNationalCodeClaim() throws Exception {
        NationalLogin sso = NationalLogin.builder(discovery, credentials, URI.create(CALLBACK)).claimNames(ClaimNames.live())
                .useUserInfo(true).build();
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", false);
        assertFalse(login.redirectTo().toString().contains("request_uri"), "no PAR on this platform");
        assertTrue(login.redirectTo().toString().startsWith(sandbox.issuer() + "/oauth2/authorize?"));
        Map<String, String> q = ConfiguredLoginTest.pickCitizen(sandbox, login);
        Citizen c = sso.finish(login.pending(), q).citizen();
        assertEquals("0499370899", c.nationalCode().value(), "read from the nationalCode claim");
        assertEquals(LevelOfAssurance.LOA2, c.acr());
        // The strict names do not find it on this platform.
        NationalLogin strictNames = NationalLogin.builder(discovery, credentials, URI.create(CALLBACK)).build();
        assertTrue(strictNames.start(LevelOfAssurance.LOA1, "/", false).redirectTo().toString().contains("code_challenge="));
    }

    @Test
    void machineTokensAreBearerWithClientSecretBasic() {
        PlatformClient platform = PlatformClient.builder(discovery, credentials).build();
        assertFalse(platform.metadata().supportsDpop());
        TrackingId t = TrackingIds.builder(platform).build().issue(ServiceId.of("10101234567"), Channel.WEB, "s").trackingId();
        assertTrue(TrackingId.isValid(t.value()));
        assertTrue(credentials.toString().contains("secret=hidden") && !credentials.toString().contains(SECRET));
    }

    @Test
    void aUserinfoAboutAnotherSubjectIsRefused() throws Exception {
        FakeProvider op = new FakeProvider(fakeServer);
        NationalLogin sso = NationalLogin.builder(PlatformDiscovery.builder(URI.create(op.issuer())).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                        .signingKey(SigningKey.of(new ECKeyGenerator(Curve.P_256).generate())).build(),
                URI.create("https://portal.example/callback")).useUserInfo(true).build();
        PendingLogin pending = sso.start(LevelOfAssurance.LOA2, "/", false).pending();
        String token = op.sign(op.claims(pending.nonce()).build(), op.key, "op-1");
        op.token = r -> FakeProvider.tokens(token);
        op.userinfo = "{\"sub\":\"someone-else\",\"nationalCode\":\"0790419904\"}";
        Map<String, String> cb = new HashMap<>(Map.of("state", pending.state(), "code", "c", "iss", op.issuer()));
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class, () -> sso.finish(pending, cb)).reason());
    }
}
