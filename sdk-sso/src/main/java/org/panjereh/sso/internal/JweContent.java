package org.panjereh.sso.internal;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import org.panjereh.core.EncryptionKey;
import org.panjereh.sso.LoginException;

/**
 * What the platform encrypts to the agency (OIDC Core 10.2: sign, then encrypt): opened only with one of the agency's
 * own keys, with the key's algorithm and {@code A256GCM}, and only around a signed token, which the caller then
 * verifies as if it had come unencrypted.
 */
public final class JweContent {

    private JweContent() {
    }

    /**
     * @param jwe  what arrived
     * @param keys the agency's encryption keys
     * @param what what it is, for messages ({@code ID token}, {@code userinfo})
     * @return the signed token inside
     * @throws LoginException {@code INVALID_ID_TOKEN} when no key of the agency's opens it, or it holds no signed token
     */
    public static SignedJWT decryptNested(EncryptedJWT jwe, List<EncryptionKey> keys, String what) {
        if (keys.isEmpty()) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "the " + what
                    + " is encrypted, but the agency has no encryption key (panjereh.agency.encryption-key-file)", null);
        }
        JWEHeader h = jwe.getHeader();
        if (!EncryptionKey.CONTENT_ENCRYPTION.equals(h.getEncryptionMethod())) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "the " + what + " is encrypted with "
                    + safe(h.getEncryptionMethod()) + ", not A256GCM", null);
        }
        for (EncryptionKey k : keys) {
            if (h.getKeyID() != null && !h.getKeyID().equals(k.keyId())) {
                continue;
            }
            if (!k.algorithm().equals(h.getAlgorithm())) {
                continue;
            }
            try {
                jwe.decrypt(k.decrypter());
            } catch (JOSEException | IllegalStateException e) {
                continue;
            }
            SignedJWT inner = jwe.getPayload().toSignedJWT();
            if (inner == null) {
                throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "the encrypted " + what
                        + " holds no signed token", null);
            }
            return inner;
        }
        throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "the " + what
                + " is encrypted to a key the agency does not hold", null);
    }

    private static String safe(EncryptionMethod m) {
        return m == null ? "nothing" : m.getName().replaceAll("[^A-Za-z0-9+-]", "");
    }
}
