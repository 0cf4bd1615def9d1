package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.PlatformSettings;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.LogHygiene;

/**
 * Issue 10: one portal, two platforms, only configuration changed. The strict profile is reached through
 * discovery and private_key_jwt, the live-like one endpoint by endpoint with client_secret_basic and the
 * {@code nationalCode} claim; the same bad tokens are refused on both.
 */
class ConfiguredLoginTest {

    static final String CALLBACK = "https://portal.agency-1010.example/callback";
    static final String SECRET = "configured-secret-0123456789";

    static {
        LogHygiene.forbid(SECRET); // the suite fails if any log line ever holds it
    }
    static final OkHttpClient BROWSER = new OkHttpClient.Builder().followRedirects(false).build();

    @TempDir
    Path dir;

    @StartStop
    final MockWebServer fakeServer = new MockWebServer();

    private Map<String, String> common(SigningKey key) throws Exception {
        Path keyFile = dir.resolve("agency.jwk");
        Files.writeString(keyFile, key.privateJwk().toJSONString());
        Path secretFile = dir.resolve("client-secret");
        Files.writeString(secretFile, SECRET + "\n");
        Map<String, String> m = new HashMap<>();
        m.put(PlatformSettings.AGENCY_ID, "1010");
        m.put(PlatformSettings.CLIENT_ID, "agency-1010");
        m.put(PlatformSettings.KEY_FILE, keyFile.toString());
        m.put(SsoSettings.REDIRECT_URI, CALLBACK);
        return m;
    }

    private static NationalSandbox sandbox(SandboxConfig.Profile profile, SigningKey key) {
        return NationalSandbox.start(SandboxConfig.builder().port(0).profile(profile)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(CALLBACK)), new JWKSet(key.publicJwk()),
                        null, null, SECRET)).build());
    }

    /** What an integrator adds for the live-like platform besides its endpoints. */
    private static Map<String, String> liveLike(NationalSandbox sandbox, Path dir) {
        Map<String, String> m = new HashMap<>(sandbox.platformSettings());
        m.put(PlatformSettings.CLIENT_SECRET_FILE, dir.resolve("client-secret").toString());
        m.put(SsoSettings.CLAIMS_PREFIX + "national-code", "nationalCode");
        m.put(SsoSettings.USERINFO, "true");
        return m;
    }

    @Test
    void strictProfileByConfiguration() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (NationalSandbox sandbox = sandbox(SandboxConfig.Profile.STRICT, key)) {
            Map<String, String> cfg = common(key);
            cfg.put(PlatformSettings.ISSUER, sandbox.issuer().toString());
            NationalLogin sso = SsoSettings.loginBuilder(PlatformSettings.fromMap(cfg)).build();
            LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", false);
            assertTrue(login.redirectTo().toString().contains("request_uri="), "PAR is used where offered");
            Citizen c = sso.finish(login.pending(), pickCitizen(sandbox, login)).citizen();
            assertEquals("0499370899", c.nationalCode().value());
        }
    }

    @Test
    void liveLikeProfileByConfiguration() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        try (NationalSandbox sandbox = sandbox(SandboxConfig.Profile.LIVE_LIKE, key)) {
            Map<String, String> cfg = common(key);
            cfg.putAll(liveLike(sandbox, dir));
            PlatformSettings settings = PlatformSettings.fromMap(cfg);
            assertFalse(settings.toString().contains(SECRET));
            NationalLogin sso = SsoSettings.loginBuilder(settings).build();
            LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", false);
            assertTrue(login.redirectTo().toString().startsWith(sandbox.issuer() + "/oauth2/authorize?"));
            assertFalse(login.redirectTo().toString().contains("request_uri="), "no PAR without a PAR endpoint");
            Citizen c = sso.finish(login.pending(), pickCitizen(sandbox, login)).citizen();
            assertEquals("0499370899", c.nationalCode().value());
            assertEquals(LevelOfAssurance.LOA2, c.acr());
        }
    }

    @Test
    void liveLikeRefusesAMissingNonceAndAnUnknownKey() throws Exception {
        FakeProvider op = new FakeProvider(fakeServer);
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Map<String, String> cfg = common(key);
        String i = op.issuer();
        cfg.putAll(Map.of(PlatformSettings.ISSUER, i, PlatformSettings.DISCOVERY, "false",
                PlatformSettings.JWKS_URI, i + "/jwks", PlatformSettings.AUTHORIZATION_ENDPOINT, i + "/authorize",
                PlatformSettings.TOKEN_ENDPOINT, i + "/token", PlatformSettings.ALLOW_INSECURE_HTTP, "true",
                PlatformSettings.CLIENT_SECRET_FILE, dir.resolve("client-secret").toString()));
        NationalLogin sso = SsoSettings.loginBuilder(PlatformSettings.fromMap(cfg)).build();

        PendingLogin p1 = sso.start(LevelOfAssurance.LOA2, "/", false).pending();
        String noNonce = op.sign(op.claims(p1.nonce()).claim("nonce", null).build(), op.key, "op-1");
        op.token = r -> FakeProvider.tokens(noNonce);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(p1, Map.of("state", p1.state(), "code", "c"))).reason());
        mockwebserver3.RecordedRequest tokenCall = fakeServer.takeRequest();
        assertEquals("/token", tokenCall.getUrl().encodedPath());
        assertTrue(tokenCall.getHeaders().get("Authorization").startsWith("Basic "), "client_secret_basic");
        assertFalse(tokenCall.getBody().utf8().contains("client_assertion"), "never a client assertion");

        PendingLogin p2 = sso.start(LevelOfAssurance.LOA2, "/", false).pending();
        ECKey rogue = new ECKeyGenerator(Curve.P_256).keyID("rogue").generate();
        String foreign = op.sign(op.claims(p2.nonce()).build(), rogue, "rogue");
        op.token = r -> FakeProvider.tokens(foreign);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(p2, Map.of("state", p2.state(), "code", "c"))).reason());
    }

    @Test
    void missingAndMalformedKeysAreNamed() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Map<String, String> cfg = common(key);
        cfg.put(PlatformSettings.ISSUER, "https://sso.example.ir");
        cfg.put(PlatformSettings.DISCOVERY, "false");
        PanjerehConfigurationException e = assertThrows(PanjerehConfigurationException.class,
                () -> SsoSettings.loginBuilder(PlatformSettings.fromMap(cfg)));
        assertTrue(e.getMessage().contains(PlatformSettings.JWKS_URI), e.getMessage());
        cfg.put(PlatformSettings.DISCOVERY, "yes");
        assertTrue(assertThrows(PanjerehConfigurationException.class, () -> PlatformSettings.fromMap(cfg).discovery())
                .getMessage().contains(PlatformSettings.DISCOVERY));
        cfg.remove(SsoSettings.REDIRECT_URI);
        cfg.put(PlatformSettings.DISCOVERY, "true");
        assertTrue(assertThrows(PanjerehConfigurationException.class, () -> SsoSettings.loginBuilder(PlatformSettings.fromMap(cfg)))
                .getMessage().contains(SsoSettings.REDIRECT_URI));
    }

    /** Picks the test citizen Maryam at LoA 2 on the sandbox login page; returns the callback parameters. */
    static Map<String, String> pickCitizen(NationalSandbox sandbox, LoginRequest login) throws Exception {
        String page;
        try (Response r = BROWSER.newCall(new Request.Builder().url(login.redirectTo().toString()).build()).execute()) {
            page = r.body().string();
        }
        Matcher m = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), page);
        Map<String, String> q = new HashMap<>();
        try (Response r = BROWSER.newCall(new Request.Builder().url(sandbox.issuer() + "/authorize/login").post(new FormBody.Builder()
                .add("txn", m.group(1)).add("citizen", "citizen-maryam").add("loa", "urn:ir:gov:loa:2").add("action", "login")
                .build()).build()).execute()) {
            for (String kv : URI.create(r.header("Location")).getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
            }
        }
        return q;
    }
}
