package org.panjereh.sandbox;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An agency as registered with the platform: its id, OAuth client, redirect URIs, public keys (a
 * JWKS or a JWKS URL) and back-channel logout URI.
 *
 * @param agencyId               agency id, digits
 * @param clientId               OAuth client id
 * @param redirectUris           exact redirect URIs of the portal's login callback
 * @param jwks                   the agency's public keys, or {@code null} when {@code jwksUri} is given
 * @param jwksUri                where the agency publishes its keys, or {@code null}
 * @param backChannelLogoutUri   where logout tokens are POSTed, or {@code null}
 * @param clientSecret           the client secret for {@code client_secret_basic} (the live-like profile), or {@code null}
 */
public record AgencyRegistration(String agencyId, String clientId, List<URI> redirectUris, JWKSet jwks, URI jwksUri,
                                 URI backChannelLogoutUri, String clientSecret) {

    /** Checks the registration. */
    public AgencyRegistration {
        Objects.requireNonNull(agencyId, "agencyId");
        Objects.requireNonNull(clientId, "clientId");
        if (!agencyId.matches("[0-9]{1,11}")) {
            throw new IllegalArgumentException("agencyId must be 1-11 ASCII digits");
        }
        if (clientId.isBlank() || clientId.length() > 255) {
            throw new IllegalArgumentException("clientId must be 1-255 characters");
        }
        if ((jwks == null) == (jwksUri == null)) {
            throw new IllegalArgumentException("give exactly one of jwks and jwksUri");
        }
        if (jwks != null && jwks.getKeys().stream().anyMatch(k -> k.isPrivate())) {
            throw new IllegalArgumentException("register public keys only");
        }
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        jwks = jwks == null ? null : jwks.toPublicJWKSet();
        if (clientSecret != null && clientSecret.length() < 16) {
            throw new IllegalArgumentException("a client secret has at least 16 characters");
        }
    }

    /**
     * A registration without a client secret.
     *
     * @param agencyId             agency id
     * @param clientId             client id
     * @param redirectUris         redirect URIs
     * @param jwks                 public keys, or {@code null}
     * @param jwksUri              JWKS URL, or {@code null}
     * @param backChannelLogoutUri back-channel logout URI, or {@code null}
     */
    public AgencyRegistration(String agencyId, String clientId, List<URI> redirectUris, JWKSet jwks, URI jwksUri,
                              URI backChannelLogoutUri) {
        this(agencyId, clientId, redirectUris, jwks, jwksUri, backChannelLogoutUri, null);
    }

    /** The secret stays out of logs. */
    @Override
    public String toString() {
        return "AgencyRegistration[" + agencyId + ", " + clientId + ", redirects=" + redirectUris
                + (clientSecret == null ? "" : ", secret=hidden") + "]";
    }

    /**
     * A registration with inline public keys and no browser login.
     *
     * @param agencyId agency id
     * @param clientId client id
     * @param jwks     public keys
     * @return the registration
     */
    public static AgencyRegistration machine(String agencyId, String clientId, JWKSet jwks) {
        return new AgencyRegistration(agencyId, clientId, List.of(), jwks, null, null, null);
    }
}
