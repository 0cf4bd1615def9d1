package org.panjereh.examples.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.conformance.ConformanceKit;
import org.panjereh.conformance.ConformanceReport;
import org.panjereh.conformance.PortalBrowser;
import org.panjereh.conformance.PortalDriver;
import org.panjereh.conformance.Rule;
import org.panjereh.conformance.RuleResult;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;
import org.panjereh.testing.LogHygiene;

/**
 * The built WAR deployed into a real Apache Tomcat 11 (the distribution from Maven Central, unpacked by the build
 * and started here with {@code catalina.sh run}), logging in through a national sandbox: the conformance kit's
 * SSO rules pass; then a registration link added to the deployed home page fails the no-local-signup rule.
 */
class TomcatWarIT {

    static final List<Rule> SSO_RULES = List.of(Rule.SSO_NATIONAL_ONLY, Rule.SSO_NO_LOCAL_SIGNUP,
            Rule.SSO_NATIONAL_WINDOW_LINK, Rule.SSO_FORGED_ID_TOKEN, Rule.SSO_BACKCHANNEL_LOGOUT);

    @TempDir
    Path dir;

    NationalSandbox sandbox;
    Process tomcat;
    Path base;
    Path output;
    int port;

    /** The driver of a portal with login pages only: the service rules have nothing to drive. */
    static final class LoginOnlyDriver implements PortalDriver {
        @Override
        public String protectedPath() {
            return "/my";
        }

        @Override
        public String serviceId() {
            return "50501000001";
        }

        @Override
        public TrackingId apply(PortalBrowser citizen) throws IOException {
            throw new IOException("this portal offers no service, only its login");
        }

        @Override
        public void deliver(PortalBrowser staff, TrackingId t) throws IOException {
            throw new IOException("this portal offers no service, only its login");
        }

        @Override
        public Optional<PortalBrowser.Page> survey(PortalBrowser citizen, TrackingId t) {
            return Optional.empty();
        }

        @Override
        public PortalBrowser.Page answer(PortalBrowser citizen, PortalBrowser.Page survey) throws IOException {
            throw new IOException("no survey");
        }
    }

    @BeforeEach
    void deploy() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String portal = "http://127.0.0.1:" + port;
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        Path keyFile = dir.resolve("agency.jwk");
        Files.writeString(keyFile, key.privateJwk().toJSONString());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(new AgencyRegistration("5050", "agency-5050",
                List.of(URI.create(portal + "/callback")), new JWKSet(key.publicJwk()), null,
                URI.create(portal + "/backchannel-logout"))).build());

        Path home = Path.of(System.getProperty("tomcat.home"));
        base = dir.resolve("tomcat-base");
        for (String d : List.of("conf", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(d));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path f : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(f, base.resolve("conf").resolve(f.getFileName()));
            }
        }
        // One HTTP connector on loopback at a free port; no shutdown port.
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml).replace("port=\"8005\"", "port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"");
        Files.writeString(serverXml, xml);
        // No static-resource cache, so that the breach below (an edited page) is served at once.
        Path contextXml = base.resolve("conf/context.xml");
        Files.writeString(contextXml, Files.readString(contextXml).replace("</Context>",
                "<Resources cachingAllowed=\"false\"/></Context>"));
        Files.copy(Path.of(System.getProperty("war.file")), base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);

        List<String> opts = new ArrayList<>(List.of(
                "-Dpanjereh.platform.issuer=" + sandbox.issuer(),
                "-Dpanjereh.agency.id=5050", "-Dpanjereh.agency.client-id=agency-5050",
                "-Dpanjereh.agency.key-file=" + keyFile,
                "-Dpanjereh.sso.redirect-uri=" + portal + "/callback",
                "-Dpanjereh.war.data-dir=" + dir.resolve("data"), "-Xmx256m"));
        output = dir.resolve("catalina.out");
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("CATALINA_OPTS", String.join(" ", opts));
        pb.environment().remove("JAVA_OPTS");
        tomcat = pb.start();
        waitUntilServing(portal);
    }

    private void waitUntilServing(String portal) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(portal + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Tomcat is starting
            }
            if (!tomcat.isAlive()) {
                throw new AssertionError("Tomcat exited: " + Files.readString(output));
            }
            Thread.sleep(100); // polling a separate process for readiness: no clock to inject
        }
        throw new AssertionError("Tomcat did not serve the WAR: " + Files.readString(output));
    }

    @AfterEach
    void undeploy() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.destroy();
                if (!tomcat.waitFor(30, TimeUnit.SECONDS)) {
                    tomcat.destroyForcibly().waitFor();
                }
            }
        } finally {
            sandbox.close();
        }
        // The suite's rule holds for the container's logs too: no token, national code or secret.
        List<String> bad = new ArrayList<>();
        List<Path> logs = new ArrayList<>(List.of(output));
        try (Stream<Path> files = Files.list(base.resolve("logs"))) {
            logs.addAll(files.toList());
        }
        for (Path log : logs) {
            Files.readAllLines(log).forEach(l -> bad.addAll(LogHygiene.offences(l)));
        }
        assertEquals(List.of(), bad, "Tomcat's logs hold what no log line may");
    }

    private ConformanceReport kit() {
        return ConformanceKit.builder(URI.create("http://127.0.0.1:" + port), new LoginOnlyDriver()).sandbox(sandbox.issuer())
                .waitForRecords(Duration.ofSeconds(2)).build().run();
    }

    @Test
    void theSsoRulesPassInTomcatAndALocalSignupLinkFailsItsRule() throws Exception {
        ConformanceReport report = kit();
        for (Rule rule : SSO_RULES) {
            RuleResult r = report.result(rule);
            assertEquals(RuleResult.Outcome.PASSED, r.outcome(), rule.id() + ": " + r.message());
        }
        assertTrue(Files.readString(output).contains("Apache Tomcat/11"), "a real Tomcat 11 served it");

        // The breach: someone adds a registration link to the deployed home page.
        Path index = base.resolve("webapps/ROOT/index.html");
        Files.writeString(index, Files.readString(index).replace("</main>", "<p><a href=\"signup.html\">ثبت نام</a></p></main>"));
        ConformanceReport breached = kit();
        RuleResult r = breached.result(Rule.SSO_NO_LOCAL_SIGNUP);
        assertEquals(RuleResult.Outcome.FAILED, r.outcome(), r.message());
        assertTrue(r.message().contains("local registration"), r.message());
        assertFalse(breached.passed());
        assertTrue(breached.result(Rule.SSO_NATIONAL_ONLY).passed(), breached.result(Rule.SSO_NATIONAL_ONLY).message());
    }
}
