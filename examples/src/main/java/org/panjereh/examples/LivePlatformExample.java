package org.panjereh.examples;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.PlatformSettings;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingIds;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.sso.LoginRequest;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.SsoSettings;

/**
 * sdk-core and sdk-sso configured from a properties file, against the sandbox's live-like profile: the shape
 * of the live national SSO (no discovery, {@code /oauth2/*}, client_secret_basic, {@code nationalCode}).
 * Pointing the same file at {@code https://sso.my.gov.ir} is the whole change for production
 * (docs/live-platform.md).
 */
public final class LivePlatformExample {

    private LivePlatformExample() {
    }

    /**
     * @param args a working directory for the key, secret and properties files (default: a temporary one)
     * @throws Exception if the demo cannot run
     */
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("panjereh-live");
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Path keyFile = Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
        String secret = "demo-secret-" + java.util.UUID.randomUUID();
        Path secretFile = Files.writeString(dir.resolve("client-secret"), secret);
        String callback = "http://127.0.0.1:8080/callback";
        try (NationalSandbox sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .profile(SandboxConfig.Profile.LIVE_LIKE)
                .agency(new AgencyRegistration("1010", "agency-1010", List.of(URI.create(callback)),
                        new JWKSet(key.publicJwk()), null, null, secret)).build())) {
            String i = sandbox.issuer().toString();
            // What an integrator writes once; in production the issuer is https://sso.my.gov.ir.
            Path config = Files.writeString(dir.resolve("panjereh.properties"), String.join("\n",
                    "panjereh.platform.issuer=" + i,
                    "panjereh.platform.discovery=false",
                    "panjereh.platform.jwks-uri=" + i + "/oauth2/jwks",
                    "panjereh.platform.authorization-endpoint=" + i + "/oauth2/authorize",
                    "panjereh.platform.token-endpoint=" + i + "/oauth2/token",
                    "panjereh.platform.userinfo-endpoint=" + i + "/api/v1/user/userinfo",
                    "panjereh.platform.end-session-endpoint=" + i + "/logout",
                    "panjereh.platform.tracking-endpoint=" + i + "/tracking",
                    "panjereh.agency.id=1010",
                    "panjereh.agency.client-id=agency-1010",
                    "panjereh.agency.key-file=" + keyFile,
                    "panjereh.agency.client-secret-file=" + secretFile,
                    "panjereh.sso.redirect-uri=" + callback,
                    "panjereh.sso.claims.national-code=nationalCode",
                    "panjereh.sso.userinfo=true", ""));
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                props.load(r);
            }
            PlatformSettings settings = PlatformSettings.fromProperties(props);

            PlatformDiscovery discovery = settings.discovery();
            AgencyCredentials credentials = settings.credentials();
            NationalLogin sso = SsoSettings.loginBuilder(settings, discovery, credentials).build();
            LoginRequest login = sso.start(LevelOfAssurance.LOA2, "/my", false);
            System.out.println("login: " + login.redirectTo().getPath()
                    + (login.redirectTo().getQuery().contains("request_uri") ? " (PAR)" : " (no PAR on this platform)"));

            PlatformClient platform = PlatformClient.builder(discovery, credentials).build();
            System.out.println("machine tokens: " + (platform.metadata().supportsDpop() ? "DPoP" : "Bearer")
                    + ", client authentication " + platform.metadata().tokenEndpointAuthMethods().get(0));
            System.out.println("tracking id: " + TrackingIds.builder(platform).build()
                    .issue(ServiceId.of("10101234567"), Channel.WEB, "live-like-demo").trackingId().value());
        }
    }
}
