package org.panjereh.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.panjereh.core.internal.KeyFiles;

/**
 * An agency's private signing key: EC P-256 (signs ES256) or RSA of at least 2048 bits (signs PS256),
 * the only algorithms the contract allows.
 *
 * <p>Load it from a file or keystore, never from source: {@link #fromPem(Path, char[])},
 * {@link #fromPkcs12(Path, char[], String)}, {@link #fromJwk(Path)}. {@link #toString()} shows the
 * key id and algorithm only; the private part is never printed or logged.
 */
public final class SigningKey {

    private final JWK jwk;
    private final JWSAlgorithm algorithm;
    private volatile JWSSigner signer; // made on first use (signer())

    private SigningKey(JWK jwk, JWSAlgorithm algorithm) {
        this.jwk = jwk;
        this.algorithm = algorithm;
    }

    /**
     * Wraps a private JWK after checking that it is strong enough; gives it a key id (its RFC 7638
     * thumbprint) when it has none.
     *
     * @param jwk a private EC P-256 or RSA ≥ 2048 key
     * @return the signing key
     * @throws PanjerehConfigurationException if the key is public only, of another type, or too weak
     */
    public static SigningKey of(JWK jwk) {
        if (jwk == null || !jwk.isPrivate()) {
            throw new PanjerehConfigurationException("The agency signing key must be a private key");
        }
        try {
            JWSAlgorithm alg;
            JWK withKid;
            if (jwk instanceof ECKey ec) {
                if (!Curve.P_256.equals(ec.getCurve())) {
                    throw new PanjerehConfigurationException("EC signing keys must use curve P-256, got " + ec.getCurve());
                }
                alg = JWSAlgorithm.ES256;
                withKid = new ECKey.Builder(ec).keyUse(KeyUse.SIGNATURE).algorithm(alg)
                        .keyID(ec.getKeyID() != null ? ec.getKeyID() : ec.computeThumbprint().toString()).build();
            } else if (jwk instanceof RSAKey rsa) {
                if (rsa.size() < 2048) {
                    throw new PanjerehConfigurationException("RSA signing keys must have at least 2048 bits, got " + rsa.size());
                }
                alg = JWSAlgorithm.PS256;
                withKid = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).algorithm(alg)
                        .keyID(rsa.getKeyID() != null ? rsa.getKeyID() : rsa.computeThumbprint().toString()).build();
            } else {
                throw new PanjerehConfigurationException("Signing keys must be EC P-256 or RSA, got " + jwk.getKeyType());
            }
            return new SigningKey(withKid, alg);
        } catch (JOSEException e) {
            throw new PanjerehConfigurationException("Cannot compute the key's thumbprint", e);
        }
    }

    /**
     * Loads a PEM file: PKCS#8 ({@code PRIVATE KEY} or {@code ENCRYPTED PRIVATE KEY}), or traditional
     * {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY}.
     *
     * @param pemFile  the file
     * @param password the password of an encrypted key, or {@code null}
     * @return the key
     * @throws PanjerehConfigurationException if the file cannot be read or holds no usable key
     */
    public static SigningKey fromPem(Path pemFile, char[] password) {
        return of(KeyFiles.readPem(pemFile, password));
    }

    /**
     * Loads a key entry from a PKCS#12 keystore.
     *
     * @param p12File  the keystore
     * @param password its password
     * @param alias    entry alias, or {@code null} for the only key entry
     * @return the key
     */
    public static SigningKey fromPkcs12(Path p12File, char[] password, String alias) {
        return of(KeyFiles.readPkcs12(p12File, password, alias));
    }

    /**
     * Loads a private JWK, or a JWK set holding exactly one private key.
     *
     * @param jwkFile the JSON file
     * @return the key
     */
    public static SigningKey fromJwk(Path jwkFile) {
        return of(KeyFiles.readJwk(jwkFile));
    }

    /**
     * Loads a key by file name: {@code .p12}/{@code .pfx} as PKCS#12, {@code .json}/{@code .jwk} as JWK,
     * anything else as PEM.
     *
     * @param file     key file
     * @param password password, or {@code null}
     * @return the key
     */
    public static SigningKey load(Path file, char[] password) {
        return of(KeyFiles.read(file, password));
    }

    /** Key id ({@code kid}) announced in every JWS header. */
    public String keyId() {
        return jwk.getKeyID();
    }

    /** ES256 for EC keys, PS256 for RSA keys. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** The private key as a JCA object, for libraries that need one. */
    public PrivateKey privateKey() {
        try {
            return jwk instanceof ECKey ec ? ec.toPrivateKey() : ((RSAKey) jwk).toPrivateKey();
        } catch (JOSEException e) {
            throw new PanjerehConfigurationException("Cannot convert the signing key", e);
        }
    }

    /**
     * A Nimbus signer for this key, made once and safe to share between threads. P-256 keys sign on Bouncy Castle's
     * lightweight API with the curve's tables kept (several times the JDK provider's speed, docs/BENCHMARKS.md); RSA
     * keys through Nimbus on the JDK.
     */
    public JWSSigner signer() {
        JWSSigner s = signer;
        if (s == null) {
            try {
                s = jwk instanceof ECKey ec && com.nimbusds.jose.jwk.Curve.P_256.equals(ec.getCurve())
                        && JWSAlgorithm.ES256.equals(algorithm)
                        ? org.panjereh.core.shared.Es256.signer(ec.toECPrivateKey())
                        : new DefaultJWSSignerFactory().createJWSSigner(jwk, algorithm);
            } catch (JOSEException e) {
                throw new PanjerehConfigurationException("Cannot create a signer for the agency key", e);
            }
            signer = s;
        }
        return s;
    }

    /** The private JWK. Handle with care; never log it. */
    public JWK privateJwk() {
        return jwk;
    }

    /** The public half, with {@code kid}, {@code use} and {@code alg}. */
    public JWK publicJwk() {
        return jwk.toPublicJWK();
    }

    /** The JWKS document to register with the platform, public keys only. */
    public String publicJwksJson() {
        return new JWKSet(publicJwk()).toString(true);
    }

    /** Key id and algorithm only: {@code SigningKey[kid=…, alg=ES256]}. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + keyId() + ", alg=" + algorithm + "]";
    }
}
