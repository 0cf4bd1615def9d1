package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.panjereh.testing.LogCapture;
import org.panjereh.testing.SandboxBrowser;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** A plain servlet app protected by the filter, logged into through the sandbox by a cookie-keeping client. */
class ServletFilterTest {

    NationalSandbox sandbox;
    Server portal;
    String base;
    SandboxBrowser browser;
    SessionStore store = SessionStore.inMemory();

    /** Prints who is logged in; "apply" pages need level 2, "card" pages level 3. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            Citizen c = (Citizen) req.getAttribute(NationalLoginFilter.CITIZEN);
            res.setContentType("text/plain; charset=utf-8");
            res.getWriter().write(c == null ? "anonymous" : "hello " + c.nationalCode().value() + " " + c.acr().acr());
        }
    }

    @BeforeEach
    void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        portal = new Server();
        ServerConnector connector = new ServerConnector(portal);
        connector.setHost("127.0.0.1");
        portal.addConnector(connector);
        portal.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        connector.setPort(connector.getLocalPort());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("1010", "agency-1010",
                List.of(URI.create(base + "/callback")), new JWKSet(key.publicJwk()), null,
                URI.create(base + "/backchannel-logout"))).build());
        PlatformDiscovery discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
        AgencyCredentials creds = AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build();
        NationalLogin sso = NationalLogin.builder(discovery, creds, URI.create(base + "/callback")).build();
        NationalLoginFilter filter = NationalLoginFilter.builder(sso, store, BackChannelLogout.builder(discovery, creds).build()).protect("/apply", "/card")
                .requiredLevel(p -> p.startsWith("/card") ? LevelOfAssurance.LOA3 : LevelOfAssurance.LOA2)
                .postLogoutRedirect(URI.create(base + "/")).build();
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        ctx.addServlet(new ServletHolder(new Hello()), "/*");
        portal.stop();
        portal.setHandler(ctx);
        portal.start();
        browser = new SandboxBrowser(base, sandbox.issuer());
    }

    @AfterEach
    void stop() throws Exception {
        portal.stop();
        sandbox.close();
    }

    Response get(String url) throws IOException {
        return browser.get(url);
    }

    String session() {
        return browser.cookie("PANJEREH_SESSION").orElse(null);
    }

    /** Follows redirects by hand through portal and sandbox, logging in as the citizen at the level. */
    String journey(String start, String citizen, String loa) throws IOException {
        return browser.journey(start, citizen, loa);
    }

    @Test
    void aProtectedPageLeadsThroughTheNationalSsoAndBack() throws Exception {
        try (Response r = get("/apply/10101234567?x=1")) {
            assertEquals(302, r.code());
            assertTrue(r.header("Location").startsWith("/login?returnTo="));
        }
        String out = journey("/apply/10101234567?x=1", "citizen-maryam", "urn:ir:gov:loa:2");
        assertEquals("200 hello 0499370899 urn:ir:gov:loa:2", out);
        try (Response r = get("/")) {
            assertEquals("hello 0499370899 urn:ir:gov:loa:2", r.body().string(), "the citizen is known on open pages too");
        }
    }

    @Test
    void theSessionIdChangesAtLoginAndTheCookieIsStrict() throws Exception {
        String before;
        try (Response r = get("/login?returnTo=/apply")) {
            before = session();
            String setCookie = r.header("Set-Cookie");
            assertTrue(setCookie.contains("HttpOnly"), setCookie);
            assertTrue(setCookie.contains("SameSite=Lax"), setCookie);
        }
        journey("/apply", "citizen-maryam", "urn:ir:gov:loa:2");
        assertNotNull(before);
        assertNotEquals(before, session(), "session id rotated after login");
        assertTrue(store.find(before).isEmpty(), "the pre-login session is gone");
    }

    @Test
    void stepUpWhenAPageNeedsAHigherLevel() throws Exception {
        journey("/apply", "citizen-maryam", "urn:ir:gov:loa:2");
        try (Response r = get("/card")) {
            assertEquals(302, r.code());
            assertTrue(r.header("Location").contains("stepUp=true"));
        }
        assertEquals("200 hello 0499370899 urn:ir:gov:loa:3", journey("/card", "citizen-maryam", "urn:ir:gov:loa:3"));
    }

    @Test
    void openRedirectsAreRefused() throws Exception {
        assertEquals("200 hello 0499370899 urn:ir:gov:loa:2",
                journey("/login?returnTo=//evil.example/steal", "citizen-maryam", "urn:ir:gov:loa:2").replace("anonymous", ""));
        try (Response r = get("/login?returnTo=https://evil.example/")) {
            assertTrue(r.header("Location").startsWith(sandbox.issuer().toString()));
        }
    }

    @Test
    void aBadCallbackGetsAPersianPageAndNoSession() throws Exception {
        LogCapture log = new LogCapture();
        log.attach();
        try (Response r = get("/callback?state=forged&code=abc-secret-code&iss=x")) {
            assertEquals(400, r.code());
            String body = r.body().string();
            assertTrue(body.contains("dir=\"rtl\""));
            assertTrue(body.contains("ورود"));
            assertFalse(body.contains("Exception"));
            Matcher id = Pattern.compile("شناسه خطا برای پشتیبانی: ([0-9a-f-]{36})").matcher(body);
            assertTrue(id.find(), body);
            List<String> lines = log.lines().stream().filter(l -> l.contains(id.group(1))).toList();
            assertEquals(1, lines.size(), "the error id stands in exactly one log line: " + log.lines());
            assertTrue(lines.get(0).contains("login.STATE_MISMATCH") && lines.get(0).contains("GET /callback"), lines.get(0));
            assertFalse(lines.get(0).contains("abc-secret-code") || lines.get(0).contains("forged"), "no query in the log");
        } finally {
            log.detach();
        }
        try (Response r = get("/callback?code=%00%01&state=" + "x".repeat(5000))) {
            assertEquals(400, r.code());
        }
        try (Response r = get("/apply")) {
            assertEquals(302, r.code(), "still not logged in");
        }
    }

    @Test
    void backChannelLogoutEndsTheSession() throws Exception {
        journey("/apply", "citizen-ali", "urn:ir:gov:loa:2");
        try (Response r = get("/apply")) {
            assertEquals(200, r.code());
        }
        String platformLogout;
        try (Response r = get("/logout")) {
            assertEquals(302, r.code());
            platformLogout = r.header("Location");
            assertTrue(platformLogout.startsWith(sandbox.issuer() + "/logout?id_token_hint="));
        }
        try (Response r = get(platformLogout)) {
            assertEquals(302, r.code(), "the platform ends its session and sends the browser back");
        }
        try (Response r = get("/apply")) {
            assertEquals(302, r.code(), "the local session is gone at once");
        }
        // A session ended by the platform: log in again, then the platform's admin ends the platform session.
        journey("/apply", "citizen-ali", "urn:ir:gov:loa:2");
        String sid;
        try (Response r = browser.client().newCall(new Request.Builder().url(sandbox.issuer() + "/admin/sessions").build()).execute()) {
            Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(r.body().string());
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            sid = last;
        }
        try (Response r = browser.client().newCall(new Request.Builder().url(sandbox.issuer() + "/admin/sessions/" + sid + "/logout")
                .post(okhttp3.RequestBody.create(new byte[0])).build()).execute()) {
            assertTrue(r.body().string().contains("\"status\":200"), "the portal accepted the logout token");
        }
        try (Response r = get("/apply")) {
            assertEquals(302, r.code(), "the platform ended the session through the back channel");
        }
        try (Response r = browser.client().newCall(new Request.Builder().url(base + "/backchannel-logout")
                .post(new FormBody.Builder().add("logout_token", "forged.token.here").build()).build()).execute()) {
            assertEquals(400, r.code());
            assertTrue(r.body().string().matches("\\{\"error\":\"invalid_request\",\"error_id\":\"[0-9a-f-]{36}\"}"));
        }
    }
}
