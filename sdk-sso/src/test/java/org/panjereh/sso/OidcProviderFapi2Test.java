package org.panjereh.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.EncryptionKey;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.SigningKey;
import org.panjereh.testing.SandboxBrowser;

/**
 * A login through an OpenID provider we did not write: panva's OpenID-certified {@code oidc-provider} (installed from
 * npm by the build into target/oidc-provider, started here with Node.js) in its FAPI 2.0 profile, with PAR and signed
 * request objects required, DPoP-bound tokens and ID tokens encrypted to the agency. Only configuration tells the
 * relying party any of it.
 */
class OidcProviderFapi2Test {

    static final String CALLBACK = "https://portal.agency-1010.example/callback";
    static Process provider;
    static String issuer;
    static SigningKey signing;
    static EncryptionKey encryption;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Path.of("target", "oidc-provider");
        assertTrue(Files.isDirectory(dir.resolve("node_modules/oidc-provider")),
                "the build installs oidc-provider into " + dir.toAbsolutePath() + " (npm ci)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        issuer = "http://127.0.0.1:" + port;
        signing = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        encryption = EncryptionKey.of(new ECKeyGenerator(Curve.P_256).generate());
        AgencyCredentials c = credentials();
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("client_id", "agency-1010");
        client.put("redirect_uris", List.of(CALLBACK));
        client.put("grant_types", List.of("authorization_code"));
        client.put("response_types", List.of("code"));
        client.put("token_endpoint_auth_method", "private_key_jwt");
        client.put("token_endpoint_auth_signing_alg", "ES256");
        client.put("jwks", c.publicJwks().toJSONObject(true));
        client.put("id_token_signed_response_alg", "ES256");
        client.put("id_token_encrypted_response_alg", "ECDH-ES+A256KW");
        client.put("id_token_encrypted_response_enc", "A256GCM");
        client.put("require_signed_request_object", true);
        client.put("request_object_signing_alg", "ES256");
        client.put("dpop_bound_access_tokens", true);
        ProcessBuilder pb = new ProcessBuilder(org.panjereh.testing.RequiredTools.command("node", "nodejs"), "provider.mjs").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("ISSUER", issuer);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("CLIENT", com.nimbusds.jose.util.JSONObjectUtils.toJSONString(client));
        provider = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            if (line.equals("ready")) {
                break;
            }
        }
        assertTrue(provider.isAlive(), "oidc-provider did not start: " + seen);
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "oidc-provider-output");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        provider.destroy();
        provider.waitFor(10, TimeUnit.SECONDS);
    }

    static AgencyCredentials credentials() {
        return AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(signing)
                .encryptionKey(encryption).build();
    }

    /** The provider's development login and consent forms, answered as a person would; returns the callback's parameters. */
    static Map<String, String> loginAt(URI start) throws Exception {
        SandboxBrowser b = new SandboxBrowser(issuer, URI.create(issuer));
        String url = start.toString();
        for (int hops = 0; hops < 15; hops++) {
            if (url.startsWith(CALLBACK)) {
                Map<String, String> q = new HashMap<>();
                for (String kv : URI.create(url).getRawQuery().split("&")) {
                    String[] p = kv.split("=", 2);
                    q.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
                }
                return q;
            }
            try (Response r = b.get(url)) {
                if (r.isRedirect()) {
                    url = URI.create(url).resolve(r.header("Location")).toString();
                    continue;
                }
                String page = r.body().string();
                Matcher form = Pattern.compile("<form[^>]*action=\"([^\"]+)\"").matcher(page);
                assertTrue(form.find(), r.code() + " " + page);
                java.util.List<String> fields = new java.util.ArrayList<>();
                Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(page);
                while (hidden.find()) {
                    fields.add(hidden.group(1));
                    fields.add(hidden.group(2));
                }
                if (page.contains("name=\"login\"")) {
                    fields.addAll(List.of("login", "maryam", "password", "any"));
                }
                try (Response posted = b.post(URI.create(url).resolve(form.group(1)).toString(), fields.toArray(String[]::new))) {
                    assertTrue(posted.isRedirect(), posted.code() + " " + posted.body().string());
                    url = URI.create(url).resolve(posted.header("Location")).toString();
                }
            }
        }
        throw new AssertionError("the provider's login did not come back to the callback");
    }

    static NationalLogin login(boolean dpop) {
        return NationalLogin.builder(PlatformDiscovery.builder(URI.create(issuer)).build(), credentials(), URI.create(CALLBACK))
                .dpop(dpop).signedRequestObjects(true).build();
    }

    @Test
    void aCitizenLogsInThroughOidcProviderAtTheFapi2Bar() throws Exception {
        NationalLogin sso = login(true);
        LoginRequest start = sso.start(LevelOfAssurance.LOA1, "/my", false);
        assertTrue(start.redirectTo().getRawQuery().matches("client_id=agency-1010&request_uri=[^&]+"), start.redirectTo().toString());
        LoginResult r = sso.finish(start.pending(), loginAt(start.redirectTo()));
        assertEquals("0499370899", r.citizen().nationalCode().value(), "claims from an encrypted ID token");
        assertEquals(3, r.idToken().split("\\.").length);
        assertTrue(r.accessToken() != null && !r.accessToken().isEmpty());
        if (r.accessToken().split("\\.").length == 3) {
            assertNotNull(SignedJWT.parse(r.accessToken()).getJWTClaimsSet().getJSONObjectClaim("cnf"), "DPoP-bound");
        }
    }

    @Test
    void withoutDpopTheProviderRefusesTheTokens() throws Exception {
        NationalLogin sso = login(false);
        LoginRequest start = sso.start(LevelOfAssurance.LOA1, "/my", false);
        LoginException e = assertThrows(LoginException.class, () -> sso.finish(start.pending(), loginAt(start.redirectTo())));
        assertEquals(LoginException.Reason.TOKEN_REQUEST_FAILED, e.reason(), e.getMessage());
    }
}
