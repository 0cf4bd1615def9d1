package org.panjereh.gateway;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.NationalCode;
import org.panjereh.core.SigningKey;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.PersonType;

/** One gateway node built from the classes the application wires, without HTTP, for multi-node and restore tests. */
record GatewayNode(Store store, Platform platform, Agency agency, Requests requests, Desk desk, Fees fees,
                   Documents documents) {

    static GatewayNode start(Config config) {
        Store store = new Store(config);
        Platform platform = new Platform(config);
        Agency agency = new Agency(platform, store, config);
        Requests requests = new Requests(store);
        Fees fees = new Fees(platform, agency, store);
        Documents documents = new Documents(platform, store, config);
        return new GatewayNode(store, platform, agency, requests, new Desk(platform, agency, requests, new Violations(config), fees,
                documents), fees, documents);
    }

    void close() {
        agency.close();
        platform.close();
        store.close();
    }

    /**
     * A sandbox started on its own as the test gateway's platform (agency 1010, its key, the test gateway's
     * callback registered), with the settings that point the gateway at it.
     *
     * @param sandbox  the sandbox
     * @param settings the gateway's settings
     * @param dir      where the settings' files are
     */
    record SeparatePlatform(NationalSandbox sandbox, Map<String, String> settings, Path dir) {
    }

    /**
     * @param config       the sandbox's configuration, without the agency
     * @param clientSecret the agency's client secret, or {@code null}
     * @return the started platform and the settings
     */
    static SeparatePlatform separatePlatform(org.panjereh.sandbox.SandboxConfig.Builder config, String clientSecret)
            throws Exception {
        SigningKey key = SigningKey.of(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate());
        Path dir = Files.createTempDirectory("gateway-platform");
        URI callback = URI.create(GatewayTest.BASE + "/callback");
        NationalSandbox sandbox = NationalSandbox.start(config.agency(new org.panjereh.sandbox.AgencyRegistration("1010",
                "agency-1010", java.util.List.of(callback), new com.nimbusds.jose.jwk.JWKSet(key.publicJwk()), null, null,
                clientSecret)).build());
        return new SeparatePlatform(sandbox, settings(sandbox, key, dir, callback), dir);
    }

    /** The settings every node of an agency shares: the sandbox's platform settings, the agency's key files. */
    static Map<String, String> settings(NationalSandbox sandbox, SigningKey key, Path dir) throws Exception {
        return settings(sandbox, key, dir, URI.create("http://127.0.0.1:1/callback"));
    }

    /** The same, for a gateway whose login callback is {@code callback}. */
    static Map<String, String> settings(NationalSandbox sandbox, SigningKey key, Path dir, URI callback) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("agency.jwk"), key.privateJwk().toJSONString());
        Path userRef = Files.write(dir.resolve("user-ref.key"), new java.security.SecureRandom().generateSeed(32));
        Map<String, String> m = new HashMap<>(sandbox.platformSettings());
        m.put("panjereh.agency.id", "1010");
        m.put("panjereh.agency.client-id", "agency-1010");
        m.put("panjereh.agency.key-file", keyFile.toString());
        m.put("panjereh.sso.redirect-uri", callback.toString());
        m.put("panjereh.exchange.user-ref-key-file", userRef.toString());
        // The agency's document-signing key, certified by the sandbox's test CA; its time-stamp authority for B-T.
        com.nimbusds.jose.jwk.ECKey documentsKey = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("documents").generate();
        Path documentsKeyFile = Files.writeString(dir.resolve("documents-key.jwk"), documentsKey.toJSONString());
        StringBuilder chain = new StringBuilder();
        for (java.security.cert.X509Certificate c : sandbox.issueCertificate(documentsKey.toECPublicKey(), "Agency 1010 documents")) {
            chain.append(pem(c));
        }
        m.put("gateway.documents.key-file", documentsKeyFile.toString());
        m.put("gateway.documents.chain-file", Files.writeString(dir.resolve("documents-chain.pem"), chain).toString());
        m.put("gateway.documents.trust-anchor-file", Files.writeString(dir.resolve("documents-root.pem"), pem(sandbox.caRoot()))
                .toString());
        m.put("gateway.documents.tsa-url", sandbox.issuer() + "/tsa");
        return m;
    }

    static String pem(java.security.cert.X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    static Config config(Map<String, String> m) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(m, "gateway-node", 500)).build();
    }

    /** A sandbox test citizen (Maryam's identity, which the civil registry knows) under its own subject. */
    static Citizen applicant(NationalSandbox sandbox, int i) {
        return new Citizen(sandbox.issuer(), "citizen-" + i, PersonType.NATURAL, NationalCode.of("0499370899"), null, null,
                "مریم", "احمدی", LocalDate.of(1990, 5, 12), null, LevelOfAssurance.LOA2, null, Instant.now());
    }
}
