package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.RetryPolicy;
import org.panjereh.core.SigningKey;

/** Logins go to a fallback issuer only while the primary is down, and never mix issuers. */
class FallbackIssuerTest {

    @StartStop
    final MockWebServer primaryServer = new MockWebServer();

    @StartStop
    final MockWebServer fallbackServer = new MockWebServer();

    FakeProvider primary;
    FakeProvider fallback;
    NationalLogin sso;

    @BeforeEach
    void setUp() throws Exception {
        primary = new FakeProvider(primaryServer);
        fallback = new FakeProvider(fallbackServer);
        RetryPolicy once = RetryPolicy.none();
        sso = NationalLogin.builder(PlatformDiscovery.builder(URI.create(primary.issuer())).retryPolicy(once).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010")
                        .signingKey(SigningKey.of(new ECKeyGenerator(Curve.P_256).generate())).build(),
                URI.create("https://portal.example/callback"))
                .fallbackIssuers(List.of(URI.create(fallback.issuer())))
                .fallbackDiscovery(u -> PlatformDiscovery.builder(u).retryPolicy(once).build())
                .build();
    }

    Map<String, String> callback(PendingLogin p, String iss) {
        Map<String, String> m = new HashMap<>();
        m.put("state", p.state());
        m.put("code", "c");
        m.put("iss", iss);
        return m;
    }

    @Test
    void whileThePrimaryIsDownLoginsGoToTheFallback() throws Exception {
        primary.down = true;
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", false);
        assertEquals(URI.create(fallback.issuer()), login.pending().issuer());
        assertEquals(fallback.issuer() + "/authorize", login.redirectTo().toString().replaceAll("\\?.*$", ""));
        String token = fallback.sign(fallback.claims(login.pending().nonce()).build(), fallback.key, "op-1");
        fallback.token = r -> FakeProvider.tokens(token);
        Citizen c = sso.finish(login.pending(), callback(login.pending(), fallback.issuer())).citizen();
        assertEquals(URI.create(fallback.issuer()), c.issuer());
    }

    @Test
    void aPrimaryLoginNeverAcceptsTheFallbacksToken() throws Exception {
        LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/", false);
        assertEquals(URI.create(primary.issuer()), login.pending().issuer());
        String fromFallback = fallback.sign(fallback.claims(login.pending().nonce()).build(), fallback.key, "op-1");
        primary.token = r -> FakeProvider.tokens(fromFallback);
        assertEquals(LoginException.Reason.INVALID_ID_TOKEN, assertThrows(LoginException.class,
                () -> sso.finish(login.pending(), callback(login.pending(), primary.issuer()))).reason());
        assertEquals(LoginException.Reason.ISSUER_MISMATCH, assertThrows(LoginException.class,
                () -> sso.finish(login.pending(), callback(login.pending(), fallback.issuer()))).reason());
    }

    @Test
    void whenEveryIssuerIsDownTheErrorSaysSo() {
        primary.down = true;
        fallback.down = true;
        LoginException e = assertThrows(LoginException.class, () -> sso.start(LevelOfAssurance.LOA1, "/", false));
        assertEquals(LoginException.Reason.PLATFORM_UNAVAILABLE, e.reason());
        assertEquals(true, e.isRetryable());
    }
}
