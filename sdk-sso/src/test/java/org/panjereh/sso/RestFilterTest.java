package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
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

/** The Jakarta REST filter, driven through a recorded request context, with the sandbox as the platform. */
class RestFilterTest {

    static final String BASE = "https://portal.example";
    static NationalSandbox sandbox;
    static NationalLoginRequestFilter filter;
    static final OkHttpClient BROWSER = new OkHttpClient.Builder().followRedirects(false).build();

    /** What the filter did with one request. */
    static final class Seen {
        Response aborted;
        final Map<String, Object> properties = new HashMap<>();
        SecurityContext security;
    }

    @BeforeAll
    static void start() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("1010", "agency-1010",
                List.of(URI.create(BASE + "/callback")), new JWKSet(key.publicJwk()), null, null)).build());
        PlatformDiscovery discovery = PlatformDiscovery.builder(sandbox.issuer()).build();
        AgencyCredentials creds = AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build();
        NationalLogin sso = NationalLogin.builder(discovery, creds, URI.create(BASE + "/callback")).build();
        filter = NationalLoginRequestFilter.builder(sso, SessionStore.inMemory(),
                BackChannelLogout.builder(discovery, creds).build()).protect("/api/requests")
                .requiredLevel(p -> LevelOfAssurance.LOA2).build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Seen call(String method, String pathAndQuery, String session, String form) throws Exception {
        Seen seen = new Seen();
        URI uri = URI.create(BASE + pathAndQuery);
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                String[] p = kv.split("=", 2);
                query.add(java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
            }
        }
        UriInfo uriInfo = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getPath" -> uri.getPath().substring(1);
                    case "getRequestUri" -> uri;
                    case "getQueryParameters" -> query;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        InputStream[] entity = {new ByteArrayInputStream(form == null ? new byte[0] : form.getBytes(StandardCharsets.US_ASCII))};
        ContainerRequestContext ctx = (ContainerRequestContext) Proxy.newProxyInstance(
                ContainerRequestContext.class.getClassLoader(), new Class<?>[] {ContainerRequestContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getUriInfo" -> uriInfo;
                    case "getCookies" -> session == null ? Map.of() : Map.of("PANJEREH_SESSION", new Cookie.Builder("PANJEREH_SESSION")
                            .value(session).build());
                    case "getMediaType" -> form == null ? null : MediaType.APPLICATION_FORM_URLENCODED_TYPE;
                    case "hasEntity" -> form != null;
                    case "getEntityStream" -> entity[0];
                    case "setEntityStream" -> {
                        entity[0] = (InputStream) a[0];
                        yield null;
                    }
                    case "abortWith" -> {
                        seen.aborted = (Response) a[0];
                        yield null;
                    }
                    case "setProperty" -> {
                        seen.properties.put((String) a[0], a[1]);
                        yield null;
                    }
                    case "getSecurityContext" -> seen.security;
                    case "setSecurityContext" -> {
                        seen.security = (SecurityContext) a[0];
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        filter.filter(ctx);
        return seen;
    }

    static String cookie(Response r) {
        for (Object h : r.getHeaders().get("Set-Cookie")) {
            Matcher m = Pattern.compile("PANJEREH_SESSION=([^;]*)").matcher(h.toString());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    @Test
    void theRestApiIsReachedOnlyThroughTheNationalSso() throws Exception {
        Seen anonymous = call("GET", "/api/requests?page=2", null, null);
        assertEquals(302, anonymous.aborted.getStatus());
        assertEquals("/login?returnTo=%2Fapi%2Frequests%3Fpage%3D2", anonymous.aborted.getLocation().toString());
        assertEquals(401, call("POST", "/api/requests", null, "a=b").aborted.getStatus());

        Seen login = call("GET", "/login?returnTo=/api/requests", null, null);
        assertEquals(302, login.aborted.getStatus());
        String pre = cookie(login.aborted);
        assertTrue(login.aborted.getHeaderString("Set-Cookie").contains("HttpOnly; SameSite=Lax; Secure"));
        String page;
        try (okhttp3.Response r = BROWSER.newCall(new okhttp3.Request.Builder().url(login.aborted.getLocation().toString())
                .build()).execute()) {
            page = r.body().string();
        }
        Matcher txn = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(txn.find());
        String callback;
        try (okhttp3.Response r = BROWSER.newCall(new okhttp3.Request.Builder().url(sandbox.issuer() + "/authorize/login")
                .post(new FormBody.Builder().add("txn", txn.group(1)).add("citizen", "citizen-maryam")
                        .add("loa", "urn:ir:gov:loa:2").add("action", "login").build()).build()).execute()) {
            callback = r.header("Location");
        }
        Seen back = call("GET", callback.substring(BASE.length()), pre, null);
        assertEquals(302, back.aborted.getStatus());
        assertEquals("/api/requests", back.aborted.getLocation().toString());
        String session = cookie(back.aborted);
        assertNotNull(session);
        assertTrue(!session.equals(pre), "rotated");

        Seen in = call("GET", "/api/requests", session, null);
        assertNull(in.aborted);
        Citizen c = (Citizen) in.properties.get(NationalLoginFilter.CITIZEN);
        assertEquals("0499370899", c.nationalCode().value());
        assertEquals(c.subject(), in.security.getUserPrincipal().getName());
        assertTrue(in.security.isUserInRole("citizen"));
    }

    @Test
    void refusalsAreTypedPages() throws Exception {
        Seen bad = call("GET", "/callback?state=x&code=y", null, null);
        assertEquals(400, bad.aborted.getStatus());
        assertTrue(bad.aborted.getEntity().toString().contains("dir=\"rtl\""));
        assertEquals(400, call("POST", "/backchannel-logout", null, "logout_token=forged").aborted.getStatus());
        assertEquals(405, call("GET", "/backchannel-logout", null, null).aborted.getStatus());
        assertNull(call("GET", "/public/catalogue", null, null).aborted, "open pages pass");
    }
}
