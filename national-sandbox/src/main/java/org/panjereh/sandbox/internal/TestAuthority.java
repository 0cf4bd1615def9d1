package org.panjereh.sandbox.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * The sandbox's test certificate authority and time-stamp authority, so that signed documents (contract section 11)
 * can be tested end to end without anything outside the machine: a root (published at {@code /ca/root.pem}) that
 * issues agencies' document-signing certificates, and an RFC 3161 time-stamp service at {@code /tsa}. Keys and the
 * root are kept in the sandbox's store, so a restarted sandbox keeps the same root.
 */
final class TestAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sandbox sandbox;
    private final KeyPair rootKeys;
    private final X509Certificate root;
    private final KeyPair tsaKeys;
    private final X509Certificate tsa;

    TestAuthority(Sandbox sandbox) {
        this.sandbox = sandbox;
        Map<String, String> stored = sandbox.store.map("authority");
        try {
            if (stored.containsKey("rootKey")) {
                rootKeys = keyPair(stored.get("rootKey"), stored.get("root"));
                root = certificate(stored.get("root"));
                tsaKeys = keyPair(stored.get("tsaKey"), stored.get("tsa"));
                tsa = certificate(stored.get("tsa"));
            } else {
                rootKeys = newKeys();
                X500Name rootName = name("Panjereh Sandbox Root CA");
                root = build(rootName, rootKeys.getPublic(), rootName, rootKeys.getPrivate(), true, null, Duration.ofDays(3650));
                tsaKeys = newKeys();
                tsa = build(name("Panjereh Sandbox TSA"), tsaKeys.getPublic(), rootName, rootKeys.getPrivate(), false,
                        KeyPurposeId.id_kp_timeStamping, Duration.ofDays(1825));
                stored.put("rootKey", Base64.getEncoder().encodeToString(rootKeys.getPrivate().getEncoded()));
                stored.put("root", pem(root));
                stored.put("tsaKey", Base64.getEncoder().encodeToString(tsaKeys.getPrivate().getEncoded()));
                stored.put("tsa", pem(tsa));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set up the sandbox's certificate authority: " + e.getMessage(), e);
        }
    }

    void routes(Router r) {
        r.add("GET", "/ca/root.pem", "ca.root", c -> {
            c.header("Cache-Control", "max-age=3600");
            c.send(200, "application/x-pem-file", pem(root).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        });
        r.add("POST", "/admin/ca/certificates", "admin.ca", this::issueOverHttp);
        r.add("POST", "/tsa", "tsa", this::timeStamp);
    }

    X509Certificate root() {
        return root;
    }

    /** A document-signing certificate for an agency's public key: the chain, the agency's certificate first. */
    List<X509Certificate> issue(PublicKey key, String commonName) {
        try {
            X509Certificate cert = build(name(commonName), key, X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                    rootKeys.getPrivate(), false, null, Duration.ofDays(825));
            return List.of(cert, root);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot issue the certificate: " + e.getMessage(), e);
        }
    }

    private void issueOverHttp(Call call) throws Exception {
        var body = call.jsonObject();
        Validate.onlyMembers(body, java.util.Set.of("publicKeyPem", "commonName"), "admin");
        String cn = Validate.text(body, "commonName", 64, "admin");
        String keyPem = Validate.text(body, "publicKeyPem", 4000, "admin");
        PublicKey key;
        try (PEMParser p = new PEMParser(new StringReader(keyPem))) {
            Object o = p.readObject();
            key = new JcaPEMKeyConverter().getPublicKey((org.bouncycastle.asn1.x509.SubjectPublicKeyInfo) o);
        } catch (IOException | ClassCastException | NullPointerException e) {
            throw Problem.unprocessable("admin.invalid_public_key", "publicKeyPem must be a PEM PUBLIC KEY");
        }
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : issue(key, cn)) {
            chain.append(pem(c));
        }
        call.json(201, Map.of("chainPem", chain.toString(), "rootPem", pem(root)));
    }

    /** RFC 3161: a time-stamp query in, a time-stamp response out, signed by the sandbox's TSA certificate. */
    private void timeStamp(Call call) throws Exception {
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(call.body());
        } catch (IOException | IllegalArgumentException e) {
            throw Problem.badRequest("tsa.invalid_request", "The body must be a DER TimeStampReq (application/timestamp-query)");
        }
        TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withECDSA", tsaKeys.getPrivate(), tsa), new JcaDigestCalculatorProviderBuilder().build()
                .get(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256)),
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1.1"));
        tokens.addCertificates(new org.bouncycastle.cert.jcajce.JcaCertStore(List.of(tsa, root)));
        TimeStampResponseGenerator gen = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        TimeStampResponse response = gen.generate(request, new BigInteger(64, RANDOM), Date.from(sandbox.clock.instant()));
        sandbox.recorder.record("timestamp", sandbox.clock.instant(), null, Map.of("status", response.getStatus()));
        call.send(200, "application/timestamp-reply", response.getEncoded());
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "IR").addRDN(BCStyle.O, "Panjereh national sandbox")
                .addRDN(BCStyle.CN, cn).build();
    }

    private static KeyPair newKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate build(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey, boolean ca,
                                  KeyPurposeId purpose, Duration validity) throws Exception {
        Instant now = sandbox.clock.instant();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        if (purpose != null) {
            b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(purpose));
        }
        X509CertificateHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    static String pem(X509Certificate c) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(c);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static KeyPair keyPair(String pkcs8, String certPem) throws Exception {
        PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
        return new KeyPair(certificate(certPem).getPublicKey(), k);
    }
}
