package org.panjereh.core.shared;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ES256 (ECDSA on P-256 with SHA-256, RFC 7518 §3.4) as Nimbus signers and verifiers on Bouncy Castle's
 * lightweight API, with one set of domain parameters for the whole JVM. Through the JCA, even on Bouncy Castle's
 * provider, every signature rebuilt the curve from the key's JDK parameter spec, so the fixed-point table for the
 * generator was computed again for every signature and most of each verification's work was redone
 * (docs/BENCHMARKS.md: JFR of the apply run); here the generator's table is computed once, and a kept verifier keeps
 * its key's point and that point's table. Signatures use RFC 6979 deterministic nonces.
 */
public final class Es256 {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters P256 = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(),
            CURVE.getH(), CURVE.getSeed());
    private static final Set<JWSAlgorithm> ES256 = Set.of(JWSAlgorithm.ES256);

    private Es256() {
    }

    /**
     * @param key a P-256 public key
     * @return whether {@link #verifier(ECPublicKey)} takes it
     */
    public static boolean isP256(java.security.PublicKey key) {
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                && ec.getParams().getOrder().equals(P256.getN());
    }

    /**
     * @param key a P-256 private key (any provider's)
     * @return a signer for ES256
     */
    public static JWSSigner signer(ECPrivateKey key) {
        return new Signer(new ECPrivateKeyParameters(key.getS(), P256));
    }

    /**
     * @param key a P-256 public key (any provider's); its point is checked to be on the curve
     * @return a verifier for ES256; keep it to keep the key's precomputed table
     * @throws IllegalArgumentException if the point is not on P-256
     */
    public static JWSVerifier verifier(ECPublicKey key) {
        ECPoint q = P256.getCurve().validatePoint(key.getW().getAffineX(), key.getW().getAffineY());
        return new Verifier(new ECPublicKeyParameters(q, P256));
    }

    private static byte[] sha256(byte[] in) {
        SHA256Digest d = new SHA256Digest();
        d.update(in, 0, in.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private abstract static class Es256Provider {
        private final JCAContext jca = new JCAContext();

        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ES256;
        }

        public JCAContext getJCAContext() {
            return jca;
        }

        static void checkAlgorithm(JWSHeader header) throws JOSEException {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                throw new JOSEException("Unsupported JWS algorithm " + header.getAlgorithm() + ", must be ES256");
            }
        }
    }

    private static final class Signer extends Es256Provider implements JWSSigner {
        private final ECPrivateKeyParameters key;

        Signer(ECPrivateKeyParameters key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            checkAlgorithm(header);
            ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            s.init(true, key);
            BigInteger[] rs = s.generateSignature(sha256(signingInput));
            byte[] out = new byte[64];
            put(rs[0], out, 0);
            put(rs[1], out, 32);
            return Base64URL.encode(out);
        }

        private static void put(BigInteger v, byte[] out, int offset) {
            byte[] b = v.toByteArray(); // big-endian, maybe with a leading zero byte, maybe shorter than 32
            int len = Math.min(b.length, 32);
            System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
        }
    }

    private static final class Verifier extends Es256Provider implements JWSVerifier {
        private final ECPublicKeyParameters key;

        Verifier(ECPublicKeyParameters key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            checkAlgorithm(header);
            byte[] rs = signature.decode();
            if (rs.length != 64) {
                return false; // JOSE signatures are R || S, 32 bytes each; DER or truncated forms are refused
            }
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, 32));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
            ECDSASigner v = new ECDSASigner();
            v.init(false, key);
            // Bouncy Castle refuses r or s outside [1, n-1] (no "psychic signatures", CVE-2022-21449).
            return v.verifySignature(sha256(signingInput), r, s);
        }
    }
}
