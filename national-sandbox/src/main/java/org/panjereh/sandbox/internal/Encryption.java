package org.panjereh.sandbox.internal;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.EncryptedJWT;
import java.text.ParseException;

/** Signed tokens encrypted to an agency's key: ECDH-ES+A256KW for EC P-256, RSA-OAEP-256 for RSA, content A256GCM. */
final class Encryption {

    private Encryption() {
    }

    /**
     * @param signedJwt the signed token, serialized
     * @param key       the agency's public encryption key
     * @return the nested JWT (OIDC Core 10.2: {@code cty: JWT})
     */
    static EncryptedJWT encrypt(String signedJwt, JWK key) {
        try {
            boolean ec = key instanceof ECKey;
            JWEHeader header = new JWEHeader.Builder(ec ? JWEAlgorithm.ECDH_ES_A256KW : JWEAlgorithm.RSA_OAEP_256,
                    EncryptionMethod.A256GCM).keyID(key.getKeyID()).contentType("JWT").build();
            JWEObject jwe = new JWEObject(header, new Payload(signedJwt));
            jwe.encrypt(ec ? new ECDHEncrypter((ECKey) key) : new RSAEncrypter((RSAKey) key));
            return EncryptedJWT.parse(jwe.serialize());
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("Cannot encrypt to the agency's key " + key.getKeyID(), e);
        }
    }
}
