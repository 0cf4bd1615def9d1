package org.panjereh.sandbox.internal;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import org.panjereh.sandbox.AgencyRegistration;

/** A registered agency with a key source for its client assertions. */
final class Agency {

    final AgencyRegistration registration;
    final JWKSource<SecurityContext> keys;

    Agency(AgencyRegistration r) {
        this.registration = r;
        if (r.jwks() != null) {
            this.keys = (selector, ctx) -> selector.select(r.jwks());
        } else {
            try {
                this.keys = JWKSourceBuilder.<SecurityContext>create(r.jwksUri().toURL()).build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("jwksUri is not a URL", e);
            }
        }
    }

    /**
     * The key the agency registered for encryption ({@code use: enc}), if any: ID tokens (and, in the FAPI 2.0
     * profile, userinfo) are encrypted to it. The first such key of the JWKS is the newest by convention.
     */
    java.util.Optional<com.nimbusds.jose.jwk.JWK> encryptionKey() {
        try {
            return keys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder()
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build()), null).stream().findFirst();
        } catch (com.nimbusds.jose.KeySourceException e) {
            return java.util.Optional.empty();
        }
    }

    String id() {
        return registration.agencyId();
    }

    String clientId() {
        return registration.clientId();
    }

    String source() {
        return "urn:ir:agency:" + registration.agencyId();
    }
}
