package org.panjereh.core.internal;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.panjereh.core.PanjerehConfigurationException;

/** Reads private keys from PEM, PKCS#12 and JWK files with Bouncy Castle. Never logs key material. */
public final class KeyFiles {

    /**
     * One provider instance, not registered globally: we do not change the JVM's security setup.
     *
     * @return Bouncy Castle's provider, made at the first call: setting it up loads some 400 classes and
     *         allocates about 20 MB, which an application that signs with JWK files and ES256 never needs
     */
    public static BouncyCastleProvider bc() {
        return BcHolder.BC;
    }

    private static final class BcHolder {
        static final BouncyCastleProvider BC = new BouncyCastleProvider();
    }

    private static final long MAX_KEY_FILE = 1 << 20;

    private KeyFiles() {
    }

    /**
     * The same public key as a Bouncy Castle key object. A key Bouncy Castle built itself runs on its own
     * P-256 arithmetic (SecP256R1) and is converted once; a JDK key is converted again at every
     * verification, which makes an ES256 check about 2.5 times slower (docs/BENCHMARKS.md).
     *
     * @param key a public key from the JDK's providers (say, {@code ECKey.toPublicKey()})
     * @return the Bouncy Castle equivalent
     * @throws java.security.GeneralSecurityException if Bouncy Castle cannot read it
     */
    public static java.security.PublicKey bouncyCastle(java.security.PublicKey key) throws java.security.GeneralSecurityException {
        return java.security.KeyFactory.getInstance(key.getAlgorithm(), bc())
                .generatePublic(new java.security.spec.X509EncodedKeySpec(key.getEncoded()));
    }

    private static void checkSize(Path file) throws IOException {
        if (Files.size(file) > MAX_KEY_FILE) {
            throw new PanjerehConfigurationException("Key file " + file.getFileName() + " is larger than 1 MiB");
        }
    }

    /**
     * Reads a private key by file name: {@code .p12}/{@code .pfx} as PKCS#12 (its only key entry), {@code .json}/
     * {@code .jwk} as JWK, anything else as PEM.
     *
     * @param file     key file
     * @param password password, or {@code null}
     * @return the key
     */
    public static JWK read(Path file, char[] password) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return readPkcs12(file, password, null);
        }
        if (name.endsWith(".json") || name.endsWith(".jwk")) {
            return readJwk(file);
        }
        return readPem(file, password);
    }

    /** Reads the first private key of a PEM file. */
    public static JWK readPem(Path file, char[] password) {
        try {
            checkSize(file);
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                 PEMParser parser = new PEMParser(r)) {
                JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(bc());
                Object o;
                while ((o = parser.readObject()) != null) {
                    PrivateKey key = null;
                    if (o instanceof PEMKeyPair kp) {
                        key = conv.getKeyPair(kp).getPrivate();
                    } else if (o instanceof PEMEncryptedKeyPair ekp) {
                        requirePassword(password, file);
                        key = conv.getKeyPair(ekp.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(bc())
                                .build(password))).getPrivate();
                    } else if (o instanceof PrivateKeyInfo pki) {
                        key = conv.getPrivateKey(pki);
                    } else if (o instanceof PKCS8EncryptedPrivateKeyInfo epki) {
                        requirePassword(password, file);
                        key = conv.getPrivateKey(epki.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc()).build(password)));
                    }
                    if (key != null) {
                        return toJwk(key);
                    }
                }
            }
            throw new PanjerehConfigurationException("No private key found in PEM file " + file.getFileName());
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new PanjerehConfigurationException("Cannot read PEM key file " + file.getFileName()
                    + " (wrong password or damaged file?)", e);
        } catch (IllegalArgumentException e) {
            throw new PanjerehConfigurationException("Cannot read PEM key file " + file.getFileName(), e);
        }
    }

    private static void requirePassword(char[] password, Path file) {
        if (password == null) {
            throw new PanjerehConfigurationException("PEM key file " + file.getFileName() + " is encrypted: give its password");
        }
    }

    /** Reads a key entry of a PKCS#12 store. */
    public static JWK readPkcs12(Path file, char[] password, String alias) {
        try {
            checkSize(file);
            KeyStore ks = KeyStore.getInstance("PKCS12", bc());
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password);
            }
            String chosen = alias;
            if (chosen == null) {
                List<String> keys = Collections.list(ks.aliases()).stream().filter(a -> {
                    try {
                        return ks.isKeyEntry(a);
                    } catch (GeneralSecurityException e) {
                        return false;
                    }
                }).toList();
                if (keys.size() != 1) {
                    throw new PanjerehConfigurationException("Keystore " + file.getFileName() + " has " + keys.size()
                            + " key entries: name the alias to use");
                }
                chosen = keys.get(0);
            }
            Key key = ks.getKey(chosen, password);
            if (!(key instanceof PrivateKey pk)) {
                throw new PanjerehConfigurationException("Keystore entry '" + chosen + "' holds no private key");
            }
            return toJwk(pk);
        } catch (IOException | GeneralSecurityException e) {
            throw new PanjerehConfigurationException("Cannot read keystore " + file.getFileName()
                    + " (wrong password or damaged file?)", e);
        }
    }

    /** Reads a private JWK or a JWK set with exactly one private key. */
    public static JWK readJwk(Path file) {
        try {
            checkSize(file);
            String json = Files.readString(file, StandardCharsets.UTF_8);
            if (json.contains("\"keys\"")) {
                List<JWK> priv = JWKSet.parse(json).getKeys().stream().filter(JWK::isPrivate).toList();
                if (priv.size() != 1) {
                    throw new PanjerehConfigurationException("JWK set " + file.getFileName() + " has " + priv.size()
                            + " private keys; exactly one is expected");
                }
                return priv.get(0);
            }
            return JWK.parse(json);
        } catch (IOException | java.text.ParseException e) {
            throw new PanjerehConfigurationException("Cannot read JWK file " + file.getFileName(), e);
        }
    }

    /** Converts a JCA private key to a private JWK, deriving the public half. */
    public static JWK toJwk(PrivateKey key) {
        try {
            if (key instanceof ECPrivateKey ec) {
                ECPublicKey pub = ecPublic(ec);
                return new ECKey.Builder(com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams()), pub)
                        .privateKey(ec).build();
            }
            if (key instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new RSAKey.Builder(pub).privateKey(rsa).build();
            }
        } catch (GeneralSecurityException e) {
            throw new PanjerehConfigurationException("Cannot derive the public key", e);
        }
        throw new PanjerehConfigurationException("Unsupported key type " + key.getAlgorithm()
                + ": use EC P-256 or RSA (with CRT parameters)");
    }

    /** Q = d·G, computed with Bouncy Castle's curve arithmetic: a PKCS#8 EC key need not carry Q. */
    private static ECPublicKey ecPublic(ECPrivateKey priv) throws GeneralSecurityException {
        if (com.nimbusds.jose.jwk.Curve.forECParameterSpec(priv.getParams()) == null) {
            throw new PanjerehConfigurationException("Unsupported EC curve: use P-256");
        }
        ECCurve curve = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertCurve(priv.getParams().getCurve());
        org.bouncycastle.math.ec.ECPoint g = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util
                .convertPoint(curve, priv.getParams().getGenerator());
        org.bouncycastle.math.ec.ECPoint q = g.multiply(priv.getS()).normalize();
        BigInteger x = q.getAffineXCoord().toBigInteger();
        BigInteger y = q.getAffineYCoord().toBigInteger();
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), priv.getParams()));
    }
}
