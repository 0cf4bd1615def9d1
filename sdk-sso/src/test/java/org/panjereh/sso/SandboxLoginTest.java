package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** The full login journey against the in-process national sandbox, as a browser would drive it. */
class SandboxLoginTest {

    static final String CALLBACK = "https://portal.agency-1010.example/callback";
    static NationalSandbox sandbox;
    static MockWebServer rp;
    static NationalLogin sso;
    static PlatformDiscovery discovery;
    static AgencyCredentials credentials;
    static final OkHttpClient BROWSER = new OkHttpClient.Builder().followRedirects(false).build();

    @BeforeAll
    static void start() throws Exception {
        rp = new MockWebServer();
        rp.start();
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("1010", "agency-1010",
                List.of(URI.create(CALLBACK)), new JWKSet(key.publicJwk()), null, URI.create(rp.url("/backchannel").toString())))
                .build());
        discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
        credentials = AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build();
        sso = NationalLogin.builder(discovery, credentials, URI.create(CALLBACK)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        sandbox.close();
        rp.close();
    }

    /** Follows the redirect to the sandbox's login page, picks a citizen and level, returns the callback parameters. */
    static Map<String, String> loginAs(LoginRequest login, String citizen, String loa) throws Exception {
        return loginAs(sandbox.issuer(), login, citizen, loa);
    }

    /** As {@link #loginAs(LoginRequest, String, String)} at the sandbox whose issuer is given. */
    static Map<String, String> loginAs(URI issuer, LoginRequest login, String citizen, String loa) throws Exception {
        assertTrue(login.redirectTo().toString().contains("request_uri="), "PAR was used");
        String page;
        try (Response r = BROWSER.newCall(new Request.Builder().url(login.redirectTo().toString()).build()).execute()) {
            assertEquals(200, r.code());
            page = r.body().string();
        }
        Matcher m = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find());
        try (Response r = BROWSER.newCall(new Request.Builder().url(issuer + "/authorize/login").post(
                new FormBody.Builder().add("txn", m.group(1)).add("citizen", citizen).add("loa", loa).add("action", "login")
                        .build()).build()).execute()) {
            assertEquals(302, r.code());
            URI back = URI.create(r.header("Location"));
            assertTrue(back.toString().startsWith(CALLBACK));
            Map<String, String> q = new HashMap<>();
            for (String kv : back.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                q.put(p[0], java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8));
            }
            return q;
        }
    }

    @Test
    void aCitizenLogsInThroughTheNationalSso() throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/apply/10101234567", false);
        LoginResult r = sso.finish(login.pending(), loginAs(login, "citizen-maryam", "urn:ir:gov:loa:2"));
        Citizen c = r.citizen();
        assertEquals("0499370899", c.nationalCode().value());
        assertEquals(LevelOfAssurance.LOA2, c.acr());
        assertEquals(sandbox.issuer(), c.issuer());
        assertNotNull(c.sessionId());
        assertEquals("/apply/10101234567", login.pending().returnTo());
        assertTrue(sso.needsStepUp(c, LevelOfAssurance.LOA3));
    }

    @Test
    void aLowerLevelThanAskedIsRefusedAndStepUpWorks() throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA3, "/", false);
        LoginException e = assertThrows(LoginException.class,
                () -> sso.finish(login.pending(), loginAs(login, "citizen-maryam", "urn:ir:gov:loa:2")));
        assertEquals(LoginException.Reason.ACR_TOO_LOW, e.reason());
        LoginRequest stepUp = sso.start(LevelOfAssurance.LOA3, "/", true);
        assertEquals(LevelOfAssurance.LOA3, sso.finish(stepUp.pending(),
                loginAs(stepUp, "citizen-maryam", "urn:ir:gov:loa:3")).citizen().acr());
    }

    @Test
    void representativesAndForeignNationals() throws Exception {
        LoginRequest a = sso.start(LevelOfAssurance.LOA1, "/", false);
        Citizen sara = sso.finish(a.pending(), loginAs(a, "citizen-sara", "urn:ir:gov:loa:3")).citizen();
        assertEquals(PersonType.LEGAL_REPRESENTATIVE, sara.personType());
        assertEquals("10380284790", sara.legalEntityId().value());
        LoginRequest b = sso.start(LevelOfAssurance.LOA1, "/", false);
        Citizen ahmad = sso.finish(b.pending(), loginAs(b, "citizen-ahmad", "urn:ir:gov:loa:1")).citizen();
        assertEquals(PersonType.FOREIGN, ahmad.personType());
        assertEquals("123456789012", ahmad.fidaCode().value());
    }

    @Test
    void aCallbackCannotBeUsedTwice() throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA1, "/", false);
        Map<String, String> params = loginAs(login, "citizen-ali", "urn:ir:gov:loa:1");
        sso.finish(login.pending(), params);
        assertEquals(LoginException.Reason.TOKEN_REQUEST_FAILED, assertThrows(LoginException.class,
                () -> sso.finish(login.pending(), params)).reason(), "the code is single-use at the platform");
    }

    @Test
    void logoutSendsABackChannelTokenThatValidatesOnce() throws Exception {
        rp.enqueue(new MockResponse.Builder().code(200).build());
        LoginRequest login = sso.start(LevelOfAssurance.LOA1, "/", false);
        LoginResult r = sso.finish(login.pending(), loginAs(login, "citizen-ali", "urn:ir:gov:loa:1"));
        URI logout = sso.logoutUri(r.idToken(), URI.create("https://portal.agency-1010.example/bye"), "z").orElseThrow();
        try (Response resp = BROWSER.newCall(new Request.Builder().url(logout.toString()).build()).execute()) {
            assertEquals(302, resp.code());
        }
        RecordedRequest got = rp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(got);
        String token = got.getBody().utf8().replaceFirst("^logout_token=", "");
        BackChannelLogout bcl = BackChannelLogout.builder(discovery, credentials).build();
        BackChannelLogout.Notice n = bcl.validate(token);
        assertEquals(r.citizen().sessionId(), n.sessionId());
        assertEquals(r.citizen().subject(), n.subject());
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class, () -> bcl.validate(token)).reason(),
                "a replayed jti is refused");
        assertThrows(LoginException.class, () -> bcl.validate(r.idToken()), "an ID token is not a logout token");
        assertThrows(LoginException.class, () -> bcl.validate("garbage"));
    }

    @Test
    void theAccountLinkComesFromDiscovery() {
        assertEquals(URI.create(sandbox.issuer() + "/account"), sso.accountUrl().orElseThrow());
    }
}
