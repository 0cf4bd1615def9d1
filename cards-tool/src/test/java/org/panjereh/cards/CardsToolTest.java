package org.panjereh.cards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.cards.internal.Main;
import org.panjereh.core.ServiceCardException;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/** panjereh-cards on the reference gateway's cards and on broken ones, against the sandbox's registry. */
class CardsToolTest {

    static final Path GATEWAY_CARDS = Path.of("../reference-gateway/cards");

    @TempDir
    Path dir;
    NationalSandbox sandbox;
    Path config;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        Path key = dir.resolve("agency.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0).agency(AgencyRegistration.machine("1010", "agency-1010",
                new JWKSet(SigningKey.fromPem(key, null).publicJwk()))).build());
        config = dir.resolve("agency.properties");
        Files.writeString(config, "panjereh.platform.issuer=" + sandbox.issuer() + "\npanjereh.platform.allow-insecure-http=true\n"
                + "panjereh.agency.id=1010\npanjereh.agency.client-id=agency-1010\npanjereh.agency.key-file=" + key + "\n");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                k -> null);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    Path copyOfGatewayCards() throws Exception {
        Path cards = Files.createDirectories(dir.resolve("cards"));
        try (Stream<Path> s = Files.list(GATEWAY_CARDS)) {
            for (Path p : s.toList()) {
                Files.copy(p, cards.resolve(p.getFileName()));
            }
        }
        return cards;
    }

    @Test
    void theGatewaysCardsAreValidAndTheRegistryHoldsThemAlready() {
        String[] v = run("validate", GATEWAY_CARDS.toString(), "--report", dir.resolve("report").toString());
        assertEquals("0", v[0], v[1] + v[2]);
        String[] d = run("diff", GATEWAY_CARDS.toString(), "--config", config.toString());
        assertEquals("0", d[0], d[1] + d[2]);
        assertEquals(3, d[1].lines().filter(l -> l.startsWith("same")).count(), d[1]);
    }

    @Test
    void aChangedCardIsShownThenSubmittedWithTheVersionRead() throws Exception {
        Path cards = copyOfGatewayCards();
        Path licence = cards.resolve("10101234567.yaml");
        Files.writeString(licence, Files.readString(licence).replace("expectedDurationDays: 7", "expectedDurationDays: 5"));
        String[] d = run("diff", cards.toString(), "--config", config.toString());
        assertTrue(d[1].contains("changed  10101234567.yaml [expectedDurationDays]"), d[1]);
        String[] s = run("submit", cards.toString(), "--config", config.toString());
        assertEquals("0", s[0], s[1] + s[2]);
        assertTrue(s[1].contains("submitted: version 2, approved"), s[1]);
        assertTrue(run("diff", cards.toString(), "--config", config.toString())[1].contains("same     10101234567.yaml"));
    }

    @Test
    void aChangeMadeMeanwhileAtTheRegistryIsAConflictNotAnOverwrite() throws Exception {
        Path cards = copyOfGatewayCards();
        Path licence = cards.resolve("10101234567.yaml");
        Files.writeString(licence, Files.readString(licence).replace("expectedDurationDays: 7", "expectedDurationDays: 6"));
        Map<String, String> props = props();
        var platform = org.panjereh.core.PlatformClient.builder(
                org.panjereh.core.PlatformDiscovery.builder(sandbox.issuer()).allowInsecureHttp(true).build(),
                org.panjereh.core.PlatformSettings.from(k -> java.util.Optional.ofNullable(props.get(k))).credentials()).build();
        var registry = org.panjereh.core.ServiceRegistryClient.builder(platform).build();
        CardSync sync = new CardSync(registry);
        List<CardSync.Change> changes = sync.diff(CardDirectory.load(cards));
        var current = registry.read(org.panjereh.core.ServiceId.of("10101234567"));
        registry.submit(current.card(), current.etag());
        ServiceCardException e = assertThrows(ServiceCardException.class, () -> sync.submit(changes));
        assertEquals(ServiceCardException.Reason.VERSION_CONFLICT, e.reason());
    }

    Map<String, String> props() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.load(Files.newBufferedReader(config));
        java.util.Map<String, String> m = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    @Test
    void brokenCardsFailWithEveryProblemInTheReport() throws Exception {
        Path cards = copyOfGatewayCards();
        Path licence = cards.resolve("10101234567.yaml");
        Files.writeString(licence, Files.readString(licence).replaceAll("(?m)^description: .*\\n(  .*\\n)*", "")
                .replace("maturity: 4", "maturity: 5"));
        Files.writeString(cards.resolve("broken.yaml"), "serviceId: [unclosed\n");
        Files.writeString(cards.resolve("copy.yaml"), Files.readString(cards.resolve("10101234568.yaml")));
        String[] v = run("validate", cards.toString(), "--report", dir.resolve("report").toString());
        assertEquals("1", v[0]);
        assertTrue(v[1].contains("INVALID  10101234567.yaml") && v[1].contains("description") && v[1].contains("smartCriteria"), v[1]);
        assertTrue(v[1].contains("INVALID  broken.yaml") && v[1].contains("INVALID  copy.yaml"), v[1]);
        String xml = Files.readString(dir.resolve("report").resolve("TEST-service-cards.xml"));
        assertTrue(xml.contains("tests=\"5\" failures=\"3\""), xml);
        assertEquals("2", run("validate", dir.resolve("nothing").toString())[0]);
        assertEquals("2", run("publish", cards.toString())[0]);
    }
}
