package org.panjereh.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.panjereh.core.PanjerehConfigurationException;
import org.panjereh.core.SigningKey;

/**
 * The agency's document-signing key and its X.509 certificate chain (the agency's certificate first, up to, and
 * optionally including, the root). The key is loaded as {@link SigningKey} loads agency keys (PEM, PKCS#12, JWK);
 * the chain from a PEM file. The certificate must be for that key.
 *
 * @param key   the private key
 * @param chain the certificate chain, signer first
 */
public record SigningCertificate(SigningKey key, List<X509Certificate> chain) {

    /** Checks that the first certificate is for the key. */
    public SigningCertificate {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new PanjerehConfigurationException("A signing certificate chain needs at least the agency's certificate");
        }
        try {
            java.security.PublicKey mine = ((com.nimbusds.jose.jwk.AsymmetricJWK) key.publicJwk()).toPublicKey();
            if (!java.util.Arrays.equals(mine.getEncoded(), chain.get(0).getPublicKey().getEncoded())) {
                throw new PanjerehConfigurationException("The first certificate of the chain is not for the signing key");
            }
        } catch (com.nimbusds.jose.JOSEException | ClassCastException e) {
            throw new PanjerehConfigurationException("The signing key's public half cannot be read: " + e.getMessage());
        }
    }

    /**
     * @param key       the key
     * @param chainFile PEM with the certificates, signer first
     * @return the signing certificate
     */
    public static SigningCertificate of(SigningKey key, Path chainFile) {
        try (InputStream in = Files.newInputStream(chainFile)) {
            return new SigningCertificate(key, readCertificates(in));
        } catch (IOException e) {
            throw new PanjerehConfigurationException("Cannot read the certificate chain " + chainFile + ": " + e.getMessage());
        }
    }

    /**
     * @param in PEM or DER certificates
     * @return them, in order
     */
    public static List<X509Certificate> readCertificates(InputStream in) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new PanjerehConfigurationException("Not X.509 certificates: " + e.getMessage());
        }
    }
}
