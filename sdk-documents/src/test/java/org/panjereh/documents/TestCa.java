package org.panjereh.documents;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.panjereh.core.SigningKey;

/** A certificate authority for tests: a root, and agency signing certificates under it. */
final class TestCa {

    final KeyPair rootKeys;
    final X509Certificate root;

    TestCa(String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        rootKeys = g.generateKeyPair();
        root = certificate(new X500Name("CN=" + name + ", O=Test, C=IR"), rootKeys.getPublic(),
                new X500Name("CN=" + name + ", O=Test, C=IR"), rootKeys, true);
    }

    /** A new agency key with its certificate from this CA. */
    SigningCertificate agency(String cn) throws Exception {
        ECKey jwk = new ECKeyGenerator(Curve.P_256).keyID("documents").generate();
        SigningKey key = SigningKey.of(jwk);
        X509Certificate cert = certificate(new X500Name("CN=" + cn + ", O=Agency 1010, C=IR"), jwk.toECPublicKey(),
                org.bouncycastle.asn1.x500.X500Name.getInstance(root.getSubjectX500Principal().getEncoded()), rootKeys, false);
        return new SigningCertificate(key, List.of(cert, root));
    }

    private static X509Certificate certificate(X500Name subject, PublicKey key, X500Name issuer, KeyPair issuerKeys,
                                               boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuerKeys.getPrivate())));
    }
}
