package org.panjereh.sandbox.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's signing keys. Rotation makes a new current key and keeps the previous one published
 * so that tokens it signed still verify. A "wrong key" is never published: signing with it simulates
 * a forged answer.
 */
final class Keys {

    private volatile ECKey current;
    private volatile List<ECKey> published;
    private final ECKey wrong;
    private int generation;

    private final Map<String, String> stored;

    Keys(Store store) {
        stored = store.map("keys");
        String saved = stored.get("published");
        if (saved != null) {
            try {
                List<ECKey> l = new ArrayList<>();
                for (JWK k : JWKSet.parse(saved).getKeys()) {
                    l.add((ECKey) k);
                }
                published = List.copyOf(l);
                current = l.get(0);
                generation = l.size();
            } catch (java.text.ParseException | RuntimeException e) {
                throw new IllegalStateException("Stored signing keys are unreadable", e);
            }
        } else {
            current = newKey();
            published = List.of(current);
            save();
        }
        wrong = newKey();
    }

    private void save() {
        stored.put("published", new JWKSet(new ArrayList<JWK>(published)).toString(false));
    }

    private synchronized ECKey newKey() {
        try {
            generation++;
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("sandbox-" + generation + "-" + Long.toHexString(System.nanoTime() & 0xffffff)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized void rotate() {
        ECKey next = newKey();
        List<ECKey> keep = new ArrayList<>();
        keep.add(next);
        keep.add(current);
        current = next;
        published = List.copyOf(keep);
        save();
    }

    ECKey current() {
        return current;
    }

    List<ECKey> published() {
        return published;
    }

    JWKSet publicJwks() {
        List<JWK> l = new ArrayList<>();
        for (ECKey k : published) {
            l.add(k.toPublicJWK());
        }
        return new JWKSet(l);
    }

    private final java.util.Map<String, com.nimbusds.jose.JWSSigner> signers = new java.util.concurrent.ConcurrentHashMap<>();

    /** A signer per key, on Bouncy Castle's lightweight API with the curve's tables kept: signing is most of a token's cost. */
    private com.nimbusds.jose.JWSSigner signer(ECKey k) {
        return signers.computeIfAbsent(k.getKeyID() + (k == wrong ? "/wrong" : ""), id -> {
            try {
                return org.panjereh.core.shared.Es256.signer(k.toECPrivateKey());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Signs claims as a JWT with the current key, or with the unpublished wrong key. */
    String sign(JWTClaimsSet claims, JOSEObjectType type, boolean wrongKey) {
        ECKey k = wrongKey ? wrong : current;
        // A forged token claims the kid of the real key, as an attacker would.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.getKeyID()).type(type).build(),
                claims);
        try {
            jwt.sign(signer(k));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A JWS with detached payload (RFC 7515 appendix F) over exact bytes. */
    String signDetached(byte[] payload, boolean wrongKey) {
        ECKey k = wrongKey ? wrong : current;
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.getKeyID()).build(),
                new Payload(payload));
        try {
            jws.sign(signer(k));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize(true);
    }

    /** Whether a JWT was signed by one of the published keys. */
    private final java.util.Map<String, java.security.interfaces.ECPublicKey> publicKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    private java.security.interfaces.ECPublicKey publicKey(ECKey k) {
        return publicKeys.computeIfAbsent(k.getKeyID(), id -> {
            try {
                return k.toECPublicKey();
            } catch (JOSEException e) {
                throw new IllegalStateException("A published key has no public half", e);
            }
        });
    }

    boolean verify(SignedJWT jwt) {
        for (ECKey k : published) {
            if (k.getKeyID().equals(jwt.getHeader().getKeyID())) {
                try {
                    // On Bouncy Castle, the key converted once: every API call's token and citizen token comes here.
                    return jwt.verify(org.panjereh.core.shared.FastJwsVerifiers.INSTANCE.createJWSVerifier(jwt.getHeader(),
                            publicKey(k)));
                } catch (JOSEException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
