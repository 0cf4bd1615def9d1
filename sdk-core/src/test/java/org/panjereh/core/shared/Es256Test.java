package org.panjereh.core.shared;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ES256 on Bouncy Castle's lightweight API agrees with Nimbus on the JDK both ways, and refuses what it must. */
class Es256Test {

    private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);
    private static final BigInteger N = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    @Test
    void itsSignaturesVerifyOnTheJdkAndTheJdksOnIt() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        for (int i = 0; i < 50; i++) { // short r or s (leading zero bytes) come up among fifty
            SignedJWT mine = new SignedJWT(ES256, new JWTClaimsSet.Builder().subject("s" + i).build());
            mine.sign(Es256.signer(key.toECPrivateKey()));
            assertTrue(mine.verify(new ECDSAVerifier(key)), "Bouncy Castle's signature on the JDK");
            SignedJWT theirs = new SignedJWT(ES256, new JWTClaimsSet.Builder().subject("t" + i).build());
            theirs.sign(new ECDSASigner(key));
            assertTrue(theirs.verify(Es256.verifier(key.toECPublicKey())), "the JDK's signature on Bouncy Castle");
        }
    }

    @Test
    void tamperedForeignMalformedAndOutOfRangeSignaturesAreRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        JWSVerifier v = Es256.verifier(key.toECPublicKey());
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        Base64URL sig = Es256.signer(key.toECPrivateKey()).sign(ES256, input);
        assertTrue(v.verify(ES256, input, sig));
        assertFalse(v.verify(ES256, "header.payloaD".getBytes(StandardCharsets.US_ASCII), sig), "another input");
        byte[] flipped = sig.decode();
        flipped[40] ^= 1;
        assertFalse(v.verify(ES256, input, Base64URL.encode(flipped)), "a bit flipped");
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        assertFalse(Es256.verifier(other.toECPublicKey()).verify(ES256, input, sig), "another key");
        assertFalse(v.verify(ES256, input, Base64URL.encode(Arrays.copyOf(sig.decode(), 63))), "too short");
        assertFalse(v.verify(ES256, input, Base64URL.encode(new byte[64])), "r = s = 0 (CVE-2022-21449)");
        byte[] rn = new byte[64];
        byte[] n = N.toByteArray();
        System.arraycopy(n, n.length - 32, rn, 0, 32);
        System.arraycopy(n, n.length - 32, rn, 32, 32);
        assertFalse(v.verify(ES256, input, Base64URL.encode(rn)), "r = s = n");
        assertThrows(JOSEException.class, () -> v.verify(new JWSHeader(JWSAlgorithm.ES384), input, sig), "another algorithm");
    }

    @Test
    void aPointOffTheCurveOrAnotherCurveIsNotTaken() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        assertFalse(Es256.isP256(p384.toECPublicKey()));
        assertTrue(Es256.isP256(new ECKeyGenerator(Curve.P_256).generate().toECPublicKey()));
        java.security.interfaces.ECPublicKey good = new ECKeyGenerator(Curve.P_256).generate().toECPublicKey();
        java.security.interfaces.ECPublicKey offCurve = new java.security.interfaces.ECPublicKey() {
            public java.security.spec.ECPoint getW() {
                return new java.security.spec.ECPoint(good.getW().getAffineX(), good.getW().getAffineY().add(BigInteger.ONE));
            }

            public java.security.spec.ECParameterSpec getParams() {
                return good.getParams();
            }

            public String getAlgorithm() {
                return "EC";
            }

            public String getFormat() {
                return null;
            }

            public byte[] getEncoded() {
                return null;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> Es256.verifier(offCurve));
    }
}
