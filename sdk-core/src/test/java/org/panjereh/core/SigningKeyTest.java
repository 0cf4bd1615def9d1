package org.panjereh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panjereh.core.internal.cli.KeyTool;

class SigningKeyTest {

    @TempDir
    Path dir;

    private Path pem(String name, Object object) throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(object);
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sw.toString());
        return p;
    }

    @Test
    void pkcs8EcPemSignsEs256AndDerivesThePublicKey() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        Path file = pem("ec.pem", new JcaPKCS8Generator(ec.toPrivateKey(), null));
        SigningKey key = SigningKey.fromPem(file, null);
        assertEquals(JWSAlgorithm.ES256, key.algorithm());
        assertEquals(ec.toPublicJWK().computeThumbprint().toString(), key.keyId());
        JWSObject jws = new JWSObject(new JWSHeader(key.algorithm()), new Payload("x"));
        jws.sign(key.signer());
        assertTrue(jws.verify(new ECDSAVerifier(ec.toECPublicKey())));
    }

    @Test
    void traditionalRsaPemSignsPs256() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        Path file = pem("rsa.pem", new KeyPair(rsa.toPublicKey(), rsa.toPrivateKey()));
        SigningKey key = SigningKey.load(file, null);
        assertEquals(JWSAlgorithm.PS256, key.algorithm());
        assertEquals(rsa.toPublicJWK().computeThumbprint().toString(), key.keyId());
    }

    @Test
    void encryptedPemNeedsTheRightPassword() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        char[] pw = "s3cret-pass".toCharArray();
        Path file = pem("enc.pem", new JcaPKCS8Generator(ec.toPrivateKey(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(org.panjereh.core.internal.KeyFiles.bc())
                        .setPassword(pw).build()));
        assertEquals(ec.toPublicJWK().computeThumbprint().toString(), SigningKey.fromPem(file, pw).keyId());
        PanjerehConfigurationException noPw = assertThrows(PanjerehConfigurationException.class,
                () -> SigningKey.fromPem(file, null));
        assertTrue(noPw.getMessage().contains("encrypted"));
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromPem(file, "wrong".toCharArray()));
    }

    @Test
    void pkcs12Keystore() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=agency-1010"), BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L),
                new X500Name("CN=agency-1010"), ec.toPublicKey())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(ec.toPrivateKey())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        char[] pw = "changeit".toCharArray();
        ks.load(null, null);
        ks.setKeyEntry("agency", ec.toPrivateKey(), pw, new X509Certificate[] {cert});
        Path file = dir.resolve("agency.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, pw);
        }
        assertEquals(ec.toPublicJWK().computeThumbprint().toString(), SigningKey.load(file, pw).keyId());
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromPkcs12(file, "nope".toCharArray(), null));
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromPkcs12(file, pw, "missing"));
    }

    @Test
    void jwkFileAndJwkSet() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        Path single = dir.resolve("k.json");
        Files.writeString(single, ec.toJSONString());
        assertEquals("k1", SigningKey.fromJwk(single).keyId());
        Path set = dir.resolve("set.jwk");
        Files.writeString(set, new JWKSet(ec).toString(false));
        assertEquals("k1", SigningKey.load(set, null).keyId());
        Path publicOnly = dir.resolve("pub.json");
        Files.writeString(publicOnly, ec.toPublicJWK().toJSONString());
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromJwk(publicOnly));
    }

    @Test
    void weakOrWrongKeysAreRefused() throws Exception {
        RSAKey small = new RSAKeyGenerator(1024, true).generate();
        PanjerehConfigurationException e = assertThrows(PanjerehConfigurationException.class, () -> SigningKey.of(small));
        assertTrue(e.getMessage().contains("2048"));
        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.of(p384));
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.of(null));
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromPem(garbage, null));
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromPem(empty, null));
        assertThrows(PanjerehConfigurationException.class, () -> SigningKey.fromPem(dir.resolve("absent.pem"), null));
    }

    @Test
    void toStringNeverShowsKeyMaterial() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("kid-1").generate();
        SigningKey key = SigningKey.of(ec);
        AgencyCredentials creds = AgencyCredentials.builder().agencyId("۱۰۱۰").clientId("portal").signingKey(key).build();
        String d = ec.getD().toString();
        assertFalse(key.toString().contains(d));
        assertFalse(creds.toString().contains(d));
        assertEquals("1010", creds.agencyId());
        assertEquals("urn:ir:agency:1010", creds.eventSource());
        assertFalse(key.publicJwksJson().contains("\"d\""));
    }

    @Test
    void credentialsValidateTheirFields() throws Exception {
        SigningKey key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        assertThrows(PanjerehConfigurationException.class,
                () -> AgencyCredentials.builder().clientId("c").signingKey(key).build());
        assertThrows(PanjerehConfigurationException.class,
                () -> AgencyCredentials.builder().agencyId("10a").clientId("c").signingKey(key).build());
        assertThrows(PanjerehConfigurationException.class,
                () -> AgencyCredentials.builder().agencyId("1010").clientId(" ").signingKey(key).build());
    }

    @Test
    void keyToolGeneratesAndPrintsTheJwks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path file = dir.resolve("new.pem");
        assertEquals(0, KeyTool.run(new String[] {"generate", "ec", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        SigningKey key = SigningKey.fromPem(file, null);
        out.reset();
        assertEquals(0, KeyTool.run(new String[] {"jwks", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        JWKSet printed = JWKSet.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(key.keyId(), printed.getKeys().get(0).getKeyID());
        assertFalse(printed.getKeys().get(0).isPrivate());
        assertEquals(1, KeyTool.run(new String[] {"generate", "ec", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), "never overwrites a key");

        // The JWKS of an agency that is also sent encrypted ID tokens: its signing key and two encryption keys.
        Path enc = dir.resolve("enc.pem");
        Path older = dir.resolve("enc-old.pem");
        assertEquals(0, KeyTool.run(new String[] {"generate", "ec", enc.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(0, KeyTool.run(new String[] {"generate", "rsa", older.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        out.reset();
        assertEquals(0, KeyTool.run(new String[] {"jwks", file.toString(), "--encryption-key", enc.toString(),
                "--encryption-key", older.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        JWKSet three = JWKSet.parse(out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("sig", "enc", "enc"), three.getKeys().stream().map(k -> k.getKeyUse().identifier()).toList());
        assertEquals(List.of("ES256", "ECDH-ES+A256KW", "RSA-OAEP-256"),
                three.getKeys().stream().map(k -> k.getAlgorithm().getName()).toList());
        assertEquals(EncryptionKey.load(enc, null).keyId(), three.getKeys().get(1).getKeyID());
        assertTrue(three.getKeys().stream().noneMatch(JWK::isPrivate));
        assertEquals(2, KeyTool.run(new String[] {"jwks", file.toString(), "--encryption-key"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(2, KeyTool.run(new String[] {"frobnicate"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertNotNull(err.toString(StandardCharsets.UTF_8));
    }
}
