package org.panjereh.examples.spring;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The portal as an operator runs it, for the tests: a national sandbox with agency 3030 registered, then the
 * application with its settings on the command line (above application.yml), its files in a directory of the test's.
 */
final class RunningPortal implements AutoCloseable {

    final NationalSandbox sandbox;
    final String base;
    private final Path dir;
    private ConfigurableApplicationContext context;

    RunningPortal(Path dir) throws Exception {
        this.dir = dir;
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
        Files.writeString(dir.resolve("user-ref.key"), Base64.getEncoder().encodeToString(
                "a user-ref key of 32 bytes or more for the tests".getBytes(StandardCharsets.US_ASCII)));
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("3030", "agency-3030",
                List.of(URI.create(base + "/login/callback")), new JWKSet(key.publicJwk()), null,
                URI.create(base + "/backchannel-logout"))).build());
    }

    /**
     * @param extra configuration classes added to the application's (a test's breach)
     * @return this
     */
    RunningPortal start(Class<?>... extra) {
        context = new SpringApplicationBuilder(SpringPortalApplication.class).sources(extra).run(
                "--server.port=" + URI.create(base).getPort(),
                "--panjereh.platform.issuer=" + sandbox.issuer(),
                "--panjereh.agency.key-file=" + dir.resolve("agency.jwk"),
                "--panjereh.sso.redirect-uri=" + base + "/login/callback",
                "--panjereh.exchange.user-ref-key-file=" + dir.resolve("user-ref.key"),
                "--panjereh.events.dead-letter-file=" + dir.resolve("dead-letters.jsonl"),
                "--portal.base-url=" + base,
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("portal") + ";DB_CLOSE_ON_EXIT=FALSE");
        return this;
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
        sandbox.close();
    }
}
