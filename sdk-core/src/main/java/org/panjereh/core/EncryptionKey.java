package org.panjereh.core;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Path;
import org.panjereh.core.internal.KeyFiles;

/**
 * An agency's private key for what the platform encrypts to it (ID tokens, userinfo): EC P-256 for
 * {@code ECDH-ES+A256KW} or RSA of at least 2048 bits for {@code RSA-OAEP-256}, content always {@code A256GCM}. Its
 * public half ({@code use: enc}) is published in the agency's JWKS beside the signing key; during a rotation the
 * agency holds two, and the platform encrypts to either.
 *
 * <p>Load it from a file, never from source ({@link #load(Path, char[])}); {@link #toString()} shows the key id and
 * algorithm only.
 */
public final class EncryptionKey {

    /** The only content encryption accepted. */
    public static final EncryptionMethod CONTENT_ENCRYPTION = EncryptionMethod.A256GCM;

    private final JWK jwk;
    private final JWEAlgorithm algorithm;

    private EncryptionKey(JWK jwk, JWEAlgorithm algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
    }

    /**
     * Wraps a private JWK after checking it; gives it a key id (its RFC 7638 thumbprint) when it has none.
     *
     * @param jwk a private EC P-256 or RSA ≥ 2048 key
     * @return the encryption key
     * @throws PanjerehConfigurationException if the key is public only, of another type, or too weak
     */
    public static EncryptionKey of(JWK jwk) {
        if (jwk == null || !jwk.isPrivate()) {
            throw new PanjerehConfigurationException("The agency encryption key must be a private key");
        }
        try {
            if (jwk instanceof ECKey ec) {
                if (!Curve.P_256.equals(ec.getCurve())) {
                    throw new PanjerehConfigurationException("EC encryption keys must use curve P-256, got " + ec.getCurve());
                }
                return new EncryptionKey(new ECKey.Builder(ec).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.ECDH_ES_A256KW)
                        .keyID(ec.getKeyID() != null ? ec.getKeyID() : ec.computeThumbprint().toString()).build(),
                        JWEAlgorithm.ECDH_ES_A256KW);
            }
            if (jwk instanceof RSAKey rsa) {
                if (rsa.size() < 2048) {
                    throw new PanjerehConfigurationException("RSA encryption keys must have at least 2048 bits, got " + rsa.size());
                }
                return new EncryptionKey(new RSAKey.Builder(rsa).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP_256)
                        .keyID(rsa.getKeyID() != null ? rsa.getKeyID() : rsa.computeThumbprint().toString()).build(),
                        JWEAlgorithm.RSA_OAEP_256);
            }
            throw new PanjerehConfigurationException("Encryption keys must be EC P-256 or RSA, got " + jwk.getKeyType());
        } catch (JOSEException e) {
            throw new PanjerehConfigurationException("Cannot compute the key's thumbprint", e);
        }
    }

    /**
     * Loads a key by file name, as {@link SigningKey#load(Path, char[])} does: {@code .p12}/{@code .pfx}, {@code .json}/
     * {@code .jwk}, or PEM.
     *
     * @param file     key file
     * @param password password, or {@code null}
     * @return the key
     */
    public static EncryptionKey load(Path file, char[] password) {
        return of(KeyFiles.read(file, password));
    }

    /** @return the key id the platform names in the JWE header */
    public String keyId() {
        return jwk.getKeyID();
    }

    /** @return the key management algorithm: {@code ECDH-ES+A256KW} or {@code RSA-OAEP-256} */
    public JWEAlgorithm algorithm() {
        return algorithm;
    }

    /** @return the public half, with {@code kid}, {@code use: enc} and {@code alg}, for the agency's JWKS */
    public JWK publicJwk() {
        return jwk.toPublicJWK();
    }

    /** @return the private JWK (for storing the key; never logged) */
    public JWK privateJwk() {
        return jwk;
    }

    /**
     * @return a decrypter for this key
     * @throws PanjerehConfigurationException if the key cannot be used
     */
    public JWEDecrypter decrypter() {
        try {
            return jwk instanceof ECKey ec ? new ECDHDecrypter(ec) : new RSADecrypter((RSAKey) jwk);
        } catch (JOSEException e) {
            throw new PanjerehConfigurationException("The encryption key cannot decrypt", e);
        }
    }

    @Override
    public String toString() {
        return "EncryptionKey[kid=" + keyId() + ", alg=" + algorithm + "]";
    }
}
